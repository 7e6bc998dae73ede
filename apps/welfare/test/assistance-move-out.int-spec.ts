// The registry's ChildMovedOut on the real broker and database ends a child's open assistance
// applications as of the move-out day (a system step in the log, end reason moved-out), but not
// a 临时救助 (granted where the emergency happens); a duplicate is harmless, an older move-out
// after the child came back ends nothing, a poison message goes to the dead-letter topic naming
// the field. Also: the 待户籍地认定 state's due date (configured) and the overdue listing.
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { RegistryEvents, deadLetterTopic, common } from '@care/contracts';
import { TopicNames } from '@care/events';
import {
  childFacts,
  httpJson,
  startTestService,
  testActorHeaders,
  TestPublisher,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule } from '../src/app.module';
import type { AssistanceStepDocument } from '../src/assistance/assistance-step.schema';
import { loadWelfareConfig, type WelfareConfig } from '../src/config';

const COUNTY = '371702';
const officer = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  counties: COUNTY,
  userId: 'officer-ca',
});

interface AppView {
  id: string;
  state: string;
  revision: number;
  dueOn: string | null;
  overdue: boolean;
  daysOverdue: number;
  stateSince: string;
  endReason: string | null;
  endReasonLabel: string | null;
  reason: string | null;
  amountFen: number | null;
  delivery: { itemCode: string; status: string } | null;
  steps: {
    seq: number;
    action: string;
    actionLabel: string;
    from: string | null;
    to: string;
    party: string;
    partyLabel: string;
    on: string;
  }[];
  availableActions: { action: string }[];
  code?: string;
  field?: string;
}

describe('welfare: a move out of the city ends assistance applications (real database and broker)', () => {
  let service: TestService<WelfareConfig>;
  let publisher: TestPublisher;

  const submit = (body: Record<string, unknown>) =>
    httpJson<AppView>(service.httpUrl, 'POST', '/api/v1/assistance/applications', body, officer);
  const act = (id: string, body: Record<string, unknown>) =>
    httpJson<AppView>(
      service.httpUrl,
      'POST',
      `/api/v1/assistance/applications/${id}/actions`,
      body,
      officer,
    );
  const get = async (id: string) =>
    (
      await httpJson<AppView>(
        service.httpUrl,
        'GET',
        `/api/v1/assistance/applications/${id}?purpose=${encodeURIComponent('核对迁出终止')}`,
        undefined,
        officer,
      )
    ).body;
  const list = (query: string) =>
    httpJson<{ items: AppView[] }>(
      service.httpUrl,
      'GET',
      `/api/v1/assistance/applications?${query}`,
      undefined,
      officer,
    );
  const steps = (id: string) =>
    service.db
      .collection<AssistanceStepDocument>('assistance_steps')
      .find({ applicationId: id })
      .sort({ seq: 1 })
      .toArray();
  // The dead-letter topic, read from the start; a poison message keyed by a child lands there
  // only after every earlier move-out of that child (one partition, handled in order).
  const deadLetters = new Map<string, string>();
  let reader: Consumer | undefined;
  /** Publishes a poison move-out of the child and waits for it in the DLQ: the child's earlier events are handled. */
  const drained = async (childId: string) => {
    const eventId = await publisher.publish(RegistryEvents.childMovedOut, childId, {
      // No child id in the facts: poison for every consumer group (the projection's too).
      facts: childFacts('', 99, {}),
      movedOutOn: 'not-a-date',
      toDivisionCode: '',
    });
    await waitFor(`the sentinel of ${childId} dead-lettered`, async () =>
      deadLetters.has(eventId) ? true : undefined,
    );
  };
  const register = (childId: string, version: number, facts: Partial<common.ChildFacts>) =>
    publisher.publish(RegistryEvents.childRegistered, childId, {
      facts: childFacts(childId, version, { residenceCountyCode: COUNTY, ...facts }),
      hasIdNumber: true,
      registeredAt: '2026-04-01T08:00:00+08:00',
    });
  const moveOut = (childId: string, version: number, movedOutOn: string) =>
    publisher.publish(RegistryEvents.childMovedOut, childId, {
      facts: childFacts(childId, version, { residenceCountyCode: COUNTY, movedOut: true, orphan: true }),
      movedOutOn,
      toDivisionCode: '410102',
    });
  const projected = (childId: string, version: number) =>
    waitFor(`child ${childId} at version ${version}`, async () => {
      const doc = await service.db.collection('department_children').findOne({ _id: childId } as never);
      return (doc?.version as number | undefined) === version ? true : undefined;
    });

  beforeAll(async () => {
    service = await startTestService({
      name: 'welfare-move-out',
      load: loadWelfareConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-05-01',
      env: { ASSISTANCE_DUE_DAYS: 'awaiting-hukou-city=10' },
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      RegistryEvents.childUpdated,
      RegistryEvents.childMovedOut,
    ]);
    for (const id of ['mo-1', 'mo-back', 'mo-hukou'])
      await register(id, 1, {
        orphan: true,
        minimumLiving: true,
        temporaryAssistance: true,
        destitute: true,
      });
    for (const id of ['mo-1', 'mo-back', 'mo-hukou']) await projected(id, 1);
    const dlq = new TopicNames(service.topicSuffix).wire(
      deadLetterTopic(service.config.MOVE_OUT_CONSUMER_GROUP),
    );
    const kafka = new Kafka({
      clientId: 'move-out-dlq-reader',
      brokers: [...service.config.KAFKA_BROKERS],
      logLevel: logLevel.NOTHING,
    });
    reader = kafka.consumer({ groupId: `dlq-reader-${service.topicSuffix}` });
    await reader.connect();
    await reader.subscribe({ topic: dlq, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        deadLetters.set(
          message.headers?.['event-id']?.toString() ?? '',
          message.headers?.['dlq-error']?.toString() ?? '',
        );
      },
    });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await publisher?.close();
    await service?.close();
  });

  it('ends every open application of the child as of the move-out day, but not the 临时救助', async () => {
    service.clock.set('2026-05-01');
    const orphan = (await submit({ childId: 'mo-1', kind: 'orphan-basic-living', hukouCountyCode: '410102' }))
      .body;
    await act(orphan.id, { action: 'refer-to-hukou-city', revision: 1 });
    await act(orphan.id, { action: 'record-hukou-confirmation', revision: 2 });
    const approved = await act(orphan.id, { action: 'approve', revision: 3 });
    expect(approved.body.state).toBe('approved');
    const pending = (await submit({ childId: 'mo-1', kind: 'minimum-living', hukouCountyCode: '410102' }))
      .body;
    await act(pending.id, { action: 'refer-to-hukou-city', revision: 1 });
    const destitute = (
      await submit({ childId: 'mo-1', kind: 'destitute-support', hukouCountyCode: '410102' })
    ).body;
    const temporary = (await submit({ childId: 'mo-1', kind: 'temporary-assistance' })).body;
    await act(temporary.id, { action: 'accept', revision: 1 });
    expect((await act(temporary.id, { action: 'approve', revision: 2 })).body.state).toBe('approved');

    service.clock.set('2026-06-20');
    const eventId = await moveOut('mo-1', 2, '2026-06-15');
    await waitFor('the approved allowance ended', async () =>
      (await get(orphan.id)).state === 'ended' ? true : undefined,
    );
    await drained('mo-1');

    for (const [id, from] of [
      [orphan.id, 'approved'],
      [pending.id, 'awaiting-hukou-city'],
      [destitute.id, 'submitted'],
    ] as const) {
      const view = await get(id);
      expect(view).toMatchObject({
        state: 'ended',
        stateSince: '2026-06-15',
        endReason: 'moved-out',
        endReasonLabel: '儿童迁出本市',
        dueOn: null,
        availableActions: [],
      });
      expect(view.reason).toContain('迁出日期 2026-06-15');
      expect(view.steps.at(-1)).toMatchObject({
        action: 'end-on-move-out',
        actionLabel: '迁出终止',
        from,
        to: 'ended',
        party: 'system',
        partyLabel: '系统（登记服务迁出通知）',
        on: '2026-06-15',
      });
      const log = await steps(id);
      expect(log.at(-1)).toMatchObject({
        userId: `registry:child-moved-out:${eventId}`,
        input: { movedOutOn: '2026-06-15', registryVersion: 2 },
      });
    }
    // The approval's delivery stays what it was (not entitled by the catalogue here: nothing to undo).
    expect((await get(orphan.id)).amountFen).toBe(140000);
    // 临时救助 is granted where the emergency happened: untouched.
    expect(await get(temporary.id)).toMatchObject({ state: 'approved', endReason: null });
    // Payments stop: an ended application takes no step.
    const resume = await act(orphan.id, { action: 'suspend', revision: 5, reason: '核实' });
    expect(resume.status).toBe(400);

    // The same move-out again (a redelivery with a new event id): nothing more is written.
    const before = await Promise.all([orphan.id, pending.id, destitute.id].map(steps));
    await moveOut('mo-1', 2, '2026-06-15');
    await drained('mo-1');
    expect(await Promise.all([orphan.id, pending.id, destitute.id].map(steps))).toEqual(before);
  });

  it('an older move-out after the child came back ends nothing', async () => {
    service.clock.set('2026-06-10');
    await moveOut('mo-back', 2, '2026-06-10');
    await drained('mo-back');
    // Back in the city (a newer registry record: moved in again).
    await publisher.publish(RegistryEvents.childUpdated, 'mo-back', {
      facts: childFacts('mo-back', 3, { residenceCountyCode: COUNTY, movedOut: false, minimumLiving: true }),
      changedFields: ['residence'],
      updatedAt: '2026-06-10T10:00:00+08:00',
    });
    await projected('mo-back', 3);
    // Applied for on the very day of the old move-out (the date alone would not protect it).
    const fresh = (await submit({ childId: 'mo-back', kind: 'minimum-living', hukouCountyCode: '410102' }))
      .body;
    expect(fresh.state).toBe('submitted');
    // The old move-out (version 2) arrives again, late: the newer record wins.
    await moveOut('mo-back', 2, '2026-06-10');
    await drained('mo-back');
    expect(await get(fresh.id)).toMatchObject({ state: 'submitted', endReason: null });
    expect(await steps(fresh.id)).toHaveLength(0);
  });

  it('sends a poison move-out to the dead-letter topic, naming the field', async () => {
    const eventId = await publisher.publish(RegistryEvents.childMovedOut, 'mo-1', {
      facts: childFacts('mo-1', 9, { residenceCountyCode: COUNTY, movedOut: true }),
      movedOutOn: '15.06.2026',
      toDivisionCode: '',
    });
    await waitFor('the poison message in the dead-letter topic', async () =>
      deadLetters.has(eventId) ? true : undefined,
    );
    expect(deadLetters.get(eventId)).toMatch(/moved_out_on is not a YYYY-MM-DD date: "15\.06\.2026"/);
    const noChild = await publisher.publish(RegistryEvents.childMovedOut, 'mo-1', {
      facts: childFacts('', 9, {}),
      movedOutOn: '2026-06-15',
      toDivisionCode: '',
    });
    await waitFor('the message without a child in the dead-letter topic', async () =>
      deadLetters.has(noChild) ? true : undefined,
    );
    expect(deadLetters.get(noChild)).toMatch(/facts\.child_id empty/);
  });

  it('待户籍地认定: due the configured days after referral, then listed as overdue first', async () => {
    service.clock.set('2026-07-01');
    const app = (await submit({ childId: 'mo-hukou', kind: 'destitute-support', hukouCountyCode: '410102' }))
      .body;
    const referred = await act(app.id, { action: 'refer-to-hukou-city', revision: 1 });
    // ASSISTANCE_DUE_DAYS=awaiting-hukou-city=10 (the default is 20).
    expect(referred.body).toMatchObject({
      state: 'awaiting-hukou-city',
      dueOn: '2026-07-11',
      overdue: false,
    });
    service.clock.set('2026-07-11'); // the due day itself is on time
    expect((await list(`countyCode=${COUNTY}&overdueOnly=true`)).body.items.map((i) => i.id)).not.toContain(
      app.id,
    );
    service.clock.set('2026-07-14');
    const overdue = await list(`countyCode=${COUNTY}&overdueOnly=true`);
    const mine = (items: AppView[]) => items.filter((i) => i.id === app.id);
    expect(mine(overdue.body.items).map((i) => [i.state, i.overdue, i.daysOverdue])).toEqual([
      ['awaiting-hukou-city', true, 3],
    ]);
    // Overdue first, the longest overdue at the top; then the rest.
    const all = (await list(`countyCode=${COUNTY}`)).body.items;
    const overdueFlags = all.map((i) => i.overdue);
    expect(overdueFlags).toEqual([...overdueFlags].sort((a, b) => Number(b) - Number(a)));
    const days = all.filter((i) => i.overdue).map((i) => i.daysOverdue);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(all.find((i) => i.id === app.id)?.overdue).toBe(true);
    // Answered: no longer overdue.
    await act(app.id, { action: 'record-hukou-confirmation', revision: 2 });
    expect(mine((await list(`countyCode=${COUNTY}&overdueOnly=true`)).body.items)).toEqual([]);
  });
});
