// The exchange KPIs from the real gateways: Heze's monitoring on Heze's topics while two real
// cities (registry + gateway each, mutual TLS) push and compare. Heze pushes a child whose hukou is
// in Zhengzhou (sent, receipted, mismatched: Zhengzhou has no record of it); Zhengzhou pushes a
// child whose hukou is in Heze, so Heze's gateway opens a comparison task for 牡丹区, which
// monitoring counts as open, then overdue (monitoring's day is past the task's due day), raises the
// county's alert, and moves to resolved when the county office settles it. Nothing personal is
// stored, and a redelivered task event counts once.
import { GatewayEvents, MonitoringEvents, gateway, monitoring as monitoringV1 } from '@care/contracts';
import { addDays, shanghaiDate } from '@care/child-rules';
import { makeIdNumber } from '@care/identity';
import { httpJson, TestPublisher, TopicProbe, waitFor } from '@care/service-kit/testing';
import { CLEAR_VALUES, registrationBody } from '../../../apps/registry/test/fixtures';
import { AlertsService } from '../../../apps/monitoring/src/alerts/alerts.service';
import type { KpiResponse } from '../../../apps/monitoring/src/kpis/kpis.service';
import {
  countyOfficer,
  startMonitoring,
  type MonitoringTestApp,
} from '../../../apps/monitoring/test/monitoring-fixtures';
import { startGatewayPair, type City, type GatewayPair } from '../gateway/gateway-pair';

jest.setTimeout(240_000);

/** The only fields monitoring's exchange collections may hold (exchange-projection.ts, projection.schema.ts). */
const ALLOWED: Record<string, readonly string[]> = {
  monitoring_pushes: ['_id', 'rev', 'messageId', 'countyCode', 'peerCity', 'sentOn', 'receipts'],
  monitoring_comparison_tasks: [
    '_id',
    'rev',
    'taskId',
    'countyCode',
    'senderCity',
    'kind',
    'status',
    'dueOn',
    'openedOn',
    'closedOn',
    'closedAt',
  ],
};
const RECEIPT_FIELDS = ['at', 'day', 'outcome', 'matched', 'differenceCount'];

/** Personal values of the two children: never stored by monitoring. */
const PERSONAL = [
  ...CLEAR_VALUES,
  '王小明',
  '王建国',
  '李小红',
  '李大海',
  '经八路',
  '2015-03-07',
  '2016-05-20',
];

async function register(city: City, body: Record<string, unknown>): Promise<string> {
  const res = await httpJson<{ childId: string }>(
    city.registry.httpUrl,
    'POST',
    '/api/v1/children',
    body,
    city.officer,
  );
  expect(res.status).toBe(201);
  return res.body.childId;
}

describe('monitoring counts the real gateways’ pushes and comparison tasks (real Kafka, database, TLS)', () => {
  let pair: GatewayPair;
  let monitoring: MonitoringTestApp;
  let probe: TopicProbe;
  let publisher: TestPublisher;
  /** Heze's day as the gateways see it (their clocks run on the real date). */
  const gatewayDay = shanghaiDate(new Date());
  /** Monitoring's day: a month later, past any task's due day (COMPARISON_TASK_DUE_DAYS is 15). */
  const monitoringDay = addDays(gatewayDay, 30);

  beforeAll(async () => {
    pair = await startGatewayPair('monitoring');
    const topicSuffix = pair.heze.registry.topicSuffix;
    monitoring = await startMonitoring({ name: 'exchange', today: monitoringDay, topicSuffix });
    probe = await TopicProbe.open(
      monitoring.config.KAFKA_BROKERS,
      [GatewayEvents.comparisonTaskChanged, MonitoringEvents.alertRaised],
      topicSuffix,
    );
    publisher = await TestPublisher.open(monitoring.config.KAFKA_BROKERS, topicSuffix, [
      GatewayEvents.comparisonTaskChanged,
    ]);
  }, 240_000);

  afterAll(async () => {
    await publisher?.close();
    await probe?.close();
    await monitoring?.close();
    await pair?.close();
  });

  const kpis = async (area: string) => {
    const r = await httpJson<KpiResponse>(
      monitoring.httpUrl,
      'GET',
      `/api/v1/kpis?area=${area}&from=${gatewayDay}&to=${monitoringDay}`,
      undefined,
      countyOfficer(area),
    );
    expect(r.status).toBe(200);
    return r.body;
  };

  it('moves the KPIs: a push sent, receipted and mismatched; a task opened, overdue, alerted, resolved', async () => {
    const { heze, zhengzhou } = pair;
    // The live stream of 牡丹区, open before anything happens.
    const controller = new AbortController();
    const stream = await fetch(`${monitoring.httpUrl}/api/v1/stream?area=371702`, {
      headers: countyOfficer('371702'),
      signal: controller.signal,
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let streamed = '';
    const sawTaskOnStream = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return streamed;
        streamed += Buffer.from(value).toString('utf8');
        if (streamed.includes('"metric":"comparison-open"')) return streamed;
      }
    })();

    // Heze → Zhengzhou: a child of 牡丹区 whose hukou is in 中原区; Zhengzhou has no record of it.
    await register(
      heze,
      registrationBody(
        {
          name: '王小明',
          idNumber: makeIdNumber('410102', '2015-03-07', 901),
          hukouDivisionCode: '410102001',
          hukouAddress: '河南省郑州市中原区林山寨街道和平路12号',
          guardians: [{ name: '王建国', relation: '父亲', phone: '13812345678' }],
          difficultyTypes: [],
        },
        901,
      ),
    );
    // Zhengzhou → Heze: a child living in 金水区 whose hukou is in 牡丹区; Heze has no record of it.
    await register(
      zhengzhou,
      registrationBody(
        {
          name: '李小红',
          idNumber: makeIdNumber('371702', '2016-05-20', 902),
          hukouDivisionCode: '371702001',
          hukouAddress: '山东省菏泽市牡丹区东城街道和平路8号',
          residence: {
            divisionCode: '410105001',
            movedInOn: '2022-09-01',
            address: '河南省郑州市金水区经八路街道1号',
          },
          guardians: [{ name: '李大海', relation: '父亲', phone: '13912345678' }],
          education: { stage: 'primary', school: '经八路小学', grade: '三年级', inSchoolLocally: true },
        },
        902,
      ),
    );

    const county = await waitFor(
      'the push and the task in monitoring',
      async () => {
        const k = await kpis('371702');
        const { pushes, comparisonTasks } = k.summary.exchange;
        return pushes.receipted === 1 && comparisonTasks.open === 1 ? k : undefined;
      },
      90_000,
      200,
    );
    const { pushes, comparisonTasks } = county.summary.exchange;
    expect(pushes).toEqual({
      sent: 1,
      awaitingReceipt: 0,
      receipted: 1,
      mismatched: 1, // 户籍地无记录
      receipts: { applied: 1, duplicate: 0, stale: 0 },
    });
    expect(comparisonTasks).toMatchObject({
      opened: 1,
      resolved: 0,
      superseded: 0,
      open: 1,
      overdue: 1, // due 15 days after the gateway's day; monitoring's day is 30 days after it
      openByKind: [{ code: 'missing-here', label: '户籍地无记录', count: 1 }],
    });
    expect(comparisonTasks.oldestOverdueDueOn).toBe(addDays(gatewayDay, 15));
    // By period: on the gateway's day, and the day's closing figures of today.
    const day = county.days.find((d) => d.day === gatewayDay);
    expect(day).toMatchObject({
      pushesSent: 1,
      pushesReceipted: 1,
      pushesMismatched: 1,
      comparisonTasksOpened: 1,
    });
    expect(county.periodTotals).toMatchObject({ pushesSent: 1, comparisonTasksOpened: 1 });
    expect(county.days.find((d) => d.day === monitoringDay)?.stock).toMatchObject({
      comparisonTasksOpen: 1,
      comparisonTasksOverdue: 1,
    });
    // The city rolls its counties up; 曹县 has none.
    expect((await kpis('371700')).summary.exchange.pushes.sent).toBe(1);
    expect((await kpis('371721')).summary.exchange.comparisonTasks.open).toBe(0);

    const text = await sawTaskOnStream;
    controller.abort();
    expect(text).toContain('"area":"371702"');
    expect(text).not.toMatch(/410100:|371700\./); // counters only: no task or message ids on the stream

    // The county's alert, listed for its officers; cleared when the office settles the task.
    const alerts = monitoring.app.get(AlertsService);
    const overdueAlerts = async () =>
      (
        await httpJson<{ alerts: { kind: string; countyCode: string; count: number; sinceOn: string }[] }>(
          monitoring.httpUrl,
          'GET',
          '/api/v1/alerts?countyCode=371702&kind=comparison-tasks-overdue',
          undefined,
          countyOfficer('371702'),
        )
      ).body.alerts;
    expect((await alerts.scan()).raised).toBeGreaterThanOrEqual(1);
    expect(await overdueAlerts()).toEqual([
      expect.objectContaining({
        kind: 'comparison-tasks-overdue',
        countyCode: '371702',
        count: 1,
        sinceOn: addDays(gatewayDay, 15),
      }),
    ]);
    // …and published for the city's other systems, keyed by the county.
    const raised = await probe.waitFor(MonitoringEvents.alertRaised, 1, (key) => key === '371702');
    expect(raised.map((e) => e.message)).toContainEqual(
      expect.objectContaining({
        kind: monitoringV1.AlertKind.ALERT_KIND_COMPARISON_TASKS_OVERDUE,
        countyCode: '371702',
        count: 1,
      }),
    );

    const open = await httpJson<{ items: { id: string; version: number; countyCode: string }[] }>(
      heze.gateway.httpUrl,
      'GET',
      '/api/v1/comparison-tasks?status=open',
      undefined,
      heze.officer,
    );
    expect(open.body.items).toEqual([expect.objectContaining({ countyCode: '371702' })]);
    const [task] = open.body.items;
    const resolved = await httpJson(
      heze.gateway.httpUrl,
      'POST',
      `/api/v1/comparison-tasks/${encodeURIComponent(task.id)}/resolve`,
      { resolution: 'theirs-correct', version: task.version },
      heze.officer,
    );
    expect(resolved.status).toBe(200);
    const after = await waitFor(
      'the resolution in monitoring',
      async () => {
        const k = await kpis('371702');
        return k.summary.exchange.comparisonTasks.resolved === 1 ? k : undefined;
      },
      60_000,
      200,
    );
    expect(after.summary.exchange.comparisonTasks).toMatchObject({
      opened: 1,
      open: 0,
      overdue: 0,
      resolved: 1,
    });
    expect(after.days.find((d) => d.day === gatewayDay)?.comparisonTasksResolved).toBe(1);
    expect((await alerts.scan()).cleared).toBeGreaterThanOrEqual(1);
    expect(await overdueAlerts()).toEqual([]);
  });

  it('counts a redelivered task event once', async () => {
    // The gateway's own two events of the task, published again, then a new task on the same
    // partition (same topic and county key): once that one counts, the redeliveries were consumed.
    const events = await probe.waitFor(GatewayEvents.comparisonTaskChanged, 2);
    for (const e of events) await publisher.publish(GatewayEvents.comparisonTaskChanged, e.key, e.message);
    const [first] = events;
    await publisher.publish(GatewayEvents.comparisonTaskChanged, first.key, {
      ...first.message,
      taskId: `${first.message.taskId}:sentinel`,
      status: gateway.TaskStatus.TASK_STATUS_OPEN,
    });
    const k = await waitFor(
      'the sentinel task',
      async () => {
        const r = await kpis('371702');
        return r.summary.exchange.comparisonTasks.opened === 2 ? r : undefined;
      },
      60_000,
      200,
    );
    expect(k.summary.exchange.comparisonTasks).toMatchObject({ opened: 2, open: 1, resolved: 1 });
  });

  it('stores only ids, codes, days, outcomes and counts: no personal field reaches storage', async () => {
    for (const [name, allowed] of Object.entries(ALLOWED)) {
      const docs = await monitoring.db.collection(name).find({}).toArray();
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) {
        expect(Object.keys(doc).filter((k) => !allowed.includes(k))).toEqual([]);
        for (const receipt of (doc.receipts ?? []) as Record<string, unknown>[])
          expect(Object.keys(receipt).sort()).toEqual([...RECEIPT_FIELDS].sort());
      }
    }
    for (const { name } of await monitoring.db.listCollections().toArray()) {
      const all = JSON.stringify(await monitoring.db.collection(name).find({}).toArray());
      for (const value of [
        ...PERSONAL,
        makeIdNumber('410102', '2015-03-07', 901),
        makeIdNumber('371702', '2016-05-20', 902),
      ])
        expect(all).not.toContain(value);
    }
  });
});
