import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type { ContractAction, ContractState, TerminationReason } from '@care/health-rules';

export const FAMILY_DOCTOR_CONTRACTS = 'FamilyDoctorContract';
export const FAMILY_DOCTOR_CONTRACTS_COLLECTION = 'family_doctor_contracts';
export const FAMILY_DOCTOR_STEPS = 'FamilyDoctorContractStep';
export const FAMILY_DOCTOR_STEPS_COLLECTION = 'family_doctor_contract_steps';

/**
 * `${childId}|${number}`: the child's contracts numbered 1, 2, … A new signing inserts the next
 * number, so of two signings racing for one child one insert lands (one contract in force).
 */
export function contractId(childId: string, number: number): string {
  return `${childId}|${number}`;
}

/** `<contractId>:<seq>`: the insert of step seq is the step's commit point. */
export function contractStepId(id: string, seq: number): string {
  return `${id}:${seq}`;
}

export interface ContractSigning {
  readonly userId: string;
  /** The actor's department as sent (x-department). */
  readonly department: string;
  readonly recordedAt: string;
}

/**
 * One 家庭医生签约 of a child: codes and dates only (team, institution's 统一社会信用代码),
 * nothing personal. Inserted once; every later change (renewal, termination, the registry's
 * move-out) is a step of the append-only log, and step N+1 of the log is what moves the
 * contract from revision N to N+1 (`rev`). Expiry is derived on read, never written.
 */
export interface FamilyDoctorContractDocument {
  _id: string;
  childId: string;
  number: number;
  countyCode: string;
  townshipCode: string;
  teamCode: string;
  institutionCode: string;
  startDate: LocalDate;
  /** The last day (a renewal moves it). */
  endDate: LocalDate;
  termMonths: number;
  renewals: number;
  state: ContractState;
  endedOn: LocalDate | null;
  endReason: TerminationReason | null;
  signedBy: ContractSigning;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a step sets on its contract. */
export type ContractChange = Pick<
  FamilyDoctorContractDocument,
  'endDate' | 'renewals' | 'state' | 'endedOn' | 'endReason' | 'updatedAt'
>;

export interface FamilyDoctorStepDocument {
  _id: string;
  contractId: string;
  countyCode: string;
  /** 2 for the first step: the revision the step produces. */
  seq: number;
  action: ContractAction;
  on: LocalDate;
  termMonths: number | null;
  reason: TerminationReason | null;
  /** The officer's user id, or `registry` for the move-out. */
  userId: string;
  department: string;
  recordedAt: string;
  change: ContractChange;
}

export const familyDoctorContractSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    number: { type: Number, required: true },
    countyCode: { type: String, required: true },
    townshipCode: { type: String, default: '' },
    teamCode: { type: String, required: true },
    institutionCode: { type: String, required: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    termMonths: { type: Number, required: true },
    renewals: { type: Number, required: true },
    state: { type: String, required: true },
    endedOn: { type: String, default: null },
    endReason: { type: String, default: null },
    signedBy: { type: Schema.Types.Mixed, required: true },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: FAMILY_DOCTOR_CONTRACTS_COLLECTION },
);
familyDoctorContractSchema.index({ childId: 1, number: 1 });
familyDoctorContractSchema.index({ countyCode: 1, state: 1, endDate: 1, _id: 1 });

export const familyDoctorStepSchema = new Schema(
  {
    _id: { type: String, required: true },
    contractId: { type: String, required: true },
    countyCode: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    on: { type: String, required: true },
    termMonths: { type: Number, default: null },
    reason: { type: String, default: null },
    userId: { type: String, required: true },
    department: { type: String, required: true },
    recordedAt: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: FAMILY_DOCTOR_STEPS_COLLECTION },
);
familyDoctorStepSchema.index({ countyCode: 1, contractId: 1, seq: 1 });
