import {
  daysFrom,
  importEnded,
  importPercent,
  importSummary,
  reportPathOf,
  todayInChina,
  visitStatus,
  type ImportJob,
  type NextVisit,
} from './ledger';

const next = (over: Partial<NextVisit>): { nextVisit: NextVisit } => ({
  nextVisit: {
    visitId: 'v1',
    dueOn: '2026-07-01',
    workerId: 'w1',
    plannedOn: null,
    overdue: false,
    daysOverdue: 0,
    ...over,
  },
});

describe('visit status (走访状态)', () => {
  it.each([
    ['closed entry: no plan', { nextVisit: null }, '2026-06-01', 'none'],
    ['the registry says overdue', next({ overdue: true, daysOverdue: 3 }), '2026-06-01', 'overdue'],
    ['past the due date by the page’s day', next({ dueOn: '2026-05-31' }), '2026-06-01', 'overdue'],
    ['due today', next({ dueOn: '2026-06-01' }), '2026-06-01', 'due-soon'],
    ['due in 30 days', next({ dueOn: '2026-07-01' }), '2026-06-01', 'due-soon'],
    ['due in 31 days', next({ dueOn: '2026-07-02' }), '2026-06-01', 'planned'],
  ] as const)('%s', (_why, entry, today, status) => expect(visitStatus(entry, today)).toBe(status));

  it('counts days across months and years', () => {
    expect(daysFrom('2026-01-31', '2026-03-01')).toBe(29);
    expect(daysFrom('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysFrom('2026-03-01', '2026-01-31')).toBe(-29);
  });

  it('today is China’s day (UTC+8)', () => {
    expect(todayInChina(Date.parse('2026-06-01T15:59:59Z'))).toBe('2026-06-01');
    expect(todayInChina(Date.parse('2026-06-01T16:00:00Z'))).toBe('2026-06-02');
  });
});

const job = (over: Partial<ImportJob>): ImportJob => ({
  jobId: '01J',
  countyCode: '371702',
  status: 'running',
  total: 10,
  processed: 4,
  stored: 3,
  updated: 0,
  duplicates: 0,
  failed: 1,
  incomplete: 0,
  completed: 0,
  warned: 0,
  keyCareAdded: 0,
  keyCareChanged: 0,
  ...over,
});

describe('import progress', () => {
  it('ends on success, failure or interruption only', () => {
    expect(importEnded('queued')).toBe(false);
    expect(importEnded('running')).toBe(false);
    expect(importEnded('succeeded')).toBe(true);
    expect(importEnded('failed')).toBe(true);
    expect(importEnded('interrupted')).toBe(true);
  });

  it.each([
    ['processed of total', job({}), 40],
    ['rounded down', job({ total: 3, processed: 2 }), 66],
    ['total not yet known', job({ total: null }), 0],
    ['an empty sheet', job({ total: 0, processed: 0 }), 0],
    ['never past 100', job({ total: 2, processed: 3 }), 100],
    ['succeeded is 100 whatever was counted', job({ status: 'succeeded', total: null }), 100],
  ])('percent: %s', (_why, j, percent) => expect(importPercent(j)).toBe(percent));

  it('summarises in the registry’s words', () => {
    expect(importSummary(job({ incomplete: 2, warned: 1 }))).toBe(
      '已处理 4 / 10 行，新增 3，更新 0，重复 0，待补录 2，已自动更正 1，未导入 1',
    );
    expect(importSummary(job({ total: null }))).toContain('已处理 4 行');
  });

  it('the report’s path on this origin, only for the registry’s own API paths', () => {
    expect(reportPathOf({ errorReportUrl: '/api/v1/imports/01J/errors.xlsx' })).toBe(
      '/api/registry/v1/imports/01J/errors.xlsx',
    );
    expect(reportPathOf({})).toBeUndefined();
    expect(reportPathOf({ errorReportUrl: 'https://elsewhere.example/x.xlsx' })).toBeUndefined();
  });
});
