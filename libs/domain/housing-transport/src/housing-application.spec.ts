import {
  assessHousingApplication,
  isOpenHousingStatus,
  nextHousingStatus,
  type HousingApplicationFacts,
  type HousingAssessment,
} from './housing-application';
import { DEMO_HOUSING_POLICIES, readHousingPolicies, type CountyHousingPolicy } from './housing-policy';

const policy: CountyHousingPolicy = {
  countyCode: '371702',
  incomeCeilingPerCapitaMonthlyYuan: 2000,
  areaCeilingPerCapitaSqm: 15,
  minResidenceMonths: 6,
  subsidyYuanPerSqmMonthly: 8,
  guaranteedAreaPerCapitaSqm: 15,
  guaranteedAreaMaxSqm: 60,
  source: 'test',
};
const family: HousingApplicationFacts = {
  form: 'rent-subsidy',
  householdSize: 3,
  monthlyIncomeYuan: 5400,
  currentAreaSqm: 20,
  residenceMonths: 12,
  ownsHomeInCity: false,
};

describe('assessHousingApplication', () => {
  it('finds an eligible family and its subsidy: (min(3×15, 60) − 20) × 8 = 200 yuan', () => {
    expect(assessHousingApplication(family, policy)).toEqual({
      eligible: true,
      problems: [],
      monthlySubsidyFen: 20000,
    });
  });

  it('caps the guaranteed area for a large family: (60 − 10) × 8 = 400 yuan', () => {
    expect(
      assessHousingApplication(
        { ...family, householdSize: 6, monthlyIncomeYuan: 6000, currentAreaSqm: 10 },
        policy,
      ).monthlySubsidyFen,
    ).toBe(40000);
  });

  it('gives no subsidy amount for public rental, nor below zero', () => {
    expect(assessHousingApplication({ ...family, form: 'public-rental' }, policy)).toEqual({
      eligible: true,
      problems: [],
      monthlySubsidyFen: 0,
    });
  });

  it('keeps fen exact for fractional areas and standards', () => {
    const fractional = { ...policy, subsidyYuanPerSqmMonthly: 7.3 };
    expect(assessHousingApplication({ ...family, currentAreaSqm: 20.5 }, fractional).monthlySubsidyFen).toBe(
      17885,
    );
  });

  it('accepts the income and residence limits exactly, refuses one above or below', () => {
    expect(
      assessHousingApplication({ ...family, monthlyIncomeYuan: 6000, residenceMonths: 6 }, policy).eligible,
    ).toBe(true);
    expect(assessHousingApplication({ ...family, monthlyIncomeYuan: 6001 }, policy).problems).toEqual([
      {
        field: 'monthlyIncomeYuan',
        rule: '人均收入',
        message: '家庭人均月收入 2000.33 元，高于本县区标准 2000 元',
      },
    ]);
    expect(assessHousingApplication({ ...family, residenceMonths: 5 }, policy).problems).toEqual([
      { field: 'residenceMonths', rule: '居住年限', message: '在本县区连续居住 5 个月，不足 6 个月' },
    ]);
  });

  it('refuses an area per head at the ceiling (difficulty is below it)', () => {
    expect(assessHousingApplication({ ...family, currentAreaSqm: 45 }, policy).problems).toEqual([
      {
        field: 'currentAreaSqm',
        rule: '人均住房面积',
        message: '家庭人均住房建筑面积 15.00 平方米，未低于本县区标准 15 平方米',
      },
    ]);
    expect(assessHousingApplication({ ...family, currentAreaSqm: 44.9 }, policy).eligible).toBe(true);
  });

  it('names every unmet condition at once, and no subsidy', () => {
    const result = assessHousingApplication(
      { ...family, monthlyIncomeYuan: 90000, currentAreaSqm: 200, residenceMonths: 0, ownsHomeInCity: true },
      policy,
    );
    expect(result.eligible).toBe(false);
    expect(result.monthlySubsidyFen).toBe(0);
    expect(result.problems.map((p) => p.rule)).toEqual([
      '人均收入',
      '人均住房面积',
      '居住年限',
      '无自有住房',
    ]);
  });
});

describe('nextHousingStatus', () => {
  const eligible: HousingAssessment = { eligible: true, problems: [], monthlySubsidyFen: 20000 };
  const ineligible = assessHousingApplication({ ...family, ownsHomeInCity: true }, policy);

  it('puts an approved public-rental application on the waiting list, a subsidy straight to granted', () => {
    expect(nextHousingStatus('submitted', 'public-rental', eligible, { kind: 'approve' })).toEqual({
      ok: true,
      to: 'waiting',
    });
    expect(nextHousingStatus('submitted', 'rent-subsidy', eligible, { kind: 'approve' })).toEqual({
      ok: true,
      to: 'subsidy-granted',
    });
  });

  it('refuses to approve an ineligible family, naming the unmet condition', () => {
    expect(nextHousingStatus('submitted', 'rent-subsidy', ineligible, { kind: 'approve' })).toEqual({
      ok: false,
      rule: '符合保障条件',
      message: '不符合本县区住房保障条件：家庭在本市有自有住房',
    });
  });

  it('rejects with a reason only, and only while submitted', () => {
    expect(
      nextHousingStatus('submitted', 'public-rental', ineligible, { kind: 'reject', reason: '有自有住房' }),
    ).toEqual({
      ok: true,
      to: 'rejected',
    });
    expect(
      nextHousingStatus('submitted', 'public-rental', ineligible, { kind: 'reject', reason: '  ' }),
    ).toMatchObject({
      ok: false,
      rule: '须说明原因',
    });
    expect(
      nextHousingStatus('waiting', 'public-rental', eligible, { kind: 'reject', reason: 'x' }),
    ).toMatchObject({
      ok: false,
      rule: '待审核方可审核',
    });
  });

  it('allocates a unit only from the waiting list', () => {
    expect(
      nextHousingStatus('waiting', 'public-rental', eligible, { kind: 'allocate', unitCode: 'A-101' }),
    ).toEqual({
      ok: true,
      to: 'allocated',
    });
    for (const from of ['submitted', 'allocated', 'subsidy-granted', 'rejected', 'withdrawn'] as const)
      expect(
        nextHousingStatus(from, 'public-rental', eligible, { kind: 'allocate', unitCode: 'A-101' }),
      ).toMatchObject({
        ok: false,
        rule: '轮候中方可配租',
      });
  });

  it('approves only once', () => {
    for (const from of ['waiting', 'allocated', 'subsidy-granted', 'rejected', 'withdrawn'] as const)
      expect(nextHousingStatus(from, 'public-rental', eligible, { kind: 'approve' })).toMatchObject({
        ok: false,
        rule: '待审核方可审核',
      });
  });

  it('withdraws an open application only', () => {
    expect(nextHousingStatus('submitted', 'rent-subsidy', eligible, { kind: 'withdraw' })).toEqual({
      ok: true,
      to: 'withdrawn',
    });
    expect(nextHousingStatus('waiting', 'public-rental', eligible, { kind: 'withdraw' })).toEqual({
      ok: true,
      to: 'withdrawn',
    });
    for (const from of ['allocated', 'subsidy-granted', 'rejected', 'withdrawn'] as const)
      expect(nextHousingStatus(from, 'public-rental', eligible, { kind: 'withdraw' })).toMatchObject({
        ok: false,
        rule: '办理中方可撤回',
      });
  });

  it('counts submitted and waiting as open', () => {
    expect(
      (['submitted', 'waiting', 'allocated', 'subsidy-granted', 'rejected', 'withdrawn'] as const).filter(
        isOpenHousingStatus,
      ),
    ).toEqual(['submitted', 'waiting']);
  });
});

describe('readHousingPolicies', () => {
  it('reads the demo data, each entry saying it is not an official standard', () => {
    expect([...DEMO_HOUSING_POLICIES.keys()]).toEqual(['371702', '371703']);
    for (const p of DEMO_HOUSING_POLICIES.values()) expect(p.source).toContain('示例标准');
  });

  it('names the entry and field of a bad file, and a county twice', () => {
    expect(() => readHousingPolicies([{ ...policy, incomeCeilingPerCapitaMonthlyYuan: -1 }])).toThrow(
      /incomeCeilingPerCapitaMonthlyYuan/,
    );
    expect(() => readHousingPolicies([policy, policy])).toThrow(/县区 371702 重复/);
    expect(() => readHousingPolicies([])).toThrow(/至少须有一个县区/);
    expect(() => readHousingPolicies([{ ...policy, countyCode: '3717' }])).toThrow(/须为6位县区代码/);
  });
});
