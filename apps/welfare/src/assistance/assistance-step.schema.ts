import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type {
  AssistanceAction,
  AssistanceParty,
  AssistanceState,
  AssistanceSystemAction,
  AssistanceSystemParty,
} from '@care/welfare-rules';
import type { AssistanceApplicationDocument } from './assistance-application.schema';

export const ASSISTANCE_STEPS = 'AssistanceStep';
export const ASSISTANCE_STEPS_COLLECTION = 'assistance_steps';

/** What a step sets on its application (everything but identity, scope, kind and submission). */
export type AssistanceApplicationChange = Pick<
  AssistanceApplicationDocument,
  | 'state'
  | 'stateSince'
  | 'lastStepOn'
  | 'hukouAnswer'
  | 'hukouAnsweredOn'
  | 'hukouReference'
  | 'amountFen'
  | 'startMonth'
  | 'approvedOn'
  | 'reason'
  | 'endReason'
  | 'dueOn'
  | 'dueKey'
  | 'openKey'
  | 'updatedAt'
>;

/** What the actor sent with the step (kept to tell a replay from a different step). */
export interface AssistanceStepInput {
  readonly on?: string;
  readonly reason?: string;
  readonly amountFen?: number;
  readonly startMonth?: string;
  readonly reference?: string;
  /** A move-out step: the registry's move-out day and the version of the child's record it came with. */
  readonly movedOutOn?: string;
  readonly registryVersion?: number;
}

/**
 * One step of an application in the append-only step log. `_id` is `<applicationId>:<seq>`:
 * the insert of seq N+1 is the step's commit point, so of the writers that read revision N only
 * one lands (a unique key is atomic on FerretDB v1, a conditional update is not; ADR 0004).
 * `change` is what the step sets, so anyone finding it unapplied can apply it. Reasons and
 * notes are free text: never logged.
 */
export interface AssistanceStepDocument {
  _id: string;
  applicationId: string;
  countyCode: string;
  /** 2 for the first step after submission: the revision the step produces. */
  seq: number;
  /** An officer's action, or the system's move-out step. */
  action: AssistanceAction | AssistanceSystemAction;
  from: AssistanceState;
  to: AssistanceState;
  party: AssistanceParty | AssistanceSystemParty;
  /** The officer, or for a system step the event it came from (`registry:child-moved-out:<eventId>`). */
  userId: string;
  department: string;
  on: LocalDate;
  input: AssistanceStepInput;
  note: string;
  recordedAt: string;
  change: AssistanceApplicationChange;
}

export function assistanceStepId(applicationId: string, seq: number): string {
  return `${applicationId}:${seq}`;
}

export const assistanceStepSchema = new Schema(
  {
    _id: { type: String, required: true },
    applicationId: { type: String, required: true },
    countyCode: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    party: { type: String, required: true },
    userId: { type: String, required: true },
    department: { type: String, required: true },
    on: { type: String, required: true },
    input: { type: Schema.Types.Mixed, default: {} },
    note: { type: String, default: '' },
    recordedAt: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: ASSISTANCE_STEPS_COLLECTION },
);
assistanceStepSchema.index({ countyCode: 1, applicationId: 1, seq: 1 });
