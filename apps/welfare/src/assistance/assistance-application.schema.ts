import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type {
  AssistanceDepartment,
  AssistanceEndReason,
  AssistanceParty,
  AssistanceState,
  HukouAnswer,
} from '@care/welfare-rules';

export const ASSISTANCE_APPLICATIONS = 'AssistanceApplication';
export const ASSISTANCE_APPLICATIONS_COLLECTION = 'assistance_applications';

/** The sort key of an application in payment (approved, no due date): after every pending one. */
export const APPROVED_DUE_KEY = '9999-12-30';
/** The sort key of a closed application (rejected, ended): last. */
export const CLOSED_DUE_KEY = '9999-12-31';

export interface AssistanceSubmission {
  readonly party: AssistanceParty;
  readonly userId: string;
  /** The actor's department code as sent (x-department). */
  readonly department: string;
  readonly recordedAt: string;
}

/**
 * A social-assistance application (救助申请) of one child, filed in the child's residence
 * county. The current state only: the steps are the append-only log of
 * assistance-step.schema.ts, and step N+1 of the log moves the application from revision N to
 * N+1 (see the service). Holds ids and facts, never a name.
 */
export interface AssistanceApplicationDocument {
  _id: string;
  countyCode: string;
  townshipCode: string;
  childId: string;
  kind: string;
  /** The deciding department (from the kind): an officer of the other one does not see it. */
  department: AssistanceDepartment;
  itemCode: string;
  state: AssistanceState;
  submittedOn: LocalDate;
  stateSince: LocalDate;
  lastStepOn: LocalDate;
  hukouCountyCode: string | null;
  hukouAnswer: HukouAnswer | null;
  hukouAnsweredOn: LocalDate | null;
  hukouReference: string;
  amountFen: number | null;
  startMonth: string | null;
  approvedOn: LocalDate | null;
  /** Why rejected, denied, suspended or ended: free text, never logged. */
  reason: string | null;
  /** Why it ended (the department's step, or the child's move out of the city); null until ended. */
  endReason: AssistanceEndReason | null;
  /** The family's situation as told at submission (情况说明): personal, never logged. */
  note: string;
  dueOn: LocalDate | null;
  /** dueOn, APPROVED_DUE_KEY or CLOSED_DUE_KEY: the list's order (overdue first). */
  dueKey: string;
  /** `<childId>|<kind>` while not closed, the application id once closed: one open application per child and kind (unique). */
  openKey: string;
  submittedBy: AssistanceSubmission;
  /** The revision (API `revision`), stored as `rev` for the FerretDB guard (ADR 0004). */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export const assistanceApplicationSchema = new Schema(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, required: true },
    townshipCode: { type: String, default: '' },
    childId: { type: String, required: true },
    kind: { type: String, required: true },
    department: { type: String, required: true },
    itemCode: { type: String, required: true },
    state: { type: String, required: true },
    submittedOn: { type: String, required: true },
    stateSince: { type: String, required: true },
    lastStepOn: { type: String, required: true },
    hukouCountyCode: { type: String, default: null },
    hukouAnswer: { type: String, default: null },
    hukouAnsweredOn: { type: String, default: null },
    hukouReference: { type: String, default: '' },
    amountFen: { type: Number, default: null },
    startMonth: { type: String, default: null },
    approvedOn: { type: String, default: null },
    reason: { type: String, default: null },
    endReason: { type: String, default: null },
    note: { type: String, default: '' },
    dueOn: { type: String, default: null },
    dueKey: { type: String, required: true },
    openKey: { type: String, required: true },
    submittedBy: { type: Schema.Types.Mixed, required: true },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: ASSISTANCE_APPLICATIONS_COLLECTION },
);
assistanceApplicationSchema.index({ countyCode: 1, dueKey: 1, _id: 1 });
assistanceApplicationSchema.index({ countyCode: 1, state: 1 });
assistanceApplicationSchema.index({ openKey: 1 }, { unique: true });
assistanceApplicationSchema.index({ childId: 1, state: 1 });
