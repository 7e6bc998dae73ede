import {
  checkEnrolment,
  contributionText,
  exemptionCategories,
  type EnrolmentApplicationInput,
  type EnrolmentChildFacts,
} from './eligibility';
import { contributionFor, MEDICAL_INSURANCE_STANDARD, type MedicalInsuranceStandard } from './standard';

const child = (
  facts: Partial<EnrolmentChildFacts['facts']> = {},
  countyCode = '371702',
): EnrolmentChildFacts => ({
  countyCode,
  facts: {
    birthDate: '2019-09-15',
    isMigrant: true,
    movedOut: false,
    orphan: false,
    deFactoUnsupported: false,
    minimumLiving: false,
    destitute: false,
    disabled: false,
    difficultyTypes: [],
    ...facts,
  },
});
const application = (patch: Partial<EnrolmentApplicationInput> = {}): EnrolmentApplicationInput => ({
  residencePermit: true,
  migrantWorkerChild: false,
  hukouEnrolment: 'none',
  appliedOn: '2026-10-10',
  ...patch,
});
const ASOF = '2026-10-10';

function problems(input: EnrolmentApplicationInput, c = child(), asOf = ASOF) {
  const r = checkEnrolment(input, c, asOf);
  return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.rule}`);
}

describe('checkEnrolment: 居住地参保', () => {
  it('enrols a migrant child with a residence permit for the next year in the period', () => {
    const r = checkEnrolment(application(), child(), ASOF);
    expect(r).toEqual({
      ok: true,
      value: {
        coverageYear: 2027,
        coverageStart: '2027-01-01',
        coverageEnd: '2027-12-31',
        appliedOn: '2026-10-10',
        basis: ['residence-permit'],
        hukouEnrolment: 'none',
        hukouStopDate: null,
        severeDisability: false,
        newborn: false,
        contribution: contributionFor(2027, []),
      },
    });
  });

  it('takes the national rule for children of migrant workers without a permit, and both together', () => {
    const worker = checkEnrolment(
      application({ residencePermit: false, migrantWorkerChild: true }),
      child(),
      ASOF,
    );
    expect(worker.ok && worker.value.basis).toEqual(['migrant-worker-child']);
    const both = checkEnrolment(application({ migrantWorkerChild: true }), child(), ASOF);
    expect(both.ok && both.value.basis).toEqual(['residence-permit', 'migrant-worker-child']);
  });

  it.each([
    ['低保', { minimumLiving: true }, 'minimum-living', 12000],
    ['特困', { destitute: true }, 'destitute', 0],
    ['孤儿', { orphan: true }, 'orphan', 0],
    ['事实无人抚养', { deFactoUnsupported: true }, 'de-facto-unsupported', 0],
  ] as const)('exempts or subsidises a child of %s from the facts', (_label, facts, category, fen) => {
    const r = checkEnrolment(application(), child(facts), ASOF);
    expect(r.ok && r.value.contribution).toMatchObject({ exemption: { category }, contributionFen: fen });
  });

  it('counts a severe disability stated by the officer for a child the registry has as disabled', () => {
    for (const facts of [{ disabled: true }, { difficultyTypes: ['disability'] }]) {
      const r = checkEnrolment(application({ severeDisability: true }), child(facts), ASOF);
      expect(r.ok && r.value.contribution).toMatchObject({
        exemption: { category: 'severe-disability' },
        contributionFen: 0,
      });
    }
    // Disabled without the statement (grade not known): no exemption.
    const r = checkEnrolment(application(), child({ disabled: true }), ASOF);
    expect(r.ok && r.value.contribution.exemption).toBeNull();
    expect(exemptionCategories(child({ disabled: true }), false)).toEqual([]);
  });

  it('names every unmet condition at once', () => {
    expect(
      problems(
        application({
          residencePermit: false,
          hukouEnrolment: 'unknown',
          severeDisability: true,
          appliedOn: '2026-05-01',
        }),
        child({ movedOut: true }),
      ),
    ).toEqual([
      'childId:须为居住在本县区的流动儿童',
      'appliedOn:须在集中缴费期内',
      'residencePermit:须持居住证或为农民工随迁子女',
      'hukouEnrolment:不得重复参保',
      'severeDisability:须为登记在册的残疾儿童',
    ]);
  });

  it.each([
    ['not a migrant child', child({ isMigrant: false }), /不是流动儿童/],
    ['moved out', child({ movedOut: true }), /已迁出/],
    ['no county', child({}, ''), /没有该儿童的居住县区/],
  ])('refuses a child %s', (_why, c, message) => {
    const r = checkEnrolment(application(), c, ASOF);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatchObject({
      field: 'childId',
      rule: '须为居住在本县区的流动儿童',
      message: expect.stringMatching(message),
    });
  });

  it.each([
    ['2026-13-01', 'appliedOn:日期格式'],
    ['2026-10-11', 'appliedOn:不晚于今日'],
    ['2019-09-14', 'appliedOn:不早于出生日期'],
    ['2026-08-31', 'appliedOn:须在集中缴费期内'],
  ])('refuses an application dated %s', (appliedOn, rule) => {
    expect(problems(application({ appliedOn }))).toEqual([rule]);
  });

  it('says when the period opens', () => {
    const r = checkEnrolment(application({ appliedOn: '2026-08-31' }), child(), ASOF);
    expect(!r.ok && r.problems[0].message).toContain('2026-09-01 起可申请 2027 年度');
  });

  it.each([
    [2026, 'coverageYear:须为可参保年度'],
    [2027.5, 'coverageYear:年度格式'],
  ])('refuses coverage year %s', (coverageYear, rule) => {
    expect(problems(application({ coverageYear }))).toEqual([rule]);
  });

  it('refuses a year without a configured contribution', () => {
    expect(problems(application({ appliedOn: '2030-10-01' }), child(), '2030-10-01')).toEqual([
      'coverageYear:须已配置缴费标准',
    ]);
  });

  it.each([
    [{ hukouEnrolment: 'maybe' }, 'hukouEnrolment:户籍地参保状态'],
    [{ hukouEnrolment: 'unknown' }, 'hukouEnrolment:不得重复参保'],
    [{ hukouEnrolment: 'enrolled-at-hukou' }, 'hukouStopDate:户籍地已参保须停保或转移'],
    [{ hukouEnrolment: 'enrolled-at-hukou', hukouStopDate: '' }, 'hukouStopDate:户籍地已参保须停保或转移'],
    [{ hukouEnrolment: 'enrolled-at-hukou', hukouStopDate: '2026/12/31' }, 'hukouStopDate:日期格式'],
    [{ hukouEnrolment: 'enrolled-at-hukou', hukouStopDate: '2027-01-02' }, 'hukouStopDate:不得重复参保'],
    [{ hukouEnrolment: 'none', hukouStopDate: '2026-12-31' }, 'hukouStopDate:仅户籍地已参保时填写'],
  ])('checks the hukou-place status %j', (patch, rule) => {
    expect(problems(application(patch))).toEqual([rule]);
  });

  it('accepts an enrolment at the hukou place stopping by the start of the coverage year', () => {
    for (const hukouStopDate of ['2026-12-31', '2027-01-01']) {
      const r = checkEnrolment(
        application({ hukouEnrolment: 'enrolled-at-hukou', hukouStopDate }),
        child(),
        ASOF,
      );
      expect(r.ok && r.value).toMatchObject({ hukouEnrolment: 'enrolled-at-hukou', hukouStopDate });
    }
  });

  describe('a newborn (出生90天内)', () => {
    const baby = child({ birthDate: '2027-03-10' });
    it('enrols outside the period for the year of birth, covered from birth', () => {
      const r = checkEnrolment(application({ appliedOn: '2027-04-01' }), baby, '2027-04-01');
      expect(r.ok && r.value).toMatchObject({
        coverageYear: 2027,
        coverageStart: '2027-03-10',
        newborn: true,
      });
    });
    it('no longer from the 90th day', () => {
      expect(problems(application({ appliedOn: '2027-06-08' }), baby, '2027-06-08')).toEqual([
        'appliedOn:须在集中缴费期内',
      ]);
      const r = checkEnrolment(application({ appliedOn: '2027-06-07' }), baby, '2027-06-07');
      expect(r.ok).toBe(true);
    });
    it('in the period may choose the year of birth (default) or the next', () => {
      const autumn = child({ birthDate: '2026-09-20' });
      const own = checkEnrolment(application(), autumn, ASOF);
      expect(own.ok && own.value).toMatchObject({
        coverageYear: 2026,
        coverageStart: '2026-09-20',
        newborn: true,
      });
      const next = checkEnrolment(application({ coverageYear: 2027 }), autumn, ASOF);
      expect(next.ok && next.value).toMatchObject({
        coverageYear: 2027,
        coverageStart: '2027-01-01',
        newborn: false,
      });
      expect(problems(application({ coverageYear: 2028 }), autumn)).toEqual(['coverageYear:须为可参保年度']);
      const r = checkEnrolment(application({ coverageYear: 2028 }), autumn, ASOF);
      expect(!r.ok && r.problems[0].message).toContain('只能申请 2026、2027 年度');
    });
    it('born at the hukou place insured there: the stop date counts from birth', () => {
      const r = checkEnrolment(
        application({
          appliedOn: '2027-04-01',
          hukouEnrolment: 'enrolled-at-hukou',
          hukouStopDate: '2027-03-20',
        }),
        baby,
        '2027-04-01',
      );
      expect(!r.ok && r.problems.map((p) => p.rule)).toEqual(['不得重复参保']);
    });
  });

  it('never names the child or prints more than 20 characters of what was typed', () => {
    const r = checkEnrolment(application({ hukouEnrolment: 'x'.repeat(50) }), child(), ASOF);
    expect(!r.ok && r.problems[0].message).toContain(`"${'x'.repeat(20)}…"`);
  });
});

describe('contributionText', () => {
  it.each([
    [[], '个人缴费400.00元（示例标准）'],
    [['orphan'], '个人缴费400.00元，孤儿全额资助，个人免缴（示例标准）'],
    [['minimum-living'], '个人缴费400.00元，低保对象资助280.00元，个人实缴120.00元（示例标准）'],
  ] as const)('%j', (categories, text) => {
    expect(contributionText(contributionFor(2027, categories)!)).toBe(text);
  });

  it('omits the mark for a real standard', () => {
    const real: MedicalInsuranceStandard = { ...MEDICAL_INSURANCE_STANDARD, demo: false };
    expect(contributionText(contributionFor(2027, [], real)!)).toBe('个人缴费400.00元');
  });
});
