export * from './personal-data.service';
export * from './personal-data.module';
export {
  PERSONAL_FIELDS,
  PERSONAL_FIELD_LABELS,
  isPersonalField,
  type PersonalField,
} from '../auth/permissions';
