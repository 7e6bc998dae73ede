import type { ChildFacts, EducationStage } from '@care/catalogue';
import {
  BENEFIT_FORMS,
  EDUCATION_BENEFIT_IDS,
  EDUCATION_BENEFITS,
  educationBenefits,
  HEZE_BENEFIT_ITEMS,
  isEducationBenefitId,
  type BenefitEnrolment,
  type EducationBenefitId,
} from './benefits';
import { KINDERGARTEN_KINDS, type KindergartenKind } from './school';

/** A migrant child living here with no special circumstance; tests override what they test. */
function facts(overrides: Partial<ChildFacts> = {}): ChildFacts {
  return {
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
  };
}

const POOR = facts({ minimumLiving: true });
const at = (stage: EducationStage, extra: Partial<BenefitEnrolment> = {}): BenefitEnrolment => ({
  stage,
  boarding: false,
  ...extra,
});
const ids = (f: ChildFacts, e: BenefitEnrolment | undefined) => educationBenefits(f, e).map((b) => b.id);

describe('EDUCATION_BENEFITS and HEZE_BENEFIT_ITEMS', () => {
  it('maps every benefit to a Heze item of its stage', () => {
    expect(Object.keys(HEZE_BENEFIT_ITEMS).sort()).toEqual([...EDUCATION_BENEFIT_IDS].sort());
    expect(HEZE_BENEFIT_ITEMS).toEqual({
      'compulsory-free-tuition': 'HZ-03',
      'compulsory-free-textbooks': 'HZ-03',
      'compulsory-boarding-subsidy': 'HZ-03',
      'senior-national-grant': 'HZ-04',
      'senior-fee-waiver': 'HZ-04',
      'vocational-free-tuition': 'HZ-05',
      'vocational-national-grant': 'HZ-05',
      'preschool-aid': 'HZ-02',
    });
  });

  it('gives every benefit a Chinese name and a form; the grants and subsidies are cash', () => {
    for (const id of EDUCATION_BENEFIT_IDS) {
      expect(EDUCATION_BENEFITS[id].nameZh).toMatch(/[\u4e00-\u9fff]/);
      expect(Object.keys(BENEFIT_FORMS)).toContain(EDUCATION_BENEFITS[id].form);
    }
    const cash = EDUCATION_BENEFIT_IDS.filter((id) => EDUCATION_BENEFITS[id].form === 'cash');
    expect(cash).toEqual([
      'compulsory-boarding-subsidy',
      'senior-national-grant',
      'vocational-national-grant',
      'preschool-aid',
    ]);
    expect(EDUCATION_BENEFITS['compulsory-free-textbooks'].form).toBe('in-kind');
  });

  it.each([
    ['a benefit id', 'senior-national-grant', true],
    ['an unknown id', 'free-lunch', false],
    ['an inherited property', 'toString', false],
    ['a number', 3, false],
    ['undefined', undefined, false],
  ])('isEducationBenefitId: %s', (_why, value, expected) =>
    expect(isEducationBenefitId(value)).toBe(expected),
  );
});

describe('educationBenefits', () => {
  describe('gates', () => {
    it('gives nothing without an enrolment', () => expect(educationBenefits(POOR, undefined)).toEqual([]));
    it('gives nothing to a child who is no longer a migrant child', () =>
      expect(educationBenefits(facts({ isMigrant: false, minimumLiving: true }), at('primary'))).toEqual([]));
    it('gives nothing to a child who moved out', () =>
      expect(educationBenefits(facts({ movedOut: true }), at('junior-secondary'))).toEqual([]));
  });

  describe('义务教育 两免一补', () => {
    it.each<EducationStage>(['primary', 'junior-secondary', 'special'])(
      'every pupil at stage %s is exempt from fees and gets free textbooks',
      (stage) => {
        const benefits = educationBenefits(facts(), at(stage));
        expect(benefits.map((b) => [b.id, b.rule])).toEqual([
          ['compulsory-free-tuition', 'compulsory-stage'],
          ['compulsory-free-textbooks', 'compulsory-stage'],
        ]);
        expect(benefits[0]).toMatchObject({ nameZh: '义务教育免除学杂费' });
        expect(benefits[0].reason).toMatch(/^义务教育阶段在校生（(小学|初中|特殊教育)）$/);
      },
    );

    it('a boarder of a family in difficulty also gets the living subsidy, the grounds named', () => {
      const benefits = educationBenefits(
        facts({ minimumLiving: true, orphan: true }),
        at('primary', { boarding: true }),
      );
      expect(benefits.map((b) => b.id)).toEqual([
        'compulsory-free-tuition',
        'compulsory-free-textbooks',
        'compulsory-boarding-subsidy',
      ]);
      expect(benefits[2]).toEqual({
        id: 'compulsory-boarding-subsidy',
        nameZh: '义务教育家庭经济困难寄宿生生活补助',
        rule: 'compulsory-boarder-in-difficulty',
        reason: '家庭经济困难（符合最低生活保障条件、孤儿）的义务教育阶段寄宿生',
      });
    });

    it('a boarder of a family not in difficulty gets no living subsidy', () =>
      expect(ids(facts(), at('junior-secondary', { boarding: true }))).not.toContain(
        'compulsory-boarding-subsidy',
      ));

    it('a day pupil of a family in difficulty gets no living subsidy', () =>
      expect(ids(POOR, at('junior-secondary'))).toEqual([
        'compulsory-free-tuition',
        'compulsory-free-textbooks',
      ]));

    it('a disabled boarder at a special school gets the subsidy (disability is a ground)', () =>
      expect(ids(facts({ disabled: true }), at('special', { boarding: true }))).toContain(
        'compulsory-boarding-subsidy',
      ));
  });

  describe('普通高中', () => {
    it('a student of a family in difficulty gets the national grant and the fee waiver', () => {
      const benefits = educationBenefits(facts({ destitute: true }), at('senior-secondary'));
      expect(benefits.map((b) => [b.id, b.rule])).toEqual([
        ['senior-national-grant', 'senior-in-difficulty'],
        ['senior-fee-waiver', 'senior-in-difficulty'],
      ]);
      expect(benefits[0].reason).toBe('家庭经济困难（符合特困救助供养条件）的普通高中在校生');
    });
    it('a student of a family not in difficulty gets nothing', () =>
      expect(educationBenefits(facts(), at('senior-secondary', { boarding: true }))).toEqual([]));
  });

  describe('中等职业教育', () => {
    it('every student is exempt from tuition', () =>
      expect(educationBenefits(facts(), at('secondary-vocational'))).toEqual([
        {
          id: 'vocational-free-tuition',
          nameZh: '中等职业教育免学费',
          rule: 'vocational-stage',
          reason: '中等职业教育在校生',
        },
      ]));
    it('a student of a family in difficulty also gets the national grant', () => {
      const benefits = educationBenefits(
        facts({ difficultyTypes: ['family-hardship'] }),
        at('secondary-vocational'),
      );
      expect(benefits.map((b) => b.id)).toEqual(['vocational-free-tuition', 'vocational-national-grant']);
      expect(benefits[1]).toMatchObject({
        rule: 'vocational-in-difficulty',
        reason: '家庭经济困难（家庭生活困难）的中等职业教育在校生',
      });
    });
  });

  describe('学前教育资助', () => {
    it.each<[KindergartenKind, boolean]>([
      ['public', true],
      ['inclusive-private', true],
      ['non-inclusive-private', false],
    ])('a child of a family in difficulty at a %s kindergarten: aid %s', (kind, aided) => {
      const benefits = educationBenefits(POOR, at('preschool', { kindergartenKind: kind }));
      if (!aided) return expect(benefits).toEqual([]);
      expect(benefits).toEqual([
        {
          id: 'preschool-aid',
          nameZh: '学前教育资助',
          rule: 'preschool-in-difficulty-inclusive-kindergarten',
          reason: `家庭经济困难（符合最低生活保障条件）、在${KINDERGARTEN_KINDS[kind].nameZh}幼儿园就读`,
        },
      ]);
    });
    it('a child of a family not in difficulty gets no aid', () =>
      expect(educationBenefits(facts(), at('preschool', { kindergartenKind: 'public' }))).toEqual([]));
    it('a kindergarten of unknown kind gives no aid', () =>
      expect(educationBenefits(POOR, at('preschool'))).toEqual([]));
  });

  it.each<EducationStage>(['none', 'unspecified'])('an enrolment at stage %s gives nothing', (stage) =>
    expect(educationBenefits(POOR, at(stage, { boarding: true, kindergartenKind: 'public' }))).toEqual([]),
  );

  it('never gives a benefit of another stage (the stage decides, not the kindergarten kind)', () => {
    const byStage: Record<string, EducationBenefitId[]> = {};
    for (const stage of [
      'preschool',
      'primary',
      'junior-secondary',
      'senior-secondary',
      'secondary-vocational',
      'special',
    ] as const)
      byStage[stage] = ids(
        facts({ minimumLiving: true }),
        at(stage, { boarding: true, kindergartenKind: 'public' }),
      );
    expect(byStage).toEqual({
      preschool: ['preschool-aid'],
      primary: ['compulsory-free-tuition', 'compulsory-free-textbooks', 'compulsory-boarding-subsidy'],
      'junior-secondary': [
        'compulsory-free-tuition',
        'compulsory-free-textbooks',
        'compulsory-boarding-subsidy',
      ],
      'senior-secondary': ['senior-national-grant', 'senior-fee-waiver'],
      'secondary-vocational': ['vocational-free-tuition', 'vocational-national-grant'],
      special: ['compulsory-free-tuition', 'compulsory-free-textbooks', 'compulsory-boarding-subsidy'],
    });
  });

  it('lists benefits in EDUCATION_BENEFITS order', () => {
    const out = ids(POOR, at('primary', { boarding: true }));
    expect(
      [...out].sort((a, b) => EDUCATION_BENEFIT_IDS.indexOf(a) - EDUCATION_BENEFIT_IDS.indexOf(b)),
    ).toEqual(out);
  });
});
