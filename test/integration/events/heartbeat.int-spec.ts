// (d) A batch that takes longer than the session timeout keeps its member in the group because
// the runner heartbeats through it. The control run (the same batch, no heartbeats, through the
// same broker interface) shows the broker would otherwise have expelled it and rebalanced.
import { EventConsumer, EventPublisher, KafkaEventBroker, handle, silentLogger } from '@care/events';
import type { Admin } from 'kafkajs';
import { broker, committedTotal, kafkaAdmin, overdue, overdueType, uid, waitFor } from './support';

jest.setTimeout(90_000);

const SESSION_TIMEOUT_MS = 6000; // the broker's group.min.session.timeout.ms
const HEARTBEAT_INTERVAL_MS = 1000;
const PER_MESSAGE_MS = 2500;
const MESSAGES = 4; // 10 s in one batch: well past the session timeout

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('heartbeats through a slow batch', () => {
  const id = uid();
  const type = overdueType(id);
  let admin: Admin;
  let kafka: KafkaEventBroker;

  beforeAll(async () => {
    admin = await kafkaAdmin();
    kafka = broker('it-heartbeat-test');
    await kafka.ensureTopics([{ topic: type.topic, partitions: 1 }]);
    const publisher = new EventPublisher(kafka, { producer: 'registry', lingerMs: 20 });
    await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        publisher.publish(type, 'child-1', overdue('child-1', i + 1)),
      ),
    );
    await publisher.close();
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [type.topic, `it-hb-${id}.dlq.v1`] }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
  });

  it('keeps the member through a batch longer than the session timeout (and the control without heartbeats is expelled)', async () => {
    const group = `it-hb-${id}`;
    const publisher = new EventPublisher(kafka, { producer: 'monitoring' });
    const handled: number[] = [];
    const consumer = new EventConsumer(kafka, publisher, {
      groupId: group,
      logger: silentLogger,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
      rebalanceTimeoutMs: 20_000,
      subscriptions: [
        handle(type, async (event) => {
          await sleep(PER_MESSAGE_MS);
          handled.push(event.message.daysOverdue);
        }),
      ],
    });
    const joins: unknown[] = [];
    const rebalances: unknown[] = [];
    let heartbeats = 0;
    consumer.on('group-join', (p) => joins.push(p));
    consumer.on('rebalancing', (p) => rebalances.push(p));
    consumer.on('heartbeat', () => (heartbeats += 1));

    // Control: the same slow batch, handled without a single heartbeat.
    const controlGroup = `it-hb-control-${id}`;
    const control = kafka.consumer({
      groupId: controlGroup,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
      rebalanceTimeoutMs: 20_000,
      maxBytesPerPartition: 1 << 20,
      maxWaitTimeMs: 500,
      autoCommitIntervalMs: 600_000,
    });
    const controlJoins: unknown[] = [];
    const controlHandled: string[] = [];
    control.on('group-join', (p) => controlJoins.push(p));

    const started = Date.now();
    await Promise.all([
      consumer.start(),
      (async () => {
        await control.connect();
        await control.subscribe([type.topic], true);
        await control.run({
          partitionsConsumedConcurrently: 1,
          eachBatch: async (batch, controls) => {
            for (const r of batch.records) {
              await sleep(PER_MESSAGE_MS);
              controlHandled.push(r.offset);
              controls.resolveOffset(r.offset);
            }
          },
        });
      })(),
    ]);
    try {
      await waitFor(
        'the slow batch to be handled and committed',
        async () =>
          handled.length === MESSAGES && (await committedTotal(admin, group, type.topic)) === MESSAGES,
        40_000,
        250,
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThan(SESSION_TIMEOUT_MS + 2000);
      await waitFor(
        'the control member to be expelled and rejoin',
        async () => controlJoins.length >= 2,
        30_000,
        250,
      );
    } finally {
      await consumer.stop();
      await control.stop();
      await control.disconnect();
      await publisher.close();
    }

    expect(handled).toEqual([1, 2, 3, 4]); // each exactly once
    expect(joins).toHaveLength(1); // never left the group
    expect(rebalances).toHaveLength(0);
    expect(heartbeats).toBeGreaterThanOrEqual(5);
    // Without heartbeats the same batch cost the member its place in the group.
    expect(controlJoins.length).toBeGreaterThanOrEqual(2);
  });
});
