import { nextRunAt } from './schedule';

describe('nextRunAt (daily 00:10 Asia/Shanghai)', () => {
  // [now (UTC instant), HH:MM, expected run instant (UTC), expected Shanghai date, reason]
  const rows: [string, string, string, string, string][] = [
    [
      '2025-03-01T15:00:00Z',
      '00:10',
      '2025-03-01T16:10:00Z',
      '2025-03-02',
      '23:00 Shanghai: runs 70 minutes later, on the next Shanghai day',
    ],
    ['2025-03-01T16:09:59Z', '00:10', '2025-03-01T16:10:00Z', '2025-03-02', 'one second before the run'],
    [
      '2025-03-01T16:10:00Z',
      '00:10',
      '2025-03-02T16:10:00Z',
      '2025-03-03',
      'exactly at the run time: the next run is a day later (strictly after)',
    ],
    ['2025-03-01T16:20:00Z', '00:10', '2025-03-02T16:10:00Z', '2025-03-03', 'just after the run'],
    [
      '2025-02-28T16:30:00Z',
      '00:10',
      '2025-03-01T16:10:00Z',
      '2025-03-02',
      'month end in Shanghai (already 1 March there)',
    ],
    [
      '2024-12-31T17:00:00Z',
      '00:10',
      '2025-01-01T16:10:00Z',
      '2025-01-02',
      'year end: 01:00 on 1 January in Shanghai',
    ],
    [
      '2025-06-10T01:00:00Z',
      '23:59',
      '2025-06-10T15:59:00Z',
      '2025-06-10',
      'a late-evening schedule on the same Shanghai day',
    ],
  ];
  it.each(rows)('now %s at %s -> %s (%s): %s', (now, hhmm, at, date) => {
    const next = nextRunAt(new Date(now), hhmm);
    expect(next.at.toISOString()).toBe(new Date(at).toISOString());
    expect(next.date).toBe(date);
  });

  it('refuses a time that is not HH:MM', () => {
    expect(() => nextRunAt(new Date(), '24:00')).toThrow(RangeError);
  });
});
