import { addDays } from '@care/child-rules';
import visitsJson from '../data/child-health-visits-2017.json';
import {
  CHILD_HEALTH_SCHEDULE,
  findScheduledVisit,
  parseChildHealthSchedule,
  visitWindowDates,
} from './visit-schedule';

type Raw = typeof visitsJson;
const clone = (): Raw => JSON.parse(JSON.stringify(visitsJson)) as Raw;
const errorsOf = (raw: unknown): string[] => {
  const parsed = parseChildHealthSchedule(raw);
  return 'errors' in parsed ? parsed.errors : [];
};

describe('the 0～3岁 visit schedule (国家基本公共卫生服务规范（第三版）)', () => {
  it('has the newborn visit, 满月 and the eight checks at 3…36 months, in order', () => {
    expect(CHILD_HEALTH_SCHEDULE.visits.map((v) => v.code)).toEqual([
      'newborn',
      'month-1',
      'month-3',
      'month-6',
      'month-8',
      'month-12',
      'month-18',
      'month-24',
      'month-30',
      'month-36',
    ]);
    expect(CHILD_HEALTH_SCHEDULE.managedAfterVisits).toBe(1);
    // The quoted texts could not be checked against the original here: the data says so.
    expect(CHILD_HEALTH_SCHEDULE.sourceTextChecked).toBe(false);
    expect(CHILD_HEALTH_SCHEDULE.sourceTextNote).toContain('原文');
  });

  it('marks only the 28～30 days of 满月 as the spec’s own window', () => {
    expect(CHILD_HEALTH_SCHEDULE.visits.filter((v) => v.timingInSpec).map((v) => v.code)).toEqual([
      'month-1',
    ]);
  });

  it.each([
    // [visit, first day, last day, overdue from] for a child born 2026-03-01
    ['newborn', '2026-03-01', '2026-03-29', '2026-03-09'],
    ['month-1', '2026-03-29', '2026-03-31', '2026-04-01'],
    ['month-3', '2026-05-01', '2026-07-15', '2026-06-16'],
    ['month-6', '2026-07-16', '2026-09-30', '2026-09-16'],
    ['month-8', '2026-10-01', '2026-12-31', '2026-11-16'],
    ['month-12', '2027-01-01', '2027-05-31', '2027-03-16'],
    ['month-18', '2027-06-01', '2027-11-30', '2027-09-16'],
    ['month-24', '2027-12-01', '2028-05-31', '2028-03-16'],
    ['month-30', '2028-06-01', '2028-11-30', '2028-09-16'],
    ['month-36', '2028-12-01', '2029-08-31', '2029-03-16'],
  ])('%s of a child born 2026-03-01: %s to %s, overdue from %s', (code, opensOn, lastDay, overdueFrom) => {
    const visit = findScheduledVisit(CHILD_HEALTH_SCHEDULE, code);
    expect(visit).toBeDefined();
    expect(visitWindowDates('2026-03-01', visit!)).toEqual({ opensOn, lastDay, overdueFrom });
  });

  it('windows touch without a gap from 3 months on (each opens the day after the previous closes)', () => {
    const dates = CHILD_HEALTH_SCHEDULE.visits.slice(2).map((v) => visitWindowDates('2025-08-31', v));
    for (let i = 1; i < dates.length; i++) expect(dates[i].opensOn).toBe(addDays(dates[i - 1].lastDay, 1));
  });

  it('clamps month ends: born 31 January, the 3-month check opens on the last day of March', () => {
    expect(
      visitWindowDates('2026-01-31', findScheduledVisit(CHILD_HEALTH_SCHEDULE, 'month-3')!).opensOn,
    ).toBe('2026-03-31');
  });

  it('finds no visit of an unknown code', () => {
    expect(findScheduledVisit(CHILD_HEALTH_SCHEDULE, 'month-48')).toBeUndefined();
  });

  it('accepts the bundled file as it is', () => {
    expect(errorsOf(visitsJson)).toEqual([]);
  });

  it.each<[string, (raw: Raw) => unknown, RegExp]>([
    ['not an object', () => null, /must be an object/],
    ['no title', (r) => ({ ...r, title: '' }), /title: required/],
    ['sourceTextChecked missing', (r) => ({ ...r, sourceTextChecked: 'no' }), /sourceTextChecked/],
    ['unchecked without a note', (r) => ({ ...r, sourceTextNote: '' }), /sourceTextNote/],
    [
      'a duplicate visit code',
      (r) => ({ ...r, visits: [...r.visits, r.visits[0]] }),
      /newborn: duplicate code/,
    ],
    [
      'a bad visit code',
      (r) => ({ ...r, visits: [{ ...r.visits[0], code: 'New Born' }] }),
      /lower-case letters/,
    ],
    [
      'a visit without a name',
      (r) => ({ ...r, visits: [{ ...r.visits[0], nameZh: '' }] }),
      /nameZh required/,
    ],
    [
      'timingInSpec not boolean',
      (r) => ({ ...r, visits: [{ ...r.visits[0], timingInSpec: 1 }] }),
      /timingInSpec/,
    ],
    [
      'a window closing before it opens',
      (r) => ({ ...r, visits: [{ ...r.visits[0], window: { from: { days: 10 }, before: { days: 5 } } }] }),
      /opens at or after it closes/,
    ],
    [
      'overdue outside the window',
      (r) => ({ ...r, visits: [{ ...r.visits[0], overdueFrom: { days: 40 } }] }),
      /overdueFrom must lie/,
    ],
    [
      'a span with an unknown unit',
      (r) => ({ ...r, visits: [{ ...r.visits[0], overdueFrom: { weeks: 1 } }] }),
      /unknown weeks/,
    ],
    [
      'a negative span',
      (r) => ({ ...r, visits: [{ ...r.visits[0], window: { from: { days: -1 }, before: { days: 5 } } }] }),
      /months 0..216, days 0..366/,
    ],
    [
      'windows out of order',
      (r) => ({ ...r, visits: [r.visits[2], r.visits[0]] }),
      /before the previous visit/,
    ],
    ['no visits', (r) => ({ ...r, visits: [] }), /at least one/],
    ['managedAfterVisits 0', (r) => ({ ...r, managedAfterVisits: 0 }), /managedAfterVisits: 1..10/],
    ['managedAfterVisits beyond the visits', (r) => ({ ...r, managedAfterVisits: 11 }), /managedAfterVisits/],
    [
      'a duplicate result code',
      (r) => ({ ...r, resultCodes: [...r.resultCodes, r.resultCodes[1]] }),
      /result malnutrition: duplicate/,
    ],
    [
      'a result of an unknown kind',
      (r) => ({ ...r, resultCodes: [...r.resultCodes, { code: 'x', nameZh: 'x', kind: 'other' }] }),
      /kind normal, finding or action/,
    ],
    [
      'no action code',
      (r) => ({ ...r, resultCodes: r.resultCodes.filter((c) => c.kind !== 'action') }),
      /no code of kind action/,
    ],
  ])('refuses %s', (_why, edit, message) => {
    expect(errorsOf(edit(clone())).join('; ')).toMatch(message);
  });
});
