import type { ChildFacts } from '@care/catalogue';
import { EDUCATION_BENEFIT_IDS, educationBenefits, type BenefitEnrolment } from '@care/education-rules';
import { BENEFIT_CONDITIONS, unmetBenefitConditions } from './benefit-conditions';

const facts = (overrides: Partial<ChildFacts> = {}): ChildFacts => ({
  birthDate: '2015-01-01',
  educationStage: 'primary',
  inSchoolLocally: true,
  disabled: false,
  orphan: false,
  scatteredOrphan: false,
  deFactoUnsupported: false,
  keyHardship: false,
  seriouslyIll: false,
  aidsAffected: false,
  minimumLiving: false,
  destitute: false,
  temporaryAssistance: false,
  housingDifficulty: false,
  severeMentalDisorderAtHome: false,
  isMigrant: true,
  movedOut: false,
  difficultyTypes: [],
  ...overrides,
});

describe('unmetBenefitConditions', () => {
  it('agrees with educationBenefits: no unmet condition exactly when the rules give the benefit', () => {
    const stages = [
      'preschool',
      'primary',
      'junior-secondary',
      'senior-secondary',
      'secondary-vocational',
      'special',
    ] as const;
    for (const stage of stages)
      for (const boarding of [false, true])
        for (const kindergartenKind of [undefined, 'public', 'non-inclusive-private'] as const)
          for (const f of [
            facts(),
            facts({ minimumLiving: true }),
            facts({ movedOut: true, orphan: true }),
          ]) {
            const enrolment: BenefitEnrolment = {
              stage,
              boarding,
              ...(kindergartenKind ? { kindergartenKind } : {}),
            };
            const given = new Set(educationBenefits(f, enrolment).map((b) => b.id));
            for (const id of EDUCATION_BENEFIT_IDS) {
              const why = unmetBenefitConditions(id, f, enrolment);
              expect([id, stage, boarding, kindergartenKind, why.unmet.length === 0]).toEqual([
                id,
                stage,
                boarding,
                kindergartenKind,
                given.has(id),
              ]);
            }
          }
  });

  it('names the rule and each unmet condition in Chinese', () => {
    const why = unmetBenefitConditions('compulsory-boarding-subsidy', facts(), {
      stage: 'senior-secondary',
      boarding: false,
    });
    expect(why.rule).toBe(BENEFIT_CONDITIONS['compulsory-boarding-subsidy'].rule);
    expect(why.unmet).toEqual([
      '义务教育家庭经济困难寄宿生生活补助只适用于小学、初中、特殊教育阶段，该儿童当前就读普通高中',
      '须为家庭经济困难学生（低保、特困、家庭生活困难、孤儿、事实无人抚养或残疾儿童），登记服务中无此情形',
      '须为寄宿生，就读记录不是寄宿生',
    ]);
  });
});
