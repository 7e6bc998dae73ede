import { isEntitledToAnything, type ChildFacts } from '@care/catalogue';
import {
  EDUCATION_BENEFITS,
  isFamilyInDifficulty,
  stageLabel,
  type BenefitEnrolment,
  type BenefitRule,
  type EducationBenefitId,
  type SchoolStage,
} from '@care/education-rules';

/**
 * Why educationBenefits() did not give a benefit: the rule that would have granted it and each
 * condition of it the child does not meet, in Chinese, for the refusal the officer reads. The
 * conditions restate @care/education-rules' benefits.ts (which stays the one that decides).
 */
interface BenefitCondition {
  readonly rule: BenefitRule;
  readonly stages: readonly SchoolStage[];
  readonly difficulty: boolean;
  readonly boarding: boolean;
  readonly inclusiveKindergarten: boolean;
}

const COMPULSORY: readonly SchoolStage[] = ['primary', 'junior-secondary', 'special'];

export const BENEFIT_CONDITIONS: Readonly<Record<EducationBenefitId, BenefitCondition>> = {
  'compulsory-free-tuition': cond('compulsory-stage', COMPULSORY),
  'compulsory-free-textbooks': cond('compulsory-stage', COMPULSORY),
  'compulsory-boarding-subsidy': cond('compulsory-boarder-in-difficulty', COMPULSORY, {
    difficulty: true,
    boarding: true,
  }),
  'senior-national-grant': cond('senior-in-difficulty', ['senior-secondary'], { difficulty: true }),
  'senior-fee-waiver': cond('senior-in-difficulty', ['senior-secondary'], { difficulty: true }),
  'vocational-free-tuition': cond('vocational-stage', ['secondary-vocational']),
  'vocational-national-grant': cond('vocational-in-difficulty', ['secondary-vocational'], {
    difficulty: true,
  }),
  'preschool-aid': cond('preschool-in-difficulty-inclusive-kindergarten', ['preschool'], {
    difficulty: true,
    inclusiveKindergarten: true,
  }),
};

function cond(
  rule: BenefitRule,
  stages: readonly SchoolStage[],
  more: Partial<Omit<BenefitCondition, 'rule' | 'stages'>> = {},
): BenefitCondition {
  return { rule, stages, difficulty: false, boarding: false, inclusiveKindergarten: false, ...more };
}

export interface UnmetBenefit {
  readonly rule: BenefitRule;
  readonly unmet: readonly string[];
}

/** The rule of the benefit and the conditions the child does not meet on this enrolment. */
export function unmetBenefitConditions(
  benefit: EducationBenefitId,
  facts: ChildFacts,
  enrolment: BenefitEnrolment,
): UnmetBenefit {
  const c = BENEFIT_CONDITIONS[benefit];
  const unmet: string[] = [];
  if (!isEntitledToAnything(facts)) unmet.push('须为居住在本地的流动儿童（登记服务：非流动儿童或已迁出）');
  if (!(c.stages as readonly string[]).includes(enrolment.stage))
    unmet.push(
      `${EDUCATION_BENEFITS[benefit].nameZh}只适用于${c.stages.map(stageLabel).join('、')}阶段，该儿童当前就读${stageLabel(enrolment.stage)}`,
    );
  if (c.difficulty && !isFamilyInDifficulty(facts))
    unmet.push(
      '须为家庭经济困难学生（低保、特困、家庭生活困难、孤儿、事实无人抚养或残疾儿童），登记服务中无此情形',
    );
  if (c.boarding && !enrolment.boarding) unmet.push('须为寄宿生，就读记录不是寄宿生');
  if (
    c.inclusiveKindergarten &&
    enrolment.kindergartenKind !== 'public' &&
    enrolment.kindergartenKind !== 'inclusive-private'
  )
    unmet.push('须在公办或普惠性民办幼儿园就读');
  return { rule: c.rule, unmet };
}
