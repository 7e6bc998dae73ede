import { isStale } from '@care/child-rules';
import { staleBefore } from './staleness';

describe('staleBefore: the stale list is lastVerifiedOn < staleBefore(asOf), exactly isStale', () => {
  // [asOf, expected first non-stale date, reason]
  const rows: [string, string, string][] = [
    ['2025-06-01', '2024-12-01', 'plain case: verified exactly six months ago is still current'],
    ['2025-03-01', '2024-09-01', 'start of month'],
    ['2025-02-28', '2024-08-28', 'end of February in a common year: verified 2024-08-27 was due 2025-02-27'],
    ['2024-02-29', '2023-08-29', '29 February in a leap year'],
    [
      '2025-08-31',
      '2025-03-01',
      'month-end: verified 2025-02-28 was due 2025-08-28, so it is stale by 08-31; 03-01 is the first current day',
    ],
    ['2025-01-01', '2024-07-01', 'across the year boundary'],
  ];
  it.each(rows)('asOf %s -> %s (%s)', (asOf, expected) => {
    const boundary = staleBefore(asOf);
    // Whatever the table says, the boundary must agree with the rule on both sides.
    expect(isStale(boundary, asOf)).toBe(false);
    expect(
      isStale(new Date(Date.parse(`${boundary}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10), asOf),
    ).toBe(true);
    expect(boundary).toBe(expected);
  });

  it('agrees with isStale for every day of two years', () => {
    for (
      let d = Date.parse('2024-01-01T00:00:00Z');
      d < Date.parse('2026-01-01T00:00:00Z');
      d += 86_400_000
    ) {
      const asOf = new Date(d).toISOString().slice(0, 10);
      const boundary = staleBefore(asOf);
      for (let back = 170; back <= 200; back += 1) {
        const verified = new Date(d - back * 86_400_000).toISOString().slice(0, 10);
        expect({ asOf, verified, stale: verified < boundary }).toEqual({
          asOf,
          verified,
          stale: isStale(verified, asOf),
        });
      }
    }
  });
});
