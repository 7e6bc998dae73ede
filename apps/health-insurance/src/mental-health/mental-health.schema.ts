import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type {
  MentalHealthAction,
  MentalHealthOutcome,
  MentalHealthSource,
  MentalHealthState,
} from '@care/health-rules';

export const MENTAL_HEALTH_REFERRALS = 'MentalHealthReferral';
export const MENTAL_HEALTH_REFERRALS_COLLECTION = 'mental_health_referrals';
export const MENTAL_HEALTH_STEPS = 'MentalHealthStep';
export const MENTAL_HEALTH_STEPS_COLLECTION = 'mental_health_steps';

/** The sort key of a closed referral: after every open one. */
export const CLOSED_DUE_KEY = '9999-12-31';

/**
 * A mental-health referral (心理健康转介, seed §11) of one child in the child's residence county:
 * the current state only; the steps are the append-only log below, and step N+1 of the log is
 * what moves the referral from revision N to N+1 (see the service, ADR 0004).
 */
export interface MentalHealthReferralDocument {
  _id: string;
  countyCode: string;
  childId: string;
  source: MentalHealthSource;
  /** The concern as reported (情况描述): sealed at rest (FieldSealer), never logged or published. */
  concern: string;
  state: MentalHealthState;
  openedOn: LocalDate;
  stateSince: LocalDate;
  lastStepOn: LocalDate;
  visitsInState: number;
  outcome: MentalHealthOutcome | null;
  closedOn: LocalDate | null;
  dueOn: LocalDate | null;
  dueKey: string;
  /** The child id while open, the referral id once closed: one open referral per child (unique). */
  openKey: string;
  openedBy: { readonly userId: string; readonly department: string; readonly recordedAt: string };
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a step sets on its referral. */
export type MentalHealthReferralChange = Pick<
  MentalHealthReferralDocument,
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

/** One step; `_id` `<referralId>:<seq>` is the commit point. `note` is sealed at rest. */
export interface MentalHealthStepDocument {
  _id: string;
  referralId: string;
  countyCode: string;
  seq: number;
  action: MentalHealthAction;
  from: MentalHealthState;
  to: MentalHealthState;
  userId: string;
  department: string;
  on: LocalDate;
  note: string;
  recordedAt: string;
  change: MentalHealthReferralChange;
}

export function stepId(referralId: string, seq: number): string {
  return `${referralId}:${seq}`;
}

export const mentalHealthReferralSchema = new Schema(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, required: true },
    childId: { type: String, required: true },
    source: { type: String, required: true },
    concern: { type: String, required: true },
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
  { versionKey: false, minimize: false, strict: true, collection: MENTAL_HEALTH_REFERRALS_COLLECTION },
);
mentalHealthReferralSchema.index({ countyCode: 1, dueKey: 1, _id: 1 });
mentalHealthReferralSchema.index({ openKey: 1 }, { unique: true });

export const mentalHealthStepSchema = new Schema(
  {
    _id: { type: String, required: true },
    referralId: { type: String, required: true },
    countyCode: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    userId: { type: String, required: true },
    department: { type: String, required: true },
    on: { type: String, required: true },
    note: { type: String, default: '' },
    recordedAt: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: MENTAL_HEALTH_STEPS_COLLECTION },
);
mentalHealthStepSchema.index({ countyCode: 1, referralId: 1, seq: 1 });
