import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';

export const CHILD_HEALTH_VISITS = 'ChildHealthVisit';
export const CHILD_HEALTH_VISITS_COLLECTION = 'child_health_visits';

/** `${childId}|${visit}`: the natural key, so a replayed record finds itself. */
export function visitId(childId: string, visit: string): string {
  return `${childId}|${visit}`;
}

/**
 * One 0～3岁 health-management visit of a child (新生儿家庭访视, 满月, 3…36月龄), recorded by a
 * health officer: codes only (the visit, the institution's 统一社会信用代码, the result codes),
 * no free text, so nothing personal needs sealing. Inserted once under the natural key, never
 * updated (FerretDB v1's unlocked read-modify-write never applies). `countyCode` is the child's
 * county when the visit was recorded (the record's scope).
 */
export interface ChildHealthVisitDocument {
  _id: string;
  childId: string;
  /** Visit code of the schedule (newborn, month-1, month-3 … month-36; @care/health-rules). */
  visit: string;
  date: LocalDate;
  institutionCode: string;
  /** Result codes, sorted. */
  results: string[];
  countyCode: string;
  /** The officer's user id (x-user-id), never a name. */
  recordedBy: string;
  recordedAt: Date;
}

export const childHealthVisitSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    visit: { type: String, required: true },
    date: { type: String, required: true },
    institutionCode: { type: String, required: true },
    results: { type: [String], required: true },
    countyCode: { type: String, required: true },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, strict: true, collection: CHILD_HEALTH_VISITS_COLLECTION },
);
childHealthVisitSchema.index({ childId: 1 });
childHealthVisitSchema.index({ countyCode: 1, childId: 1 });
