import { EDUCATION_STAGES, type EducationStage } from '@care/catalogue';
import { compareDates, type LocalDate } from '@care/child-rules';
import { schoolYearBounds } from '@care/education-rules';

// 学生公交卡 (seed §9: 交通运输部门在公交线路布局、学生公交卡办理等方面为流动儿童提供便利).
// A migrant child studying at a school of the city gets the student card on the same terms as
// a local child: the school and school year come from the education bureau's records (its gRPC
// query), never typed again by the transport officer, and the card lasts to the school year's end.

/** What the education service answers of a child's current schooling. */
export interface SchoolingFact {
  readonly schoolCode: string;
  readonly schoolName: string;
  /** The school's county (the transport bureau of that county issues the card). */
  readonly countyCode: string;
  readonly stage: EducationStage;
  /** Chinese label, e.g. 三年级. */
  readonly grade: string;
  /** e.g. 2026-2027 */
  readonly schoolYear: string;
  /** The enrolment record's revision this answer reflects. */
  readonly revision: number;
}

export interface BusCardPolicy {
  /** The stages whose pupils get the student card (BUS_CARD_STAGES). */
  readonly stages: readonly EducationStage[];
  /** The city (6 digits, ending 00): only its schools' pupils are served here. */
  readonly cityCode: string;
}

export type BusCardDecision =
  | { readonly ok: true; readonly validFrom: LocalDate; readonly validUntil: LocalDate }
  | { readonly ok: false; readonly rule: string; readonly message: string };

const refuse = (rule: string, message: string): BusCardDecision => ({ ok: false, rule, message });

/**
 * May the child get a student card today, and for how long? `schooling` undefined: education
 * has no current enrolment of the child.
 */
export function decideBusCard(
  schooling: SchoolingFact | undefined,
  today: LocalDate,
  policy: BusCardPolicy,
): BusCardDecision {
  if (schooling === undefined)
    return refuse('须在读', '教育部门没有该儿童的在读学籍，不能办理学生公交卡（请先由学校办理入学登记）');
  if (!policy.stages.includes(schooling.stage)) {
    const allowed = policy.stages.map((s) => EDUCATION_STAGES[s].nameZh).join('、');
    return refuse(
      '学段',
      `学生公交卡限${allowed}学生办理，该儿童为${EDUCATION_STAGES[schooling.stage]?.nameZh ?? '未知学段'}`,
    );
  }
  if (schooling.countyCode.slice(0, 4) !== policy.cityCode.slice(0, 4))
    return refuse(
      '本市学校',
      `该儿童就读的学校不在本市（学校所在县区 ${schooling.countyCode}），请向学校所在地申请`,
    );
  const bounds = schoolYearBounds(schooling.schoolYear);
  if (bounds === undefined)
    return refuse('学年', `教育部门记录的学年"${schooling.schoolYear}"不是有效学年，请教育部门核实学籍`);
  if (compareDates(today, bounds.last) > 0)
    return refuse(
      '学年',
      `教育部门记录的学籍属于${schooling.schoolYear}学年，已结束，请教育部门更新学籍后再办理`,
    );
  return {
    ok: true,
    validFrom: compareDates(today, bounds.first) < 0 ? bounds.first : today,
    validUntil: bounds.last,
  };
}

export const BUS_CARD_REVOCATIONS = {
  'left-school': '已离校（转出、毕业或迁出）',
  'school-changed': '已转学，须按新学校重新办理',
} as const;
export type BusCardRevocation = keyof typeof BUS_CARD_REVOCATIONS;

/** An EnrolmentChanged of education, as the card needs it. */
export interface EnrolmentChange {
  readonly schoolCode: string;
  readonly ended: boolean;
  /** The enrolment record's revision after the change. */
  readonly revision: number;
}

/**
 * What an enrolment change means for an active card issued from the enrolment at revision
 * `enrolmentRevision` for `schoolCode`: a change of that revision or older was known when the
 * card was issued (education was asked then), so a late or replayed event changes nothing;
 * leaving or changing school revokes it; a grade change at the same school does not. Revisions,
 * not clocks: the two services' clocks are never compared.
 */
export function revocationFor(
  card: { readonly schoolCode: string; readonly enrolmentRevision: number },
  change: EnrolmentChange,
): BusCardRevocation | undefined {
  if (change.revision <= card.enrolmentRevision) return undefined;
  if (change.ended) return 'left-school';
  if (change.schoolCode !== card.schoolCode) return 'school-changed';
  return undefined;
}
