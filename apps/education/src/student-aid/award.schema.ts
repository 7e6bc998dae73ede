import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type { BenefitRule, EducationBenefitId, SchoolStage, SchoolYear } from '@care/education-rules';

export const STUDENT_AID_AWARDS = 'StudentAidAward';
export const STUDENT_AID_AWARDS_COLLECTION = 'student_aid_awards';

export const AWARD_OUTCOMES = { granted: '已发放/已减免', refused: '未发放（家庭放弃或不需要）' } as const;
export type AwardOutcome = keyof typeof AWARD_OUTCOMES;

/**
 * One student-aid award (学生资助) the education bureau recorded for a child: which benefit, for
 * which school year, granted (with the amount in fen where the benefit is paid or waived) or
 * refused with the reason. `_id` is `${childId}|${benefit}|${schoolYear}`: one award per child,
 * benefit and school year, so a replay is a duplicate key, never a second award. Written once;
 * only `deliveryRecorded`/`deliveryId` are set afterwards (same value by any writer).
 */
export interface AwardDocument {
  _id: string;
  childId: string;
  /** The child's residence county (the scope of the record). */
  countyCode: string;
  benefit: EducationBenefitId;
  schoolYear: SchoolYear;
  outcome: AwardOutcome;
  /** 分 (1/100 yuan); null for an in-kind benefit, a refusal, or a waiver recorded without the sum. */
  amountFen: number | null;
  /** The refusal's reason; '' for a grant. Never personal data. */
  reason: string;
  /** The rule of @care/education-rules that made the child eligible, and its reason. */
  rule: BenefitRule;
  ruleReason: string;
  /** The enrolment checked (school, stage). */
  schoolCode: string;
  stage: SchoolStage;
  /** The service-list item the award delivers (HEZE_BENEFIT_ITEMS). */
  itemCode: string;
  awardedOn: LocalDate;
  recordedBy: string;
  recordedAt: string;
  /** The item's delivery is in the department's records (published for the catalogue), or it already was. */
  deliveryRecorded: boolean;
  deliveryId: string | null;
}

export const awardSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    countyCode: { type: String, required: true },
    benefit: { type: String, required: true },
    schoolYear: { type: String, required: true },
    outcome: { type: String, required: true },
    amountFen: { type: Number, default: null },
    reason: { type: String, default: '' },
    rule: { type: String, required: true },
    ruleReason: { type: String, required: true },
    schoolCode: { type: String, required: true },
    stage: { type: String, required: true },
    itemCode: { type: String, required: true },
    awardedOn: { type: String, required: true },
    recordedBy: { type: String, required: true },
    recordedAt: { type: String, required: true },
    deliveryRecorded: { type: Boolean, default: false },
    deliveryId: { type: String, default: null },
  },
  { versionKey: false, minimize: false, strict: true, collection: STUDENT_AID_AWARDS_COLLECTION },
);
awardSchema.index({ childId: 1, _id: 1 });

export function awardId(childId: string, benefit: EducationBenefitId, schoolYear: SchoolYear): string {
  return `${childId}|${benefit}|${schoolYear}`;
}
