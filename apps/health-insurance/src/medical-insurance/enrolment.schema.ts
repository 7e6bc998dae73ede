import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type {
  Contribution,
  EnrolmentAction,
  EnrolmentState,
  HukouEnrolment,
  ResidenceBasis,
} from '@care/health-rules';

export const MEDICAL_INSURANCE_ENROLMENTS = 'MedicalInsuranceEnrolment';
export const MEDICAL_INSURANCE_ENROLMENTS_COLLECTION = 'medical_insurance_enrolments';
export const MEDICAL_INSURANCE_STEPS = 'MedicalInsuranceEnrolmentStep';
export const MEDICAL_INSURANCE_STEPS_COLLECTION = 'medical_insurance_enrolment_steps';

/** `${childId}|${coverageYear}`: one enrolment per child and coverage year (the natural key). */
export function enrolmentId(childId: string, coverageYear: number): string {
  return `${childId}|${coverageYear}`;
}

/** `<enrolmentId>:<seq>`: the insert of step seq is the step's commit point. */
export function enrolmentStepId(id: string, seq: number): string {
  return `${id}:${seq}`;
}

/** What the officer stated on the application (the registry records none of it). */
export interface EnrolmentApplication {
  readonly residencePermit: boolean;
  readonly migrantWorkerChild: boolean;
  readonly basis: readonly ResidenceBasis[];
  readonly hukouEnrolment: Exclude<HukouEnrolment, 'unknown'>;
  readonly hukouStopDate: LocalDate | null;
  readonly severeDisability: boolean;
  readonly newborn: boolean;
  readonly appliedOn: LocalDate;
}

export interface EnrolmentOpening {
  readonly userId: string;
  /** The actor's department as sent (x-department). */
  readonly department: string;
  readonly recordedAt: string;
}

/**
 * One child's enrolment in the resident medical insurance for one coverage year (城乡居民医保
 * 居住地参保). Inserted once (the natural key makes a replayed application find itself); every
 * later change is a step of the append-only log (enrolment steps), and step N+1 of the log is
 * what moves the enrolment from revision N to N+1 (`rev`, guarded by the local FerretDB
 * trigger of ADR 0004). Lapse at year end is derived on read, never written.
 */
export interface MedicalInsuranceEnrolmentDocument {
  _id: string;
  childId: string;
  countyCode: string;
  townshipCode: string;
  coverageYear: number;
  coverageStart: LocalDate;
  coverageEnd: LocalDate;
  application: EnrolmentApplication;
  /** Fixed at application from the standard of the year (示例标准 while demo). */
  contribution: Contribution;
  state: EnrolmentState;
  enrolledOn: LocalDate | null;
  /** The day of the refusal or the transfer out. */
  closedOn: LocalDate | null;
  /** Why refused, or where transferred (never personal data). */
  reason: string;
  appliedBy: EnrolmentOpening;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a step sets on its enrolment. */
export type EnrolmentChange = Pick<
  MedicalInsuranceEnrolmentDocument,
  'state' | 'enrolledOn' | 'closedOn' | 'reason' | 'updatedAt'
>;

export interface MedicalInsuranceStepDocument {
  _id: string;
  enrolmentId: string;
  countyCode: string;
  /** 2 for the first step: the revision the step produces. */
  seq: number;
  action: EnrolmentAction;
  from: EnrolmentState;
  to: EnrolmentState;
  on: LocalDate;
  reason: string;
  userId: string;
  department: string;
  recordedAt: string;
  change: EnrolmentChange;
}

export const medicalInsuranceEnrolmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    countyCode: { type: String, required: true },
    townshipCode: { type: String, default: '' },
    coverageYear: { type: Number, required: true },
    coverageStart: { type: String, required: true },
    coverageEnd: { type: String, required: true },
    application: { type: Schema.Types.Mixed, required: true },
    contribution: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true },
    enrolledOn: { type: String, default: null },
    closedOn: { type: String, default: null },
    reason: { type: String, default: '' },
    appliedBy: { type: Schema.Types.Mixed, required: true },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: MEDICAL_INSURANCE_ENROLMENTS_COLLECTION },
);
medicalInsuranceEnrolmentSchema.index({ countyCode: 1, childId: 1 });

export const medicalInsuranceStepSchema = new Schema(
  {
    _id: { type: String, required: true },
    enrolmentId: { type: String, required: true },
    countyCode: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    on: { type: String, required: true },
    reason: { type: String, default: '' },
    userId: { type: String, required: true },
    department: { type: String, required: true },
    recordedAt: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: MEDICAL_INSURANCE_STEPS_COLLECTION },
);
medicalInsuranceStepSchema.index({ countyCode: 1, enrolmentId: 1, seq: 1 });
