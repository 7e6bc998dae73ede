import { AggregateStore } from '../aggregates/aggregate-store';
import { childBuckets, type Bucket } from '../aggregates/contributions';
import type { ChildState } from '../aggregates/projection';
import { alertOpenDays, supervisionEvidence, type AlertRecord } from './supervision-report';

const alert: AlertRecord = {
  kind: 'visits-overdue',
  countyCode: '371702',
  itemCode: '',
  count: 2,
  sinceOn: '2026-09-01',
  raisedAt: '2026-09-10T02:00:00.000Z',
  status: 'open',
  clearedAt: '',
};

describe('supervision evidence', () => {
  it.each<[string, Partial<AlertRecord>, string, number]>([
    ['open: days from its raising to today', {}, '2026-09-20', 10],
    [
      'cleared: days to its clearing',
      { status: 'cleared', clearedAt: '2026-09-15T03:00:00.000Z' },
      '2026-09-20',
      5,
    ],
    [
      'Shanghai days, not UTC: raised 2026-09-09T17:00Z is 09-10 in Heze',
      { raisedAt: '2026-09-09T17:00:00.000Z', clearedAt: '2026-09-10T15:59:00.000Z', status: 'cleared' },
      '2026-09-20',
      0,
    ],
    ['raised today', { raisedAt: '2026-09-20T01:00:00.000Z' }, '2026-09-20', 0],
  ])('an alert is open %s', (_why, change, today, days) => {
    expect(alertOpenDays({ ...alert, ...change }, today)).toBe(days);
  });

  it('counts the year’s registrations of a county, a moved-out child included, and its alerts by kind', () => {
    const store = new AggregateStore();
    const child = (id: string, registeredOn: string, movedOut = false): ChildState => ({
      childId: id,
      version: 1,
      countyCode: '371702',
      townshipCode: '',
      ageBand: '6-11',
      hukouProvince: '410000',
      difficultyCodes: [],
      migrant: true,
      movedOut,
      registeredOn,
      lastVerifiedOn: registeredOn,
    });
    store.move([], childBuckets(child('a', '2026-03-01')));
    store.move([], childBuckets(child('b', '2026-04-01', true)));
    store.move([], childBuckets(child('c', '2025-12-31')));
    const flow = (metric: Bucket['metric'], dim: string): Bucket => ({
      metric,
      countyCode: '371702',
      townshipCode: '',
      dim,
    });
    store.move(
      [],
      [
        flow('push-sent-on', '2026-02-01'),
        flow('push-sent-on', '2025-12-31'),
        flow('push-receipted-on', '2026-02-01'),
        flow('push-mismatched-on', '2026-02-01'),
        flow('comparison-opened-on', '2026-03-01'),
        flow('comparison-resolved-on', '2026-03-02'),
        flow('comparison-open', 'missing-here|2026-09-01'),
      ],
    );
    const [row] = supervisionEvidence({
      store,
      counties: ['371702'],
      year: 2026,
      today: '2026-09-20',
      thresholds: { gapAlertDays: 30 },
      yearEnd: new Map(),
      alerts: [alert, { ...alert, kind: 'screening-overdue' }, { ...alert, countyCode: '371721' }],
    });
    expect(row).toMatchObject({
      countyCode: '371702',
      countyName: '牡丹区',
      figuresOn: '2026-09-20',
      registeredInYear: 2,
      alertsInYear: {
        'screening-overdue': 1,
        'visits-overdue': 1,
        'service-gap-aged': 0,
        'comparison-tasks-overdue': 0,
      },
      exchangeInYear: {
        pushesSent: 1, // the one of 2025 is last year's
        pushesReceipted: 1,
        pushesMismatched: 1,
        comparisonTasksOpened: 1,
        comparisonTasksResolved: 1,
        comparisonTasksSuperseded: 0,
      },
    });
    expect(row.stock).toMatchObject({
      children: 2,
      migrantChildren: 2,
      comparisonTasksOpen: 1,
      comparisonTasksOverdue: 1,
    });
  });
});
