import { isEntitledToAnything, type ChildFacts, type EducationStage } from '@care/catalogue';
import { DIFFICULTY_GROUNDS, familyDifficultyGrounds } from './family-difficulty';
import { stageLabel } from './grades';
import { KINDERGARTEN_KINDS, type KindergartenKind } from './school';

/**
 * How a benefit reaches the family: `cash` is paid (an amount, in fen, per award: 生活补助,
 * 国家助学金, 学前资助), `waiver` is a fee not charged (the amount waived may be recorded),
 * `in-kind` is given as goods (免费教科书: no amount).
 */
export type BenefitForm = 'cash' | 'waiver' | 'in-kind';

export const BENEFIT_FORMS: Readonly<Record<BenefitForm, string>> = {
  cash: '发放资金',
  waiver: '减免费用',
  'in-kind': '发放实物',
};

/**
 * The education benefits (学生资助) a migrant child enrolled here receives, by stage, as the
 * national policies grant them (amounts are configuration of the paying department, not rules):
 * - 义务教育 "两免一补" (国务院《关于进一步完善城乡义务教育经费保障机制的通知》2015): every pupil
 *   is exempt from tuition and fees and gets free textbooks, private-school pupils included;
 *   boarders of families in economic difficulty get a living subsidy.
 * - 普通高中: 国家助学金 and 免学杂费 for students of families in economic difficulty.
 * - 中等职业教育: 免学费 for every student (kept simple: Shandong waives it widely), 国家助学金
 *   for students of families in economic difficulty.
 * - 学前教育资助 for children of families in economic difficulty at a 公办 or 普惠性民办
 *   kindergarten (HZ-02: 资助家庭经济困难的儿童接受普惠性学前教育).
 */
export const EDUCATION_BENEFITS = {
  'compulsory-free-tuition': { nameZh: '义务教育免除学杂费', form: 'waiver' },
  'compulsory-free-textbooks': { nameZh: '义务教育免费提供教科书', form: 'in-kind' },
  'compulsory-boarding-subsidy': { nameZh: '义务教育家庭经济困难寄宿生生活补助', form: 'cash' },
  'senior-national-grant': { nameZh: '普通高中国家助学金', form: 'cash' },
  'senior-fee-waiver': { nameZh: '普通高中免学杂费', form: 'waiver' },
  'vocational-free-tuition': { nameZh: '中等职业教育免学费', form: 'waiver' },
  'vocational-national-grant': { nameZh: '中等职业教育国家助学金', form: 'cash' },
  'preschool-aid': { nameZh: '学前教育资助', form: 'cash' },
} as const satisfies Record<string, { nameZh: string; form: BenefitForm }>;

export type EducationBenefitId = keyof typeof EDUCATION_BENEFITS;
export const EDUCATION_BENEFIT_IDS = Object.keys(EDUCATION_BENEFITS) as EducationBenefitId[];

export function isEducationBenefitId(value: unknown): value is EducationBenefitId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EDUCATION_BENEFITS, value);
}

/** The Heze basic-list item (服务清单) each benefit delivers; another city maps its own codes. */
export const HEZE_BENEFIT_ITEMS: Readonly<Record<EducationBenefitId, string>> = {
  'compulsory-free-tuition': 'HZ-03',
  'compulsory-free-textbooks': 'HZ-03',
  'compulsory-boarding-subsidy': 'HZ-03',
  'senior-national-grant': 'HZ-04',
  'senior-fee-waiver': 'HZ-04',
  'vocational-free-tuition': 'HZ-05',
  'vocational-national-grant': 'HZ-05',
  'preschool-aid': 'HZ-02',
};

/** Which rule granted a benefit: a stable id and the reason in Chinese. */
export type BenefitRule =
  | 'compulsory-stage'
  | 'compulsory-boarder-in-difficulty'
  | 'senior-in-difficulty'
  | 'vocational-stage'
  | 'vocational-in-difficulty'
  | 'preschool-in-difficulty-inclusive-kindergarten';

export interface EducationBenefit {
  readonly id: EducationBenefitId;
  readonly nameZh: string;
  readonly rule: BenefitRule;
  readonly reason: string;
}

/** What the benefit rules need of the child's enrolment. */
export interface BenefitEnrolment {
  readonly stage: EducationStage;
  /** 寄宿生: the child boards at school. */
  readonly boarding: boolean;
  /** The kindergarten's kind (学前教育 only). */
  readonly kindergartenKind?: KindergartenKind;
}

const COMPULSORY: readonly EducationStage[] = ['primary', 'junior-secondary', 'special'];

function grant(id: EducationBenefitId, rule: BenefitRule, reason: string): EducationBenefit {
  return { id, nameZh: EDUCATION_BENEFITS[id].nameZh, rule, reason };
}

/**
 * The education benefits of a child on its current enrolment, in EDUCATION_BENEFITS order.
 * None without an enrolment, and none for a child who is not a migrant child living here
 * (the residence list gates everything, @care/catalogue `isEntitledToAnything`). A special
 * school counts as compulsory education (its grades are 一年级–九年级).
 */
export function educationBenefits(
  facts: ChildFacts,
  enrolment: BenefitEnrolment | undefined,
): EducationBenefit[] {
  if (!enrolment || !isEntitledToAnything(facts)) return [];
  const grounds = familyDifficultyGrounds(facts);
  const difficulty =
    grounds.length > 0 ? `家庭经济困难（${grounds.map((g) => DIFFICULTY_GROUNDS[g]).join('、')}）` : '';
  const stage = stageLabel(enrolment.stage);
  const benefits: EducationBenefit[] = [];
  if (COMPULSORY.includes(enrolment.stage)) {
    const reason = `义务教育阶段在校生（${stage}）`;
    benefits.push(
      grant('compulsory-free-tuition', 'compulsory-stage', reason),
      grant('compulsory-free-textbooks', 'compulsory-stage', reason),
    );
    if (difficulty && enrolment.boarding)
      benefits.push(
        grant(
          'compulsory-boarding-subsidy',
          'compulsory-boarder-in-difficulty',
          `${difficulty}的义务教育阶段寄宿生`,
        ),
      );
  }
  if (enrolment.stage === 'senior-secondary' && difficulty) {
    const reason = `${difficulty}的普通高中在校生`;
    benefits.push(
      grant('senior-national-grant', 'senior-in-difficulty', reason),
      grant('senior-fee-waiver', 'senior-in-difficulty', reason),
    );
  }
  if (enrolment.stage === 'secondary-vocational') {
    benefits.push(grant('vocational-free-tuition', 'vocational-stage', '中等职业教育在校生'));
    if (difficulty)
      benefits.push(
        grant('vocational-national-grant', 'vocational-in-difficulty', `${difficulty}的中等职业教育在校生`),
      );
  }
  const kind = enrolment.kindergartenKind;
  if (enrolment.stage === 'preschool' && difficulty && (kind === 'public' || kind === 'inclusive-private'))
    benefits.push(
      grant(
        'preschool-aid',
        'preschool-in-difficulty-inclusive-kindergarten',
        `${difficulty}、在${KINDERGARTEN_KINDS[kind].nameZh}幼儿园就读`,
      ),
    );
  return benefits;
}
