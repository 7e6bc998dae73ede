import type { Role } from '@care/access';
import { assertNever } from '@care/errors';

// The registry's own permission table (roles and the Actor live in @care/access).
// Least privilege (PIPL art. 51, CAC Order No. 4): which role may see which personal field in
// clear. Everything not listed is shown masked. Every reveal is audited by PersonalDataService.

export const PERSONAL_FIELDS = [
  'name',
  'idNumber',
  'hukouAddress',
  'residenceAddress',
  'guardianName',
  'guardianPhone',
] as const;

/** A personal field of a child record (儿童姓名, 身份证号, 户籍地址, 现居住地, 监护人姓名, 监护人联系方式). */
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

export const PERSONAL_FIELD_LABELS: Readonly<Record<PersonalField, string>> = {
  name: '儿童姓名',
  idNumber: '身份证号',
  hukouAddress: '户籍地址',
  residenceAddress: '现居住地',
  guardianName: '监护人姓名',
  guardianPhone: '监护人联系方式',
};

export function isPersonalField(value: unknown): value is PersonalField {
  return typeof value === 'string' && (PERSONAL_FIELDS as readonly string[]).includes(value);
}

const ALL: readonly PersonalField[] = PERSONAL_FIELDS;
const NONE: readonly PersonalField[] = [];

/** Fields a role may reveal in clear, always limited to the actor's own counties. */
export function revealableFields(role: Role): readonly PersonalField[] {
  switch (role) {
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
      return ALL;
    case 'child-director':
      // Visits (定期走访探视) need to know whom to ask for and how to reach the guardian, and
      // where the child lives; the ID number and the household-registration address are not needed.
      return ['name', 'residenceAddress', 'guardianName', 'guardianPhone'];
    case 'department-officer':
      // Other departments work from ChildFacts; identities stay with civil affairs.
      return NONE;
    case 'auditor':
      // Separation of duties: the auditor reads who saw what, never the data itself.
      return NONE;
    default:
      return assertNever(role, 'role');
  }
}

export function mayRevealField(role: Role, field: PersonalField): boolean {
  return revealableFields(role).includes(field);
}

/** May export full records to the national child welfare information system (全国儿童福利信息系统). */
export function mayExportNational(role: Role): boolean {
  switch (role) {
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
      return true;
    case 'child-director':
    case 'department-officer':
    case 'auditor':
      return false;
    default:
      return assertNever(role, 'role');
  }
}

export function mayReadAuditTrail(role: Role): boolean {
  switch (role) {
    case 'auditor':
      return true;
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
    case 'child-director':
    case 'department-officer':
      return false;
    default:
      return assertNever(role, 'role');
  }
}
