// (c) Poison bytes and a handler that always throws end up on the dead-letter topic with their
// error headers; the messages after them on the same partition are handled, in order.
import {
  EventConsumer,
  EventPublisher,
  KafkaEventBroker,
  handle,
  headerText,
  silentLogger,
} from '@care/events';
import { deadLetterTopic } from '@care/contracts';
import type { Admin } from 'kafkajs';
import type { ConsumedRecord } from '@care/events';
import { broker, committedTotal, kafkaAdmin, overdue, overdueType, uid, waitFor } from './support';

jest.setTimeout(60_000);

describe('dead-letter topic', () => {
  const id = uid();
  const type = overdueType(id);
  const group = `it-dlq-${id}`;
  const dlq = deadLetterTopic(group);
  let admin: Admin;
  let kafka: KafkaEventBroker;

  beforeAll(async () => {
    admin = await kafkaAdmin();
    kafka = broker('it-dlq-test');
    await kafka.ensureTopics([{ topic: type.topic, partitions: 1 }]);
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [type.topic, dlq] }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
  });

  it('dead-letters poison at once and a failing message after its retries; the partition moves on', async () => {
    const publisher = new EventPublisher(kafka, { producer: 'registry' });
    const ok1 = await publisher.publish(type, 'child-1', overdue('child-1', 1));
    // Not protobuf: field 1, length-delimited, claims 255 bytes that are not there.
    const poisonValue = Buffer.from([0x0a, 0xff, 0x01]);
    const raw = kafka.producer({ requestTimeoutMs: 10_000 });
    await raw.connect();
    await raw.send([
      {
        topic: type.topic,
        records: [
          {
            key: 'child-1',
            value: poisonValue,
            headers: { 'event-id': 'POISON-1', 'event-type': type.topic, 'schema-version': '1' },
          },
        ],
      },
    ]);
    await raw.disconnect();
    const ok2 = await publisher.publish(type, 'child-1', overdue('child-1', 2));
    const failing = await publisher.publish(type, 'child-1', overdue('child-1', 666));
    const ok3 = await publisher.publish(type, 'child-1', overdue('child-1', 3));

    const handled: number[] = [];
    let failingAttempts = 0;
    const consumer = new EventConsumer(kafka, publisher, {
      groupId: group,
      logger: silentLogger,
      retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
      subscriptions: [
        handle(type, async (event, ctx) => {
          if (event.message.daysOverdue === 666) {
            failingAttempts = ctx.attempt;
            throw new Error('projection rejected visit 666');
          }
          handled.push(event.message.daysOverdue);
        }),
      ],
    });
    expect(consumer.deadLetterTopic).toBe(`${group}.dlq.v1`);

    const dead: ConsumedRecord[] = [];
    const reader = kafka.consumer({
      groupId: `${group}-reader`,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1000,
      rebalanceTimeoutMs: 10_000,
      maxBytesPerPartition: 1 << 20,
      maxWaitTimeMs: 200,
      autoCommitIntervalMs: 1000,
    });
    await consumer.start();
    try {
      await waitFor('the last message to be handled', async () => handled.includes(3));
      await reader.connect();
      await reader.subscribe([dlq], true);
      await reader.run({
        partitionsConsumedConcurrently: 1,
        eachBatch: async (batch, controls) => {
          for (const r of batch.records) {
            dead.push(r);
            controls.resolveOffset(r.offset);
          }
        },
      });
      await waitFor('two dead letters', async () => dead.length >= 2);
      await waitFor(
        'offsets committed past every message',
        async () => (await committedTotal(admin, group, type.topic)) === 5,
      );
    } finally {
      await reader.stop();
      await reader.disconnect();
      await consumer.stop();
      await publisher.close();
    }

    expect(handled).toEqual([1, 2, 3]); // in order, around both failures
    expect(failingAttempts).toBe(3);
    expect(consumer.stats).toMatchObject({ handled: 3, deadLettered: 2, retries: 2 });

    const [poison, exhausted] = dead;
    const h = (r: ConsumedRecord, name: string) => headerText(r.headers, name);
    expect(poison.key?.toString()).toBe('child-1');
    expect(poison.value).toEqual(poisonValue);
    expect(h(poison, 'event-id')).toBe('POISON-1');
    expect(h(poison, 'dlq-reason')).toBe('decode');
    expect(h(poison, 'dlq-error')).toMatch(/^PoisonMessageError: cannot decode it-.*\.visit\.overdue\.v1/);
    expect(h(poison, 'dlq-source-topic')).toBe(type.topic);
    expect(h(poison, 'dlq-partition')).toBe('0');
    expect(h(poison, 'dlq-offset')).toBe('1');
    expect(h(poison, 'dlq-attempts')).toBe('1');

    expect(exhausted.key?.toString()).toBe('child-1');
    expect(type.codec.decode(exhausted.value!).daysOverdue).toBe(666);
    expect(h(exhausted, 'event-id')).toBe(failing.eventId);
    expect(h(exhausted, 'producer')).toBe('registry');
    expect(h(exhausted, 'dlq-reason')).toBe('retries-exhausted');
    expect(h(exhausted, 'dlq-error')).toBe('Error: projection rejected visit 666');
    expect(h(exhausted, 'dlq-offset')).toBe('3');
    expect(h(exhausted, 'dlq-attempts')).toBe('3');
    expect(h(exhausted, 'dlq-group')).toBe(group);
    expect([ok1, ok2, ok3].every((e) => e.eventId !== failing.eventId)).toBe(true);
  });
});
