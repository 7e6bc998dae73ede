import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type { GradeId, Placement, SchoolStage, SchoolYear } from '@care/education-rules';
import { outboxFields, type WithOutbox } from '@care/events';

export const ENROLMENTS = 'Enrolment';
export const ENROLMENTS_COLLECTION = 'enrolments';

export const END_REASONS = {
  'transferred-out': '转学',
  graduated: '毕业',
  'moved-out': '随家庭迁出',
  'dropped-out': '辍学',
} as const;
export type EndReason = keyof typeof END_REASONS;

/** Why a period closed: the child left (END_REASONS), or changed grade at the same school (升级/调级). */
export type PeriodEndReason = EndReason | 'grade-changed';

/** One period of a child at a school: the current one, or an earlier one in `history`. */
export interface EnrolmentPeriod {
  readonly schoolCode: string;
  /** The school's county. */
  readonly countyCode: string;
  readonly stage: SchoolStage;
  readonly grade: GradeId;
  readonly placement: Placement;
  readonly boarding: boolean;
  readonly enrolledOn: LocalDate;
  readonly schoolYear: SchoolYear;
  readonly endedOn?: LocalDate;
  readonly endReason?: PeriodEndReason;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/**
 * The child's schooling as the education bureau records it (学籍): the current enrolment
 * (null when none) and the earlier periods, which the local-exam rules count. One document per
 * child, written only conditionally on `rev`; each change carries its EnrolmentChanged event.
 */
export interface EnrolmentDocument extends WithOutbox {
  _id: string; // child id
  current: EnrolmentPeriod | null;
  history: EnrolmentPeriod[];
  /** Incremented on every change: the event's revision. */
  revision: number;
  rev: number;
  updatedAt: Date;
}

export const enrolmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    current: { type: Schema.Types.Mixed, default: null },
    history: { type: [Schema.Types.Mixed], default: [] },
    revision: { type: Number, required: true },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxFields,
  },
  { versionKey: false, minimize: false, strict: true, collection: ENROLMENTS_COLLECTION },
);
enrolmentSchema.index({ 'current.countyCode': 1, _id: 1 });
