// (a) Transactional outbox without transactions: a writer killed after its write and before
// publishing loses nothing, and a relay killed after publishing and before removing the entry
// publishes it again; the downstream projection still shows exactly one effect.
import {
  EventConsumer,
  EventPublisher,
  KafkaEventBroker,
  applyOnce,
  handle,
  silentLogger,
} from '@care/events';
import type { Admin } from 'kafkajs';
import type { Connection } from 'mongoose';
import {
  broker,
  connectDb,
  endOffsetTotal,
  kafkaAdmin,
  overdueType,
  runFixture,
  tallyModel,
  uid,
  waitFor,
} from './support';

// jest ignores testTimeout inside a `projects` entry: set it here.
jest.setTimeout(60_000);

describe('outbox: crash before publish, crash after publish', () => {
  const id = uid();
  const type = overdueType(id);
  const db = `it_outbox_${id}`;
  let admin: Admin;
  let connection: Connection;
  let kafka: KafkaEventBroker;

  beforeAll(async () => {
    admin = await kafkaAdmin();
    connection = await connectDb(db);
    kafka = broker('it-outbox-test');
    await kafka.ensureTopics([{ topic: type.topic, partitions: 1 }]);
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await admin.deleteTopics({ topics: [type.topic, `it-outbox-${id}.dlq.v1`] }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
  });

  it('delivers the event once the service restarts, and the projection counts it once', async () => {
    const env = { TOPIC_ID: id, DB: db, CHILD_ID: 'child-42', DAYS: '9' };
    const cases = connection.collection('child_cases');

    // 1. The write is durable, then the process dies before the relay ran.
    const writer = runFixture('outbox-service.ts', { ...env, MODE: 'write', CRASH_POINT: 'after-write' });
    expect(await writer.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const eventId = (await writer.waitForLine(/^wrote /)).split(' ')[1];
    const afterCrash = await cases.findOne({ _id: 'child-42' as never });
    expect(afterCrash).toMatchObject({ status: 'visit-overdue', overdueVisits: 1, outboxPending: true });
    expect((afterCrash?.outbox as { eventId: string }[]).map((e) => e.eventId)).toEqual([eventId]);
    expect(await endOffsetTotal(admin, type.topic)).toBe(0); // nothing reached Kafka

    // 2. Restarted, the relay publishes it and dies before removing the entry.
    const relay1 = runFixture('outbox-service.ts', { ...env, MODE: 'relay', CRASH_POINT: 'after-publish' });
    expect(await relay1.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(relay1.lines).toContain(`published ${eventId}`);
    expect(await endOffsetTotal(admin, type.topic)).toBe(1);
    expect(await cases.findOne({ _id: 'child-42' as never })).toMatchObject({ outboxPending: true });

    // 3. Restarted again, it publishes the same event (same id) and clears the outbox.
    const relay2 = runFixture('outbox-service.ts', { ...env, MODE: 'relay' });
    expect(await relay2.exited).toEqual({ code: 0, signal: null });
    expect(relay2.lines).toEqual([`published ${eventId}`, 'relayed 1']);
    expect(await endOffsetTotal(admin, type.topic)).toBe(2);
    expect(await cases.findOne({ _id: 'child-42' as never })).toMatchObject({
      outbox: [],
      outboxPending: false,
      overdueVisits: 1,
    });

    // 4. Downstream: two deliveries of one event, one effect.
    const Tally = tallyModel(connection);
    await Tally.init();
    const deliveries: string[] = [];
    const results: string[] = [];
    const publisher = new EventPublisher(kafka, { producer: 'monitoring' });
    const consumer = new EventConsumer(kafka, publisher, {
      groupId: `it-outbox-${id}`,
      logger: silentLogger,
      subscriptions: [
        handle(type, async (event) => {
          deliveries.push(event.eventId);
          results.push(
            await applyOnce(Tally, { _id: event.key }, event.eventId, {
              $inc: { overdueVisits: 1, totalDaysOverdue: event.message.daysOverdue },
            }),
          );
        }),
      ],
    });
    await consumer.start();
    try {
      await waitFor('both deliveries', async () => deliveries.length >= 2);
    } finally {
      await consumer.stop();
      await publisher.close();
    }
    expect(deliveries).toEqual([eventId, eventId]);
    expect(results).toEqual(['applied', 'duplicate']);
    const tally = await Tally.findById('child-42').lean();
    expect(tally).toMatchObject({ overdueVisits: 1, totalDaysOverdue: 9, processedEventIds: [eventId] });
  });
});
