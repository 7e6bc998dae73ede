import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type { GuardianshipAction, GuardianshipParty, GuardianshipState } from '@care/welfare-rules';
import type { GuardianshipCaseDocument } from './guardianship-case.schema';

export const GUARDIANSHIP_STEPS = 'GuardianshipStep';
export const GUARDIANSHIP_STEPS_COLLECTION = 'guardianship_steps';

/** What a step sets on its case (everything but identity, scope, narrative and opening). */
export type GuardianshipCaseChange = Pick<
  GuardianshipCaseDocument,
  | 'state'
  | 'stateSince'
  | 'lastStepOn'
  | 'visitsInState'
  | 'outcome'
  | 'closedOn'
  | 'dueOn'
  | 'dueKey'
  | 'openKey'
  | 'updatedAt'
>;

/**
 * One step of a case, in the append-only step log. `_id` is `<caseId>:<seq>`: the insert of
 * seq N+1 is the step's commit point, so of two writers that read revision N only one can
 * insert it (a unique key is atomic on FerretDB v1, a conditional update is not). `change` is
 * what the step sets on the case, so anyone who finds a step not yet applied can apply it.
 * `note` is free text, sealed at rest (FieldSealer): never logged.
 */
export interface GuardianshipStepDocument {
  _id: string;
  caseId: string;
  countyCode: string;
  /** 2 for the first step after opening: the case revision the step produces. */
  seq: number;
  action: GuardianshipAction;
  from: GuardianshipState;
  to: GuardianshipState;
  party: GuardianshipParty;
  userId: string;
  department: string;
  /** The day the step happened. */
  on: LocalDate;
  note: string;
  recordedAt: string;
  change: GuardianshipCaseChange;
}

export function stepId(caseId: string, seq: number): string {
  return `${caseId}:${seq}`;
}

export const guardianshipStepSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    countyCode: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    party: { type: String, required: true },
    userId: { type: String, required: true },
    department: { type: String, required: true },
    on: { type: String, required: true },
    note: { type: String, default: '' },
    recordedAt: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: GUARDIANSHIP_STEPS_COLLECTION },
);
guardianshipStepSchema.index({ countyCode: 1, caseId: 1, seq: 1 });
