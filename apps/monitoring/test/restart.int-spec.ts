// Restart safety on the real broker and database: events published as the registry, the
// catalogue, the departments and the gateway would; the app is closed mid-stream, restarted on the same
// database and consumer groups, the rest published (with redeliveries); the totals then equal a
// recount from the source events. A replay of every topic by a fresh consumer group changes nothing.
import {
  CatalogueEvents,
  DeliveryEvents,
  GatewayEvents,
  RegistryEvents,
  common,
  gateway,
  type EventType,
} from '@care/contracts';
import {
  childFacts,
  httpJson,
  TestPublisher,
  waitFor,
  deleteSuffixedTopics,
} from '@care/service-kit/testing';
import type { KpiResponse } from '../src/kpis/kpis.service';
import {
  CONSUMED_TYPES,
  cityOfficer,
  DELIVERED,
  HEALTH,
  REFUSED,
  startMonitoring,
  type MonitoringTestApp,
} from './monitoring-fixtures';

const TODAY = '2026-09-20';
const COUNTIES = ['371702', '371721', '371722'];

interface Source {
  readonly type: EventType<unknown>;
  readonly key: string;
  readonly message: unknown;
}

/** The source events: children in three counties, updates, move-outs, ledger entries, visits, grants, deliveries. */
function sourceEvents(): Source[] {
  const out: Source[] = [];
  const push = <T>(type: EventType<T>, key: string, message: T) =>
    out.push({ type: type as EventType<unknown>, key, message });
  for (let i = 0; i < 60; i++) {
    const id = `rc-${i}`;
    const county = COUNTIES[i % 3];
    push(RegistryEvents.childRegistered, id, {
      facts: childFacts(id, 1, {
        residenceCountyCode: county,
        residenceTownshipCode: `${county}00${1 + (i % 2)}`,
        hukouCountyCode: i % 4 === 0 ? '410102' : '371521',
        isMigrant: i % 5 !== 0,
        birthDate: i % 2 === 0 ? '2019-09-15' : '2012-01-10',
        difficultyTypes: i % 6 === 0 ? [common.DifficultyType.DIFFICULTY_TYPE_FAMILY_HARDSHIP] : [],
      }),
      hasIdNumber: true,
      registeredAt: `2026-0${1 + (i % 8)}-10T09:00:00+08:00`,
    });
  }
  // version 2 of a third: moved to another township and county; a tenth move out (version 3)
  for (let i = 0; i < 60; i += 3) {
    const id = `rc-${i}`;
    push(RegistryEvents.childUpdated, id, {
      facts: childFacts(id, 2, {
        residenceCountyCode: '371722',
        residenceTownshipCode: '371722003',
        isMigrant: true,
        hukouCountyCode: '410102',
      }),
      changedFields: ['residence', 'lastVerifiedOn'],
      updatedAt: '2026-09-01T10:00:00+08:00',
    });
  }
  for (let i = 0; i < 60; i += 10) {
    const id = `rc-${i}`;
    push(RegistryEvents.childMovedOut, id, {
      facts: childFacts(id, 3, {
        residenceCountyCode: '371722',
        residenceTownshipCode: '371722003',
        movedOut: true,
        hukouCountyCode: '410102',
      }),
      movedOutOn: '2026-09-10',
      toDivisionCode: '410102',
    });
  }
  for (let i = 1; i < 30; i += 2) {
    const county = COUNTIES[i % 3];
    push(RegistryEvents.keyCareEntryAdded, `rc-${i}`, {
      childId: `rc-${i}`,
      entryId: `kc-${i}`,
      countyCode: county,
      townshipCode: `${county}001`,
      difficultyTypes: [common.DifficultyType.DIFFICULTY_TYPE_FAMILY_HARDSHIP],
      changedAt: '2026-08-01T08:00:00+08:00',
    });
    push(RegistryEvents.visitPlanned, `rc-${i}`, {
      childId: `rc-${i}`,
      entryId: `kc-${i}`,
      visitId: `v-${i}`,
      countyCode: county,
      townshipCode: `${county}001`,
      workerId: 'worker-9',
      dueOn: i < 15 ? '2026-09-01' : '2026-10-01',
    });
  }
  for (let i = 1; i < 10; i += 4) {
    push(RegistryEvents.keyCareEntryClosed, `rc-${i}`, {
      childId: `rc-${i}`,
      entryId: `kc-${i}`,
      countyCode: COUNTIES[i % 3],
      reason: '困境已消除，家庭已告知',
      closedAt: '2026-09-05T08:00:00+08:00',
    });
    push(RegistryEvents.visitRecorded, `rc-${i}`, {
      childId: `rc-${i}`,
      entryId: `kc-${i}`,
      visitId: `v-${i}`,
      countyCode: COUNTIES[i % 3],
      workerId: 'worker-9',
      visitedOn: '2026-08-28',
    });
  }
  for (let i = 0; i < 40; i++) {
    const county = COUNTIES[i % 3];
    push(CatalogueEvents.entitlementGranted, `rc-${i}`, {
      childId: `rc-${i}`,
      countyCode: county,
      itemCode: 'HZ-06',
      itemName: '卫生健康服务',
      departments: [HEALTH],
      listVersion: 1,
      grantedAt: i < 20 ? '2026-07-01T08:00:00+08:00' : '2026-09-15T08:00:00+08:00',
    });
  }
  for (let i = 0; i < 40; i += 8) {
    push(CatalogueEvents.entitlementWithdrawn, `rc-${i}`, {
      childId: `rc-${i}`,
      countyCode: COUNTIES[i % 3],
      itemCode: 'HZ-06',
      departments: [HEALTH],
      reason: 'moved-out',
      withdrawnAt: '2026-09-12T08:00:00+08:00',
    });
  }
  for (let i = 1; i < 40; i += 3) {
    push(DeliveryEvents['health-insurance'], `rc-${i}`, {
      deliveryId: `d-${i}`,
      childId: `rc-${i}`,
      countyCode: COUNTIES[i % 3],
      itemCode: 'HZ-06',
      department: HEALTH,
      outcome: i % 2 === 0 ? REFUSED : DELIVERED,
      reason: i % 2 === 0 ? '家长表示已在户籍地签约家庭医生' : '',
      onDate: '2026-09-16',
      recordedAt: '2026-09-16T10:00:00+08:00',
      revision: 1,
    });
  }
  // The gateway: pushes to Zhengzhou and their receipts (some mismatched, some answered twice),
  // comparison tasks opened here, some resolved or superseded, some past their due day.
  for (let i = 0; i < 30; i++) {
    const county = COUNTIES[i % 3];
    const messageId = `371700.rc-${i}.1`;
    push(GatewayEvents.pushSent, county, {
      messageId,
      peerCity: '410100',
      countyCode: county,
      sentAt: `2026-09-${String(1 + (i % 9)).padStart(2, '0')}T08:00:00+08:00`,
    });
    if (i % 3 === 2) continue; // awaiting its receipt
    push(GatewayEvents.pushReceipted, county, {
      messageId,
      peerCity: '410100',
      countyCode: county,
      outcome: gateway.ReceiptOutcome.RECEIPT_OUTCOME_APPLIED,
      matched: i % 4 !== 0,
      differenceCount: i % 4 === 0 ? 1 : 0,
      receiptedAt: `2026-09-${String(10 + (i % 9)).padStart(2, '0')}T08:00:00+08:00`,
    });
    if (i % 5 === 0)
      push(GatewayEvents.pushReceipted, county, {
        messageId,
        peerCity: '410100',
        countyCode: county,
        outcome: gateway.ReceiptOutcome.RECEIPT_OUTCOME_DUPLICATE,
        matched: i % 4 !== 0,
        differenceCount: i % 4 === 0 ? 1 : 0,
        receiptedAt: '2026-09-19T08:00:00+08:00',
      });
  }
  for (let i = 0; i < 24; i++) {
    const county = COUNTIES[i % 3];
    const task = {
      taskId: `410100:zz-${i}:field-differs:guardianName`,
      senderCity: '410100',
      countyCode: county,
      kind: gateway.DifferenceKind.DIFFERENCE_KIND_FIELD_DIFFERS,
      dueOn: i % 2 === 0 ? '2026-09-10' : '2026-09-30',
    };
    push(GatewayEvents.comparisonTaskChanged, county, {
      ...task,
      status: gateway.TaskStatus.TASK_STATUS_OPEN,
      changedAt: '2026-09-03T08:00:00+08:00',
    });
    if (i % 4 === 1 || i % 4 === 2)
      push(GatewayEvents.comparisonTaskChanged, county, {
        ...task,
        status:
          i % 4 === 1 ? gateway.TaskStatus.TASK_STATUS_RESOLVED : gateway.TaskStatus.TASK_STATUS_SUPERSEDED,
        changedAt: '2026-09-15T08:00:00+08:00',
      });
  }
  return out;
}

/** An independent recount of the source events (highest version wins; latest instant wins). */
function recount(events: readonly Source[]) {
  const children = new Map<string, common.ChildFacts>();
  const entries = new Map<string, { open: boolean; at: number }>();
  const visits = new Map<string, { due: string; visited: boolean }>();
  const grants = new Map<string, { granted: boolean; at: number }>();
  const outcome = new Map<string, number>();
  const pushes = new Map<string, { sent: boolean; receipts: Map<string, gateway.PushReceipted> }>();
  const tasks = new Map<string, { opened: boolean; closed?: gateway.TaskStatus; dueOn: string }>();
  for (const e of events) {
    const m = e.message as Record<string, unknown>;
    if (e.type === GatewayEvents.pushSent || e.type === GatewayEvents.pushReceipted) {
      const id = m.messageId as string;
      const p = pushes.get(id) ?? { sent: false, receipts: new Map() };
      if (e.type === GatewayEvents.pushSent) p.sent = true;
      else p.receipts.set(m.receiptedAt as string, m as unknown as gateway.PushReceipted);
      pushes.set(id, p);
    } else if (e.type === GatewayEvents.comparisonTaskChanged) {
      const t = m as unknown as gateway.ComparisonTaskChanged;
      const prev = tasks.get(t.taskId) ?? { opened: false, dueOn: t.dueOn };
      if (t.status === gateway.TaskStatus.TASK_STATUS_OPEN) prev.opened = true;
      else prev.closed = t.status;
      tasks.set(t.taskId, prev);
    } else if ('facts' in m) {
      const f = m.facts as common.ChildFacts;
      const prev = children.get(f.childId);
      if (prev === undefined || Number(f.version) > Number(prev.version)) children.set(f.childId, f);
    } else if (e.type === RegistryEvents.keyCareEntryAdded || e.type === RegistryEvents.keyCareEntryClosed) {
      const open = e.type === RegistryEvents.keyCareEntryAdded;
      const at = Date.parse((m.changedAt ?? m.closedAt) as string);
      const prev = entries.get(m.entryId as string);
      if (prev === undefined || at > prev.at) entries.set(m.entryId as string, { open, at });
    } else if (e.type === RegistryEvents.visitPlanned) {
      const prev = visits.get(m.visitId as string);
      visits.set(m.visitId as string, { due: m.dueOn as string, visited: prev?.visited ?? false });
    } else if (e.type === RegistryEvents.visitRecorded) {
      const prev = visits.get(m.visitId as string);
      visits.set(m.visitId as string, { due: prev?.due ?? '', visited: true });
    } else if (
      e.type === CatalogueEvents.entitlementGranted ||
      e.type === CatalogueEvents.entitlementWithdrawn
    ) {
      const granted = e.type === CatalogueEvents.entitlementGranted;
      const at = Date.parse((m.grantedAt ?? m.withdrawnAt) as string);
      const prev = grants.get(m.childId as string);
      if (prev === undefined || at > prev.at) grants.set(m.childId as string, { granted, at });
    } else {
      outcome.set(m.childId as string, m.outcome as number);
    }
  }
  const present = [...children.values()].filter((f) => !f.movedOut);
  const migrant = present.filter((f) => f.isMigrant);
  const granted = [...grants].filter(([, g]) => g.granted).map(([id]) => id);
  const firstReceipt = (p: { receipts: Map<string, gateway.PushReceipted> }) =>
    [...p.receipts.values()].sort((a, b) => Date.parse(a.receiptedAt) - Date.parse(b.receiptedAt))[0];
  const allReceipts = [...pushes.values()].flatMap((p) => [...p.receipts.values()]);
  const openTasks = [...tasks.values()].filter((t) => t.closed === undefined);
  return {
    children: present.length,
    migrant: migrant.length,
    migrantByCounty: Object.fromEntries(
      COUNTIES.map((c) => [c, migrant.filter((f) => f.residenceCountyCode === c).length]),
    ),
    keyCareOpen: [...entries.values()].filter((e) => e.open).length,
    visitsOpen: [...visits.values()].filter((v) => !v.visited && v.due !== '').length,
    visitsOverdue: [...visits.values()].filter((v) => !v.visited && v.due !== '' && v.due < TODAY).length,
    granted: granted.length,
    delivered: granted.filter((id) => outcome.get(id) === DELIVERED).length,
    refused: granted.filter((id) => outcome.get(id) === REFUSED).length,
    pushesSent: [...pushes.values()].filter((p) => p.sent).length,
    awaitingReceipt: [...pushes.values()].filter((p) => p.sent && p.receipts.size === 0).length,
    receipted: [...pushes.values()].filter((p) => p.receipts.size > 0).length,
    mismatched: [...pushes.values()].filter((p) => p.receipts.size > 0 && !firstReceipt(p).matched).length,
    duplicateReceipts: allReceipts.filter(
      (r) => r.outcome === gateway.ReceiptOutcome.RECEIPT_OUTCOME_DUPLICATE,
    ).length,
    tasksOpened: [...tasks.values()].filter((t) => t.opened).length,
    tasksOpen: openTasks.length,
    tasksOverdue: openTasks.filter((t) => t.dueOn < TODAY).length,
    tasksResolved: [...tasks.values()].filter((t) => t.closed === gateway.TaskStatus.TASK_STATUS_RESOLVED)
      .length,
    tasksSuperseded: [...tasks.values()].filter((t) => t.closed === gateway.TaskStatus.TASK_STATUS_SUPERSEDED)
      .length,
  };
}

async function cityKpis(app: MonitoringTestApp): Promise<KpiResponse> {
  const r = await httpJson<KpiResponse>(
    app.httpUrl,
    'GET',
    '/api/v1/kpis?area=371700',
    undefined,
    cityOfficer,
  );
  if (r.status !== 200) throw new Error(`kpis answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

function totals(k: KpiResponse) {
  const s = k.summary;
  return {
    children: s.children,
    migrant: s.migrantChildren,
    migrantByCounty: Object.fromEntries(
      COUNTIES.map((c) => [c, k.subAreas.find((a) => a.code === c)?.figures.migrantChildren ?? 0]),
    ),
    keyCareOpen: s.keyCare.open,
    visitsOpen: s.visits.open,
    visitsOverdue: s.visits.overdue,
    granted: s.services.granted,
    delivered: s.services.delivered,
    refused: s.services.refused,
    pushesSent: s.exchange.pushes.sent,
    awaitingReceipt: s.exchange.pushes.awaitingReceipt,
    receipted: s.exchange.pushes.receipted,
    mismatched: s.exchange.pushes.mismatched,
    duplicateReceipts: s.exchange.pushes.receipts.duplicate,
    tasksOpened: s.exchange.comparisonTasks.opened,
    tasksOpen: s.exchange.comparisonTasks.open,
    tasksOverdue: s.exchange.comparisonTasks.overdue,
    tasksResolved: s.exchange.comparisonTasks.resolved,
    tasksSuperseded: s.exchange.comparisonTasks.superseded,
  };
}

describe('monitoring: kill mid-stream, restart on the same database, totals equal a recount (real Kafka, database)', () => {
  let first: MonitoringTestApp | undefined;
  let second: MonitoringTestApp | undefined;
  let replay: MonitoringTestApp | undefined;
  let publisher: TestPublisher;
  const events = sourceEvents();
  const expected = recount(events);

  beforeAll(async () => {
    first = await startMonitoring({ name: 'restart', today: TODAY });
    publisher = await TestPublisher.open(first.config.KAFKA_BROKERS, first.topicSuffix, CONSUMED_TYPES);
  }, 120_000);

  afterAll(async () => {
    await publisher?.close();
    await replay?.close();
    await second?.close();
    // The first app was closed mid-stream already: its close() now drops the database, deletes the topics, ends its client.
    await first?.close().catch(async () => {
      await first?.db.dropDatabase().catch(() => undefined);
      await deleteSuffixedTopics(first?.config.KAFKA_BROKERS ?? [], first?.topicSuffix ?? '');
      await first?.db.client.close();
    });
  });

  it('keeps exact totals across a kill and restart, with redeliveries and a full replay', async () => {
    const app = first as MonitoringTestApp;
    const half = Math.floor(events.length / 2);
    for (const e of events.slice(0, half)) await publisher.publish(e.type, e.key, e.message);
    // Kill it while it is still consuming: some, not necessarily all, of the first half applied.
    await waitFor(
      'first records applied',
      async () => (await cityKpis(app)).summary.children >= 5,
      60_000,
      20,
    );
    const seenAtKill = (await cityKpis(app)).summary.children;
    await app.app.close();

    second = await startMonitoring({
      name: 'restart',
      today: TODAY,
      topicSuffix: app.topicSuffix,
      dbName: app.dbName,
    });
    // Redeliveries: the tail of the first half again, then the rest.
    for (const e of events.slice(half - 20, half)) await publisher.publish(e.type, e.key, e.message);
    for (const e of events.slice(half)) await publisher.publish(e.type, e.key, e.message);
    const restarted = second;
    await waitFor(
      'totals equal to the recount',
      async () => JSON.stringify(totals(await cityKpis(restarted))) === JSON.stringify(expected),
      90_000,
      200,
    ).catch(async (error) => {
      throw new Error(
        `${(error as Error).message}\nexpected ${JSON.stringify(expected)}\ngot ${JSON.stringify(totals(await cityKpis(restarted)))}`,
      );
    });
    expect(seenAtKill).toBeGreaterThanOrEqual(5);
    expect(totals(await cityKpis(restarted))).toEqual(expected);
    // Sanity of the fixture itself: every kind of record moved something.
    expect(expected).toMatchObject({ children: 54, keyCareOpen: 12, visitsOverdue: 4 });
    expect(expected).toMatchObject({
      pushesSent: 30,
      awaitingReceipt: 10,
      receipted: 20,
      mismatched: 6,
      duplicateReceipts: 4,
      tasksOpened: 24,
      tasksOpen: 12,
      tasksOverdue: 6,
      tasksResolved: 6,
      tasksSuperseded: 6,
    });
    expect(expected.delivered).toBeGreaterThan(0);
    expect(expected.refused).toBeGreaterThan(0);
    // Its whole close (the app and the test's own database client); the database and topics stay, shared.
    await restarted.close();
    second = undefined;

    // A fresh consumer group re-reads every topic from the start into the same database.
    replay = await startMonitoring({
      name: 'restart',
      today: TODAY,
      topicSuffix: app.topicSuffix,
      dbName: app.dbName,
      env: {
        REGISTRY_CONSUMER_GROUP: 'monitoring.replay-registry',
        SERVICES_CONSUMER_GROUP: 'monitoring.replay-services',
      },
    });
    const replayed = replay;
    expect(totals(await cityKpis(replayed))).toEqual(expected); // rebuilt from the stored states at start-up
    // Let the whole replay run through (the groups' lag reaches zero), then the totals are unchanged.
    await new Promise((r) => setTimeout(r, 8_000));
    expect(totals(await cityKpis(replayed))).toEqual(expected);
  }, 240_000);
});
