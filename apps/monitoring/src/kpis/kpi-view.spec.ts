import { DomainError } from '@care/errors';
import { kpiRange, MAX_RANGE_DAYS } from './kpi-view';

const TODAY = '2026-09-20';

describe('the day range of a KPI query', () => {
  it.each<[string, string | undefined, string | undefined, [string, string]]>([
    ['nothing given is today', undefined, undefined, [TODAY, TODAY]],
    ['from alone reaches today', '2026-09-01', undefined, ['2026-09-01', TODAY]],
    ['from alone in the future is that day', '2026-10-01', undefined, ['2026-10-01', '2026-10-01']],
    ['to alone is that day', undefined, '2026-08-31', ['2026-08-31', '2026-08-31']],
    ['both given', '2026-09-01', '2026-09-10', ['2026-09-01', '2026-09-10']],
    ['one day', '2026-09-01', '2026-09-01', ['2026-09-01', '2026-09-01']],
    ['366 days (a leap year) is the most', '2028-01-01', '2028-12-31', ['2028-01-01', '2028-12-31']],
  ])('%s', (_why, from, to, expected) => {
    expect(kpiRange(from, to, TODAY)).toEqual(expected);
  });

  it.each<[string, string | undefined, string | undefined, string, string, RegExp]>([
    [
      'from after to',
      '2026-09-21',
      '2026-09-20',
      'from',
      '不晚于 to',
      /起始日期 from（2026-09-21）晚于截止日期 to（2026-09-20）/,
    ],
    [
      '367 days',
      '2026-01-01',
      '2027-01-02',
      'to',
      `跨度不超过${MAX_RANGE_DAYS}天`,
      new RegExp(`不能超过${MAX_RANGE_DAYS}天`),
    ],
  ])('refuses %s naming the field and the rule', (_why, from, to, field, rule, message) => {
    let error: unknown;
    try {
      kpiRange(from, to, TODAY);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid-argument', field, rule });
    expect((error as Error).message).toMatch(message);
  });
});
