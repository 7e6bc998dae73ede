import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type {
  ClosureOutcome,
  GuardianshipConcern,
  GuardianshipParty,
  GuardianshipState,
} from '@care/welfare-rules';

export const GUARDIANSHIP_CASES = 'GuardianshipCase';
export const GUARDIANSHIP_CASES_COLLECTION = 'guardianship_cases';

/** The sort key of a closed case: after every open one. */
export const CLOSED_DUE_KEY = '9999-12-31';

/** Who opened a case, and when it was recorded. */
export interface GuardianshipOpening {
  /** The state the case opened in (by who opened it). */
  readonly state: GuardianshipState;
  readonly party: GuardianshipParty;
  readonly userId: string;
  /** The actor's department code as sent (x-department). */
  readonly department: string;
  readonly recordedAt: string;
}

/**
 * A guardianship case (监护缺失/监护不力 处置) of one child in the child's residence county.
 * The current state only: the steps are the append-only log of guardianship-step.schema.ts,
 * and step N+1 of the log is what moves the case from revision N to N+1 (see the service).
 */
export interface GuardianshipCaseDocument {
  _id: string;
  countyCode: string;
  townshipCode: string;
  childId: string;
  concern: GuardianshipConcern;
  /** Free-text account of the situation (情况概述): personal, sealed at rest (FieldSealer), never logged. */
  summary: string;
  state: GuardianshipState;
  openedOn: LocalDate;
  stateSince: LocalDate;
  lastStepOn: LocalDate;
  visitsInState: number;
  outcome: ClosureOutcome | null;
  closedOn: LocalDate | null;
  dueOn: LocalDate | null;
  /** dueOn, or CLOSED_DUE_KEY when closed: the list's order (overdue first). */
  dueKey: string;
  /** The child id while the case is open, the case id once closed: one open case per child (unique). */
  openKey: string;
  openedBy: GuardianshipOpening;
  /**
   * The revision (API `revision`): 1 when opened, N once step N of the log is applied. Stored
   * as `rev` so the local FerretDB guard (ADR 0004) also refuses a write that lowers it.
   */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export const guardianshipCaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, required: true },
    townshipCode: { type: String, default: '' },
    childId: { type: String, required: true },
    concern: { type: String, required: true },
    summary: { type: String, required: true },
    state: { type: String, required: true },
    openedOn: { type: String, required: true },
    stateSince: { type: String, required: true },
    lastStepOn: { type: String, required: true },
    visitsInState: { type: Number, required: true },
    outcome: { type: String, default: null },
    closedOn: { type: String, default: null },
    dueOn: { type: String, default: null },
    dueKey: { type: String, required: true },
    openKey: { type: String, required: true },
    openedBy: { type: Schema.Types.Mixed, required: true },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: GUARDIANSHIP_CASES_COLLECTION },
);
guardianshipCaseSchema.index({ countyCode: 1, dueKey: 1, _id: 1 });
guardianshipCaseSchema.index({ openKey: 1 }, { unique: true });
