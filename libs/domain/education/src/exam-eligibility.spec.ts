import {
  examEligibility,
  SHANDONG_EXAM_RULE,
  type EnrolmentPeriod,
  type ExamApplicant,
  type ExamEligibilityRule,
} from './exam-eligibility';

const HEZE: ExamApplicant = { residenceCityCode: '371700', residencePermit: true };
const MUDAN = '371702';
const CAOXIAN = '371721'; // another county of the same city
const LINYI = '371302'; // another city of the province
const ZHENGZHOU = '410102'; // another province
const AS_OF = '2027-03-01'; // school year 2026-2027, before the exams

const junior = (from: string, to?: string, county = MUDAN): EnrolmentPeriod => ({
  stage: 'junior-secondary',
  schoolCountyCode: county,
  from,
  ...(to === undefined ? {} : { to }),
});
const senior = (from: string, to?: string, county = MUDAN): EnrolmentPeriod => ({
  ...junior(from, to, county),
  stage: 'senior-secondary',
});
const zhongkao = (history: EnrolmentPeriod[], asOf = AS_OF, applicant = HEZE, rule = SHANDONG_EXAM_RULE) =>
  examEligibility(history, rule, asOf, applicant).zhongkao;
const gaokao = (history: EnrolmentPeriod[], asOf = AS_OF, applicant = HEZE, rule = SHANDONG_EXAM_RULE) =>
  examEligibility(history, rule, asOf, applicant).gaokao;
const rules = (v: { unmet: readonly { rule: string }[] }) => v.unmet.map((u) => u.rule);

describe('SHANDONG_EXAM_RULE', () => {
  it('asks three local years for both exams, a residence permit and the full high-school cycle for the 高考', () =>
    expect(SHANDONG_EXAM_RULE).toEqual({
      zhongkao: { minLocalSchoolYears: 3, requireResidencePermit: false },
      gaokao: { minLocalSchoolYears: 3, requireResidencePermit: true, requireLocalHighSchoolFullCycle: true },
      counting: { lateStartDays: 30, teachingEndsOn: '06-30', maxGapDays: 31 },
    }));
});

describe('examEligibility: 中考 in the city of residence', () => {
  it('admits a pupil with three local junior-secondary years, the current one included', () =>
    expect(zhongkao([junior('2024-09-01')])).toEqual({
      eligible: true,
      reason: '在本市初中连续就读3个学年（含本学年），可在居住地参加中考',
      localSchoolYears: 3,
      unmet: [],
    }));

  it('refuses two years, naming the threshold', () =>
    expect(zhongkao([junior('2025-09-01')])).toEqual({
      eligible: false,
      reason: '在本市初中连续就读2个学年（含本学年）；须满3个学年',
      localSchoolYears: 2,
      unmet: [{ rule: 'min-local-school-years', reason: '须满3个学年' }],
    }));

  it('counts schools in every county of the city (a transfer from 曹县 to 牡丹区)', () =>
    expect(zhongkao([junior('2024-09-01', '2025-09-01', CAOXIAN), junior('2025-09-01')])).toMatchObject({
      eligible: true,
      localSchoolYears: 3,
    }));

  it('does not count a school in another city of the province', () => {
    const v = zhongkao([junior('2024-09-01', '2025-09-01', LINYI), junior('2025-09-01')]);
    expect(v).toMatchObject({ eligible: false, localSchoolYears: 2 });
    expect(rules(v)).toEqual(['min-local-school-years']);
  });

  it('refuses a pupil who does not study locally now, naming the place and stage', () => {
    expect(zhongkao([])).toEqual({
      eligible: false,
      reason: '目前不在本市初中学校就读',
      localSchoolYears: 0,
      unmet: [{ rule: 'studying-locally', reason: '目前不在本市初中学校就读' }],
    });
    expect(rules(zhongkao([junior('2024-09-01', '2027-01-20')]))).toEqual(['studying-locally']);
    expect(rules(zhongkao([junior('2024-09-01', undefined, LINYI)]))).toEqual(['studying-locally']);
  });

  it('ignores other stages: primary years do not count', () =>
    expect(
      zhongkao([
        { stage: 'primary', schoolCountyCode: MUDAN, from: '2018-09-01', to: '2024-09-01' },
        junior('2025-09-01'),
      ]),
    ).toMatchObject({ eligible: false, localSchoolYears: 2 }));

  describe('counting school years', () => {
    it.each([
      ['on 1 September', '2024-09-01', 3],
      ['30 days late (1 October), still counted', '2024-10-01', 3],
      ['31 days late (2 October): that year does not count', '2024-10-02', 2],
      ['in the summer before the year', '2024-07-15', 3],
      ['in the spring term', '2025-03-01', 2],
    ])('enrolled %s', (_why, from, years) => expect(zhongkao([junior(from)]).localSchoolYears).toBe(years));

    it('a pupil enrolled late this year has less than one year, said so', () =>
      expect(zhongkao([junior('2026-11-01')])).toMatchObject({
        eligible: false,
        localSchoolYears: 0,
        reason: '在本市初中就读不足1个学年；须满3个学年',
      }));

    it.each([
      ['a break of 30 days is a transfer', '2025-02-10', 3],
      ['a break of 31 days (maxGapDays) is a transfer', '2025-02-11', 3],
      ['a break of 32 days breaks the run', '2025-02-12', 2],
    ])('%s', (_why, back, years) =>
      expect(zhongkao([junior('2024-09-01', '2025-01-10'), junior(back)]).localSchoolYears).toBe(years),
    );

    it('an enrolment ended on the day the next began is one run, whatever the order given', () =>
      expect(
        zhongkao([
          junior('2026-02-01'),
          junior('2024-09-01', '2025-09-01'),
          junior('2025-09-01', '2026-02-01'),
        ]),
      ).toMatchObject({ eligible: true, localSchoolYears: 3 }));

    it('overlapping periods are merged, not counted twice', () =>
      expect(zhongkao([junior('2024-09-01', '2026-01-01'), junior('2025-09-01')]).localSchoolYears).toBe(3));

    it('a year left before the end of teaching does not count; the run must last to today', () =>
      expect(zhongkao([junior('2024-09-01', '2025-05-01'), junior('2025-09-01')])).toMatchObject({
        localSchoolYears: 2,
      }));

    it('after the end of teaching (July), a pupil who stayed to 30 June still counts the year', () => {
      const asOf = '2027-07-15';
      expect(zhongkao([junior('2024-09-01', '2027-06-30')], asOf)).toMatchObject({
        eligible: true,
        localSchoolYears: 3,
      });
      expect(rules(zhongkao([junior('2024-09-01', '2027-06-20')], asOf))).toEqual(['studying-locally']);
    });

    it('ignores enrolments that begin after asOf and periods that end before they begin', () => {
      expect(zhongkao([junior('2027-09-01')])).toMatchObject({ eligible: false, localSchoolYears: 0 });
      expect(rules(zhongkao([junior('2025-09-01', '2025-01-01')]))).toEqual(['studying-locally']);
    });

    it('a school year runs across the new year: asOf in the autumn counts the year under way', () =>
      expect(zhongkao([junior('2024-09-01')], '2026-09-20')).toMatchObject({ localSchoolYears: 3 }));
  });

  it('refuses a history with a date that is no date, naming the record', () =>
    expect(zhongkao([junior('2024-09-01', '2025-02-30'), junior('2025-09-01')])).toEqual({
      eligible: false,
      reason: '就读记录第1条的日期无效，无法判断',
      localSchoolYears: 0,
      unmet: [{ rule: 'valid-dates', reason: '就读记录第1条的日期无效，无法判断' }],
    }));

  it('does not ask for a residence permit', () =>
    expect(zhongkao([junior('2024-09-01')], AS_OF, { residenceCityCode: '371700' }).eligible).toBe(true));
});

describe('examEligibility: 高考 in the province of residence', () => {
  it('admits three years of local senior secondary with a residence permit', () =>
    expect(gaokao([senior('2024-09-01')])).toEqual({
      eligible: true,
      reason: '在本省普通高中连续就读3个学年（含本学年），可在居住地参加高考',
      localSchoolYears: 3,
      unmet: [],
    }));

  it('counts a school anywhere in the province', () =>
    expect(gaokao([senior('2024-09-01', '2025-09-01', LINYI), senior('2025-09-01')]).eligible).toBe(true));

  it.each([
    ['the family has no permit', false, '须持有居住证，家庭未办理'],
    ['the permit is not known', undefined, '须持有居住证，尚无居住证信息'],
  ])('refuses when %s', (_why, residencePermit, reason) => {
    const v = gaokao([senior('2024-09-01')], AS_OF, { residenceCityCode: '371700', residencePermit });
    expect(v).toEqual({
      eligible: false,
      reason: `在本省普通高中连续就读3个学年（含本学年）；${reason}`,
      localSchoolYears: 3,
      unmet: [{ rule: 'residence-permit', reason }],
    });
  });

  it('refuses a student whose high school began in another province', () => {
    const v = gaokao([senior('2023-09-01', '2024-07-01', ZHENGZHOU), senior('2024-09-01')]);
    expect(v).toMatchObject({ eligible: false, localSchoolYears: 3 });
    expect(rules(v)).toEqual(['local-full-cycle']);
    expect(v.reason).toContain('普通高中阶段须全程在本省就读');
  });

  it('refuses a student whose local high school was broken off and taken up again', () =>
    expect(rules(gaokao([senior('2023-09-01', '2024-01-10'), senior('2024-09-01')]))).toEqual([
      'local-full-cycle',
    ]));

  it('names every unmet condition at once', () => {
    const v = gaokao([senior('2024-09-01', '2025-01-01', ZHENGZHOU), senior('2025-01-05')], AS_OF, {
      residenceCityCode: '371700',
      residencePermit: false,
    });
    expect(rules(v)).toEqual(['min-local-school-years', 'local-full-cycle', 'residence-permit']);
    expect(v.reason).toBe(
      '在本省普通高中连续就读2个学年（含本学年）；须满3个学年；普通高中阶段须全程在本省就读，此前曾在别处或中断后就读；须持有居住证，家庭未办理',
    );
  });

  it('a pupil not in senior secondary gets both the place and the permit named', () => {
    const v = gaokao([junior('2024-09-01')], AS_OF, { residenceCityCode: '371700' });
    expect(rules(v)).toEqual(['studying-locally', 'residence-permit']);
    expect(v.reason).toBe('目前不在本省普通高中学校就读；须持有居住证，尚无居住证信息');
  });

  it('does not count secondary vocational school as senior secondary', () =>
    expect(
      rules(gaokao([{ stage: 'secondary-vocational', schoolCountyCode: MUDAN, from: '2024-09-01' }])),
    ).toEqual(['studying-locally']));
});

describe('examEligibility: the rule is data', () => {
  const lenient: ExamEligibilityRule = {
    zhongkao: { minLocalSchoolYears: 1, requireResidencePermit: true },
    gaokao: { minLocalSchoolYears: 2, requireResidencePermit: false, requireLocalHighSchoolFullCycle: false },
    counting: { lateStartDays: 0, teachingEndsOn: '07-10', maxGapDays: 0 },
  };

  it('applies another city’s thresholds and counting', () => {
    expect(zhongkao([junior('2026-09-01')], AS_OF, { residenceCityCode: '371700' }, lenient)).toMatchObject({
      eligible: false,
      unmet: [{ rule: 'residence-permit' }],
    });
    expect(zhongkao([junior('2026-09-02')], AS_OF, HEZE, lenient)).toMatchObject({
      eligible: false,
      localSchoolYears: 0,
    });
    expect(
      gaokao([senior('2024-09-01', '2025-01-01', ZHENGZHOU), senior('2025-09-01')], AS_OF, HEZE, lenient),
    ).toMatchObject({ eligible: true, localSchoolYears: 2 });
  });

  it('a break of one day breaks a run when maxGapDays is 0; the same day does not', () => {
    expect(
      zhongkao([junior('2025-09-01', '2026-01-10'), junior('2026-01-10')], AS_OF, HEZE, lenient)
        .localSchoolYears,
    ).toBe(2);
    expect(
      zhongkao([junior('2025-09-01', '2026-01-10'), junior('2026-01-11')], AS_OF, HEZE, lenient)
        .localSchoolYears,
    ).toBe(2);
    expect(
      zhongkao([junior('2025-09-01', '2026-01-10'), junior('2026-01-12')], AS_OF, HEZE, lenient)
        .localSchoolYears,
    ).toBe(1);
  });

  it('teaching that ends on 10 July asks the pupil to stay until then', () => {
    expect(
      zhongkao([junior('2025-09-01', '2026-07-01'), junior('2026-09-01')], AS_OF, HEZE, lenient)
        .localSchoolYears,
    ).toBe(1);
    expect(
      zhongkao([junior('2025-09-01', '2026-07-10'), junior('2026-09-01')], '2026-10-01', HEZE, {
        ...lenient,
        counting: { ...lenient.counting, maxGapDays: 60 },
      }).localSchoolYears,
    ).toBe(2);
  });
});
