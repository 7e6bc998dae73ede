import {
  ADVISORY_ENROLMENT_RULES,
  COMPULSORY_STAGES,
  ENROLMENT_RULES,
  NEAR_HOME_STAGES,
  validateEnrolment,
  type EnrolledChild,
  type Enrolment,
} from './enrolment';
import type { GradeId, SchoolStage } from './grades';
import type { Placement } from './placement';
import type { School } from './school';

const AS_OF = '2026-09-20';
const publicPrimary: School = {
  code: '2137000001',
  name: '牡丹区第一实验小学',
  countyCode: '371702',
  stages: ['primary'],
  ownership: 'public',
  special: false,
  governmentPurchasedPlaces: false,
};
const privateNineYear: School = {
  ...publicPrimary,
  code: '2137000002',
  stages: ['primary', 'junior-secondary'],
  ownership: 'private',
  governmentPurchasedPlaces: true,
};
const child: EnrolledChild = { birthDate: '2020-05-01', countyCode: '371702' }; // 入学年龄 6 in 2026-2027
const enrolment = (overrides: Partial<Enrolment> = {}): Enrolment => ({
  childId: 'c-1',
  schoolCode: publicPrimary.code,
  stage: 'primary',
  grade: 'primary-1',
  placement: 'public-school',
  enrolledOn: '2026-09-01',
  schoolYear: '2026-2027',
  ...overrides,
});
const check = (e: Partial<Enrolment>, school = publicPrimary, c = child, asOf = AS_OF) =>
  validateEnrolment(enrolment({ schoolCode: school.code, ...e }), school, c, asOf);
const rulesOf = (e: Partial<Enrolment>, school = publicPrimary, c = child, asOf = AS_OF) =>
  check(e, school, c, asOf).map((p) => `${p.field}/${p.rule}`);

describe('enrolment vocabularies', () => {
  it('near-home stages are the preschool and compulsory ones; compulsory has no preschool', () => {
    expect(NEAR_HOME_STAGES).toEqual(['preschool', 'primary', 'junior-secondary', 'special']);
    expect(COMPULSORY_STAGES).toEqual(['primary', 'junior-secondary', 'special']);
  });
  it('only residence-county is advisory, and it is a known rule', () => {
    expect(ADVISORY_ENROLMENT_RULES).toEqual(['residence-county']);
    expect(ENROLMENT_RULES).toContain('residence-county');
    expect(new Set(ENROLMENT_RULES).size).toBe(ENROLMENT_RULES.length);
  });
});

describe('validateEnrolment', () => {
  it('accepts a six-year-old in 一年级 of a public school of the residence county', () =>
    expect(check({})).toEqual([]));

  it('accepts a purchased place at a private compulsory school that takes them', () =>
    expect(check({ placement: 'government-purchased-place' }, privateNineYear)).toEqual([]));

  it('accepts a self-paid place at a private school', () =>
    expect(check({ placement: 'private-self-paid' }, privateNineYear)).toEqual([]));

  it('names childId and schoolCode', () =>
    expect(
      validateEnrolment(enrolment({ childId: '  ', schoolCode: '2137000009' }), publicPrimary, child, AS_OF),
    ).toEqual([
      { field: 'childId', rule: 'required', message: '儿童编号：未填写' },
      { field: 'schoolCode', rule: 'school-mismatch', message: '学校标识码：与所给学校不一致' },
    ]));

  describe('stage', () => {
    it('names an unknown stage', () =>
      expect(check({ stage: 'college' as SchoolStage })).toEqual([
        { field: 'stage', rule: 'stage-vocabulary', message: '学段：不是已知学段，实为"college"' },
      ]));
    it('names a stage the school does not offer, with what it offers', () =>
      expect(
        check({ stage: 'junior-secondary', grade: 'junior-secondary-1' }, publicPrimary, {
          birthDate: '2014-05-01',
        }),
      ).toEqual([
        { field: 'stage', rule: 'stage-offered', message: '学段：该学校不设初中（所设学段：小学）' },
      ]));
    it('says 无 for a school without stages', () =>
      expect(check({}, { ...publicPrimary, stages: [] })[0].message).toBe(
        '学段：该学校不设小学（所设学段：无）',
      ));
  });

  describe('grade', () => {
    it('names an unknown grade', () =>
      expect(check({ grade: 'primary-7' as GradeId })).toEqual([
        { field: 'grade', rule: 'grade-vocabulary', message: '年级：不是已知年级，实为"primary-7"' },
      ]));
    it('names a grade of another stage with the stage range', () =>
      expect(check({ grade: 'junior-secondary-1' })).toEqual([
        {
          field: 'grade',
          rule: 'grade-in-stage',
          message: '年级：须为该学段的年级（小学为一年级至六年级），实为"七年级"',
        },
      ]));
    it('names a grade that does not fit the age, proposing the right one', () => {
      const [p, ...rest] = check({ grade: 'primary-6' });
      expect(rest).toEqual([]);
      expect(p).toMatchObject({
        field: 'grade',
        rule: 'grade-age-plausible',
        schoolYearAge: 6,
        expectedGrade: 'primary-1',
      });
      expect(p.message).toContain('小学六年级的入学年龄应为9至13岁');
    });
    it('accepts a grade two years off the typical age (the tolerance)', () =>
      expect(check({ grade: 'primary-3' })).toEqual([]));
    it('uses the policy given', () =>
      expect(
        validateEnrolment(enrolment({ grade: 'primary-3' }), publicPrimary, child, AS_OF, {
          gradeAgePolicy: {
            preschoolAges: { min: 3, max: 6 },
            toleranceYears: {
              primary: 0,
              'junior-secondary': 0,
              'senior-secondary': 0,
              'secondary-vocational': 0,
              special: 0,
            },
          },
        }).map((p) => p.rule),
      ).toEqual(['grade-age-plausible']));
    it('reports a birth date that is no date', () =>
      expect(rulesOf({}, publicPrimary, { birthDate: '2020-02-30' })).toEqual(['birthDate/date-format']));
    it('skips grade rules when the stage is unknown', () =>
      expect(rulesOf({ stage: 'college' as SchoolStage, grade: 'junior-secondary-3' })).toEqual([
        'stage/stage-vocabulary',
      ]));
  });

  describe('placement', () => {
    it('names an unknown placement', () =>
      expect(check({ placement: 'free' as Placement })).toEqual([
        {
          field: 'placement',
          rule: 'placement-vocabulary',
          message: '学位类型：不是已知学位类型，实为"free"',
        },
      ]));
    it('a public place only at a public school', () =>
      expect(check({}, privateNineYear)).toEqual([
        {
          field: 'placement',
          rule: 'placement-ownership',
          message: '学位类型："公办学位"只能在公办学校，该学校为民办',
        },
      ]));
    it('a self-paid place only at a private school', () =>
      expect(check({ placement: 'private-self-paid' })).toEqual([
        {
          field: 'placement',
          rule: 'placement-ownership',
          message: '学位类型："民办自费"只能在民办学校，该学校为公办',
        },
      ]));
    it('a purchased place not at a public school', () =>
      expect(rulesOf({ placement: 'government-purchased-place' })).toEqual([
        'placement/government-purchased-place-private-only',
      ]));
    it('a purchased place not at a private school that does not take them', () =>
      expect(
        check(
          { placement: 'government-purchased-place' },
          { ...privateNineYear, governmentPurchasedPlaces: false },
        ),
      ).toEqual([
        {
          field: 'placement',
          rule: 'government-purchased-place-not-accepted',
          message: '学位类型：该民办学校不接受政府购买学位',
        },
      ]));
    it('a purchased place only in compulsory education', () => {
      const kindergarten: School = {
        ...privateNineYear,
        code: '1137000003',
        stages: ['preschool'],
        kindergartenKind: 'inclusive-private',
      };
      expect(
        check(
          { stage: 'preschool', grade: 'preschool-1', placement: 'government-purchased-place' },
          kindergarten,
          { birthDate: '2023-03-01', countyCode: '371702' },
        ),
      ).toEqual([
        {
          field: 'placement',
          rule: 'government-purchased-place-compulsory-only',
          message: '学位类型："政府购买学位"只用于义务教育阶段，实为学前教育',
        },
      ]);
    });
    it('both purchased-place rules at once: a public high school', () => {
      const high: School = { ...publicPrimary, code: '3437000004', stages: ['senior-secondary'] };
      expect(
        rulesOf(
          { stage: 'senior-secondary', grade: 'senior-secondary-1', placement: 'government-purchased-place' },
          high,
          {
            birthDate: '2011-03-01',
          },
        ),
      ).toEqual([
        'placement/government-purchased-place-private-only',
        'placement/government-purchased-place-compulsory-only',
      ]);
    });
  });

  describe('dates', () => {
    it.each([
      ['2026', 'school-year-format', '学年：须为相邻两年，如"2026-2027"，实为"2026"'],
      ['2026-2028', 'school-year-format', '学年：须为相邻两年，如"2026-2027"，实为"2026-2028"'],
      ['2028-2029', 'school-year-not-future', '学年：不能晚于下一学年，实为"2028-2029"'],
    ])('school year %p: %s', (schoolYear, rule, message) =>
      expect(check({ schoolYear })).toEqual([{ field: 'schoolYear', rule, message }]),
    );
    it('accepts the next school year (registration ahead of September)', () =>
      expect(rulesOf({ schoolYear: '2027-2028' })).toEqual([]));
    it('names an enrolment date that is no date, and stops the date rules there', () =>
      expect(check({ enrolledOn: '2026-13-01' })).toEqual([
        { field: 'enrolledOn', rule: 'date-format', message: '入学日期：须为有效日期（YYYY-MM-DD）' },
      ]));
    it('refuses a date after today', () =>
      expect(check({ enrolledOn: '2026-09-21' })).toEqual([
        {
          field: 'enrolledOn',
          rule: 'not-in-future',
          message: '入学日期：不能晚于今天（2026-09-20），实为"2026-09-21"',
        },
      ]));
    it('refuses a date on or before the birth date', () =>
      expect(rulesOf({ enrolledOn: '2020-05-01' })).toEqual(['enrolledOn/after-birth']));
    it('refuses a date after the last day of the school year', () =>
      expect(check({ enrolledOn: '2026-09-01', schoolYear: '2025-2026' })).toEqual([
        {
          field: 'enrolledOn',
          rule: 'enrolled-by-school-year',
          message: '入学日期：不能晚于2025-2026学年的最后一天（2026-08-31）',
        },
      ]));
    it('accepts an entry date before the school year (the child stays on at the school)', () =>
      expect(rulesOf({ enrolledOn: '2025-09-01', grade: 'primary-1' })).toEqual([]));
  });

  describe('residence county (advisory)', () => {
    const caoxian: School = { ...publicPrimary, code: '2137000007', countyCode: '371721' };
    it('names both counties when a near-home stage is studied elsewhere', () =>
      expect(check({}, caoxian)).toEqual([
        {
          field: 'schoolCode',
          rule: 'residence-county',
          message: '就读学校：须在居住地县区就读（居住地牡丹区，学校在曹县）',
        },
      ]));
    it('reads a township residence code as its county', () =>
      expect(check({}, publicPrimary, { birthDate: child.birthDate, countyCode: '371702001' })).toEqual([]));
    it('is skipped without a residence county', () =>
      expect(check({}, caoxian, { birthDate: child.birthDate })).toEqual([]));
    it('does not apply to senior secondary school', () => {
      const high: School = { ...caoxian, code: '3437000004', stages: ['senior-secondary'] };
      expect(
        check({ stage: 'senior-secondary', grade: 'senior-secondary-1' }, high, {
          birthDate: '2011-03-01',
          countyCode: '371702',
        }),
      ).toEqual([]);
    });
  });

  it('reports every problem at once, in field order', () =>
    expect(
      rulesOf(
        {
          childId: '',
          grade: 'junior-secondary-1',
          placement: 'private-self-paid',
          enrolledOn: '2026-10-01',
          schoolYear: 'x',
        },
        { ...publicPrimary, countyCode: '371721' },
      ),
    ).toEqual([
      'childId/required',
      'grade/grade-in-stage',
      'placement/placement-ownership',
      'schoolYear/school-year-format',
      'enrolledOn/not-in-future',
      'schoolCode/residence-county',
    ]));
});
