import {
  checkSettlementFiling,
  settlementFilingStatus,
  type SettlementFilingContext,
  type SettlementFilingInput,
} from './settlement-filing';

const context = (patch: Partial<SettlementFilingContext> = {}): SettlementFilingContext => ({
  countyCode: '371702',
  isMigrant: true,
  movedOut: false,
  asOf: '2026-10-10',
  enrolledHereYears: [],
  ...patch,
});
const filing = (patch: Partial<SettlementFilingInput> = {}): SettlementFilingInput => ({
  type: 'long-term-residence',
  insuredRegionCode: '410102',
  startDate: '2026-10-01',
  validUntil: '2027-09-30',
  ...patch,
});
const rules = (input: SettlementFilingInput, c = context()) => {
  const r = checkSettlementFiling(input, c);
  return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.rule}`);
};

describe('checkSettlementFiling: 异地就医备案', () => {
  it('records a long-term residence filing of a child insured in another city', () => {
    expect(checkSettlementFiling(filing(), context())).toEqual({
      ok: true,
      value: {
        type: 'long-term-residence',
        insuredRegionCode: '410102',
        startDate: '2026-10-01',
        validUntil: '2027-09-30',
      },
    });
  });

  it('names every problem at once', () => {
    expect(
      rules(
        filing({
          type: 'temporary',
          insuredRegionCode: '371721',
          startDate: 'soon',
          validUntil: '2026-10-09',
        }),
        context({ movedOut: true }),
      ),
    ).toEqual([
      'childId:须为居住在本县区的流动儿童',
      'type:备案类型',
      'insuredRegionCode:参保地须在异地',
      'startDate:日期格式',
      'validUntil:不早于今日',
    ]);
  });

  it.each([
    [{ insuredRegionCode: '4101' }, 'insuredRegionCode:行政区划代码'],
    [{ insuredRegionCode: '010102' }, 'insuredRegionCode:行政区划代码'],
    [{ insuredRegionCode: '371703' }, 'insuredRegionCode:参保地须在异地'],
    [{ validUntil: '2027-02-30' }, 'validUntil:日期格式'],
    [{ startDate: '2026-10-20', validUntil: '2026-10-20' }, 'validUntil:有效期晚于开始日期'],
    [{ startDate: '2027-10-12', validUntil: '2028-10-01' }, 'startDate:开始日期不超过一年后'],
    [{ validUntil: '2031-12-31' }, 'validUntil:有效期不超过5年'],
  ])('refuses %j', (patch, rule) => {
    expect(rules(filing(patch))).toEqual([rule]);
  });

  it('refuses a child not a migrant child', () => {
    expect(rules(filing(), context({ isMigrant: false }))).toEqual(['childId:须为居住在本县区的流动儿童']);
  });

  it('refuses a filing covering a year in which the child is enrolled here', () => {
    expect(rules(filing(), context({ enrolledHereYears: [2027] }))).toEqual(['childId:须在户籍地参保']);
    expect(rules(filing({ validUntil: '2026-12-31' }), context({ enrolledHereYears: [2027] }))).toEqual([]);
  });
});

describe('settlementFilingStatus', () => {
  const f = { startDate: '2026-10-01', validUntil: '2026-11-30' };
  it.each([
    ['2026-09-30', 'not-started', 61],
    ['2026-10-01', 'active', 60],
    ['2026-10-31', 'expiring-soon', 30],
    ['2026-11-30', 'expiring-soon', 0],
    ['2026-12-01', 'expired', -1],
  ])('on %s is %s with %i days left', (asOf, s, daysLeft) => {
    expect(settlementFilingStatus(f, asOf, 30)).toEqual({ status: s, daysLeft });
  });
});
