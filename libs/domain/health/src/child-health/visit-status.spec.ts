import { childHealthStatus, type DoneVisit, type VisitStatusId } from './visit-status';
import { CHILD_HEALTH_SCHEDULE, parseChildHealthSchedule } from './visit-schedule';
import visitsJson from '../data/child-health-visits-2017.json';

const BORN = '2026-03-01';
const statusOf = (asOf: string, done: DoneVisit[] = []) => childHealthStatus(BORN, done, asOf);
const of = (asOf: string, visit: string, done: DoneVisit[] = []) =>
  statusOf(asOf, done).visits.find((v) => v.visit === visit);

describe('a child’s 0～3岁 visits as of a day', () => {
  it.each<[string, string, VisitStatusId, number]>([
    // [as of, visit, status, days overdue] for a child born 2026-03-01, nothing done
    ['2026-02-28', 'newborn', 'not-yet', 0], // before the birth (a status for a past day)
    ['2026-03-01', 'newborn', 'due', 0], // the birth day
    ['2026-03-08', 'newborn', 'due', 0], // the 7th day after birth: still within 1周
    ['2026-03-09', 'newborn', 'overdue', 0], // the first overdue day
    ['2026-03-29', 'newborn', 'overdue', 20], // the last day it can be made up (新生儿期)
    ['2026-03-30', 'newborn', 'missed', 0],
    ['2026-03-28', 'month-1', 'not-yet', 0],
    ['2026-03-29', 'month-1', 'due', 0], // day 28
    ['2026-03-31', 'month-1', 'due', 0], // day 30: never overdue, the window is 3 days
    ['2026-04-01', 'month-1', 'missed', 0],
    ['2026-04-30', 'month-3', 'not-yet', 0],
    ['2026-05-01', 'month-3', 'due', 0],
    ['2026-06-15', 'month-3', 'due', 0],
    ['2026-06-16', 'month-3', 'overdue', 0],
    ['2026-07-15', 'month-3', 'overdue', 29],
    ['2026-07-16', 'month-3', 'missed', 0],
    ['2026-07-16', 'month-6', 'due', 0],
    ['2029-08-31', 'month-36', 'overdue', 168],
    ['2029-09-01', 'month-36', 'missed', 0],
  ])('as of %s: %s is %s (%i days overdue)', (asOf, visit, status, daysOverdue) => {
    expect(of(asOf, visit)).toMatchObject({ status, daysOverdue });
  });

  it('a visit done is done whatever the day, with its date', () => {
    const done = [{ visit: 'newborn', date: '2026-03-05' }];
    expect(of('2026-03-10', 'newborn', done)).toMatchObject({ status: 'done', doneOn: '2026-03-05' });
    expect(of('2027-01-01', 'newborn', done)).toMatchObject({ status: 'done', doneOn: '2026-03-05' });
  });

  it('ignores a visit dated after the day asked for, and keeps the first date of a visit recorded twice', () => {
    const done = [
      { visit: 'newborn', date: '2026-03-07' },
      { visit: 'newborn', date: '2026-03-05' },
    ];
    expect(of('2026-03-04', 'newborn', done)?.status).toBe('due');
    expect(of('2026-03-06', 'newborn', done)?.doneOn).toBe('2026-03-05');
  });

  it('counts every status and names the next visit', () => {
    const s = statusOf('2026-06-20', [{ visit: 'month-1', date: '2026-03-30' }]);
    expect(s.counts).toEqual({ done: 1, due: 0, overdue: 1, missed: 1, 'not-yet': 7 });
    expect(s.nextDue).toEqual({
      visit: 'month-3',
      nameZh: '3月龄健康检查',
      opensOn: '2026-05-01',
      lastDay: '2026-07-15',
    });
    expect(s.mostOverdueFrom).toBe('2026-06-16');
    expect(s.maxDaysOverdue).toBe(4);
    expect(s.visits.find((v) => v.visit === 'month-1')?.windowToConfirm).toBe(false);
    expect(s.visits.find((v) => v.visit === 'month-3')?.windowToConfirm).toBe(true);
  });

  it('the longest overdue visit gives the order (two overdue at once cannot happen with these windows: a made-up schedule)', () => {
    const raw = JSON.parse(JSON.stringify(visitsJson)) as typeof visitsJson;
    raw.visits[1] = {
      ...raw.visits[1],
      window: { from: { days: 1 }, before: { days: 60 } },
      overdueFrom: { days: 10 },
    };
    const parsed = parseChildHealthSchedule(raw);
    if ('errors' in parsed) throw new Error(parsed.errors.join('; '));
    const s = childHealthStatus(BORN, [], '2026-03-20', parsed.schedule);
    expect(s.visits.filter((v) => v.status === 'overdue').map((v) => v.visit)).toEqual([
      'newborn',
      'month-1',
    ]);
    expect(s.mostOverdueFrom).toBe('2026-03-09');
    expect(s.maxDaysOverdue).toBe(11);
  });

  it('is managed (the catalogue item delivered) from the first visit done, dated on it', () => {
    expect(statusOf('2026-03-10')).toMatchObject({ managed: false, managedOn: null });
    expect(statusOf('2026-03-10', [{ visit: 'newborn', date: '2026-03-06' }])).toMatchObject({
      managed: true,
      managedOn: '2026-03-06',
    });
  });

  it('with managedAfterVisits 2, the second visit by date makes the child managed', () => {
    const parsed = parseChildHealthSchedule({ ...visitsJson, managedAfterVisits: 2 });
    if ('errors' in parsed) throw new Error(parsed.errors.join('; '));
    const done = [
      { visit: 'month-1', date: '2026-03-30' },
      { visit: 'newborn', date: '2026-03-06' },
    ];
    expect(childHealthStatus(BORN, done.slice(1), '2026-04-01', parsed.schedule).managed).toBe(false);
    expect(childHealthStatus(BORN, done, '2026-04-01', parsed.schedule)).toMatchObject({
      managed: true,
      managedOn: '2026-03-30',
    });
  });

  it('has nothing next nor overdue once the 36-month window has closed', () => {
    const s = statusOf('2030-01-01');
    expect(s).toMatchObject({ nextDue: null, mostOverdueFrom: null, maxDaysOverdue: 0 });
    expect(s.counts.missed).toBe(CHILD_HEALTH_SCHEDULE.visits.length);
    expect(s.visits[0].statusText).toBe('已错过（窗口期已过）');
  });
});
