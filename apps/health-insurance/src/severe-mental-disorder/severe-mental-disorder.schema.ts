import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type { RehabilitationAction, RehabilitationEndReason, RehabilitationState } from '@care/health-rules';

export const SMD_PATIENTS = 'SevereMentalDisorderPatient';
export const SMD_PATIENTS_COLLECTION = 'severe_mental_disorder_patients';
export const SMD_RECORDS = 'SevereMentalDisorderRecord';
export const SMD_RECORDS_COLLECTION = 'severe_mental_disorder_records';
export const SMD_REHABILITATION = 'SevereMentalDisorderRehabilitation';
export const SMD_REHABILITATION_COLLECTION = 'severe_mental_disorder_rehabilitation_referrals';
export const SMD_REHABILITATION_STEPS = 'SevereMentalDisorderRehabilitationStep';
export const SMD_REHABILITATION_STEPS_COLLECTION = 'severe_mental_disorder_rehabilitation_steps';

/** The sort key of nothing due: after every date. */
export const NOTHING_DUE_KEY = '9999-12-31';

/** `<id>:<seq>`: the unique id of a log entry, the commit point of revision `seq` (ADR 0004). */
export function logEntryId(id: string, seq: number): string {
  return `${id}:${seq}`;
}

interface RecordedBy {
  readonly userId: string;
  readonly department: string;
  readonly recordedAt: string;
}

/**
 * A child's record in 严重精神障碍患者管理, one per child (`_id` = child id), in the child's
 * residence county: the current state only; follow-ups and consent changes are the append-only
 * log below, and entry N+1 of the log moves the record from revision N to N+1.
 */
export interface PatientDocument {
  _id: string;
  countyCode: string;
  /** The disorder of the programme (诊断类别): sealed at rest, never logged or published. */
  diagnosisCategory: string;
  diagnosingInstitutionCode: string;
  diagnosisDate: LocalDate;
  guardianConsent: boolean;
  registeredOn: LocalDate;
  managedSince: LocalDate | null;
  lastRecordOn: LocalDate;
  lastFollowUpOn: LocalDate | null;
  lastStability: string | null;
  lastRiskLevel: number | null;
  followUps: number;
  nextFollowUpOn: LocalDate | null;
  dueKey: string;
  registeredBy: RecordedBy;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a log entry sets on its patient record. */
export type PatientChange = Pick<
  PatientDocument,
  | 'guardianConsent'
  | 'managedSince'
  | 'lastRecordOn'
  | 'lastFollowUpOn'
  | 'lastStability'
  | 'lastRiskLevel'
  | 'followUps'
  | 'nextFollowUpOn'
  | 'dueKey'
  | 'updatedAt'
>;

/** A follow-up (随访) or a consent change; `note` sealed at rest. */
export interface PatientRecordDocument {
  _id: string;
  childId: string;
  countyCode: string;
  seq: number;
  kind: 'follow-up' | 'consent';
  on: LocalDate;
  riskLevel: number | null;
  stability: string | null;
  adherence: string | null;
  guardianConsent: boolean | null;
  note: string;
  userId: string;
  department: string;
  recordedAt: string;
  change: PatientChange;
}

/** A community rehabilitation referral (社区康复转介); its steps are the log below. */
export interface RehabilitationDocument {
  _id: string;
  countyCode: string;
  childId: string;
  /** 统一社会信用代码 of the rehabilitation institution referred to. */
  institutionCode: string;
  state: RehabilitationState;
  referredOn: LocalDate;
  stateSince: LocalDate;
  endReason: RehabilitationEndReason | null;
  endedOn: LocalDate | null;
  dueOn: LocalDate | null;
  dueKey: string;
  /** The child id while open, the referral id once ended: one open referral per child (unique). */
  openKey: string;
  note: string;
  referredBy: RecordedBy;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export type RehabilitationChange = Pick<
  RehabilitationDocument,
  'state' | 'stateSince' | 'endReason' | 'endedOn' | 'dueOn' | 'dueKey' | 'openKey' | 'updatedAt'
>;

export interface RehabilitationStepDocument {
  _id: string;
  referralId: string;
  countyCode: string;
  seq: number;
  action: RehabilitationAction;
  from: RehabilitationState;
  to: RehabilitationState;
  on: LocalDate;
  note: string;
  userId: string;
  department: string;
  recordedAt: string;
  change: RehabilitationChange;
}

const options = (collection: string) => ({
  versionKey: false as const,
  minimize: false,
  strict: true,
  collection,
});
const dateOrNull = { type: String, default: null };

export const patientSchema = new Schema(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, required: true },
    diagnosisCategory: { type: String, required: true },
    diagnosingInstitutionCode: { type: String, required: true },
    diagnosisDate: { type: String, required: true },
    guardianConsent: { type: Boolean, required: true },
    registeredOn: { type: String, required: true },
    managedSince: dateOrNull,
    lastRecordOn: { type: String, required: true },
    lastFollowUpOn: dateOrNull,
    lastStability: dateOrNull,
    lastRiskLevel: { type: Number, default: null },
    followUps: { type: Number, required: true },
    nextFollowUpOn: dateOrNull,
    dueKey: { type: String, required: true },
    registeredBy: { type: Schema.Types.Mixed, required: true },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  options(SMD_PATIENTS_COLLECTION),
);
patientSchema.index({ countyCode: 1, dueKey: 1, _id: 1 });

export const patientRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    countyCode: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    on: { type: String, required: true },
    riskLevel: { type: Number, default: null },
    stability: dateOrNull,
    adherence: dateOrNull,
    guardianConsent: { type: Boolean, default: null },
    note: { type: String, default: '' },
    userId: { type: String, required: true },
    department: { type: String, required: true },
    recordedAt: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
  },
  options(SMD_RECORDS_COLLECTION),
);
patientRecordSchema.index({ countyCode: 1, childId: 1, seq: 1 });

export const rehabilitationSchema = new Schema(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, required: true },
    childId: { type: String, required: true },
    institutionCode: { type: String, required: true },
    state: { type: String, required: true },
    referredOn: { type: String, required: true },
    stateSince: { type: String, required: true },
    endReason: dateOrNull,
    endedOn: dateOrNull,
    dueOn: dateOrNull,
    dueKey: { type: String, required: true },
    openKey: { type: String, required: true },
    note: { type: String, default: '' },
    referredBy: { type: Schema.Types.Mixed, required: true },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  options(SMD_REHABILITATION_COLLECTION),
);
rehabilitationSchema.index({ countyCode: 1, dueKey: 1, _id: 1 });
rehabilitationSchema.index({ countyCode: 1, childId: 1 });
rehabilitationSchema.index({ openKey: 1 }, { unique: true });

export const rehabilitationStepSchema = new Schema(
  {
    _id: { type: String, required: true },
    referralId: { type: String, required: true },
    countyCode: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    on: { type: String, required: true },
    note: { type: String, default: '' },
    userId: { type: String, required: true },
    department: { type: String, required: true },
    recordedAt: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
  },
  options(SMD_REHABILITATION_STEPS_COLLECTION),
);
rehabilitationStepSchema.index({ countyCode: 1, referralId: 1, seq: 1 });
