// The outbox batch (ADR 0009) on the real database and the real broker: events of a multi-document
// write leave once sealed, only for the documents written; a batch its writer abandoned is
// resolved by its owner and loses nothing.
import { registry, type EventType } from '@care/contracts';
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { KafkaEventBroker } from '../kafka-broker';
import { silentLogger } from '../logger';
import { EventConsumer } from '../consumer';
import { EventPublisher } from '../publisher';
import { handle } from '../subscription';
import { OutboxBatchStore, type OpenOutboxBatch } from './batch-store';
import { outboxEntry } from './entry';
import { OutboxRelay } from './relay';

jest.setTimeout(90_000);

const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
const type: EventType<registry.VisitOverdue> = {
  topic: `it-${id}.visit.overdue.v1`,
  domain: 'registry',
  schemaVersion: 1,
  codec: registry.VisitOverdue,
};
const entryFor = (childId: string, daysOverdue: number) => ({
  documentId: childId,
  entry: outboxEntry(
    type,
    childId,
    {
      childId,
      entryId: `entry-${childId}`,
      visitId: `visit-${daysOverdue}`,
      countyCode: '371702',
      townshipCode: '371702001',
      workerId: 'w',
      dueOn: '2025-03-01',
      daysOverdue,
    },
    'registry',
  ),
});

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outbox batches on the database and the broker', () => {
  let connection: Connection;
  let kafka: KafkaEventBroker;
  let publisher: EventPublisher;
  let consumer: EventConsumer;
  const received: { key: string; days: number; eventId: string }[] = [];

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(MONGODB_URI, { dbName: `it_batches_${id}`, serverSelectionTimeoutMS: 5000 })
      .asPromise();
    kafka = new KafkaEventBroker({
      clientId: `it-batches-${id}`,
      brokers: KAFKA_BROKERS,
      logger: silentLogger,
    });
    await kafka.ensureTopics([{ topic: type.topic, partitions: 1 }]);
    publisher = new EventPublisher(kafka, { producer: 'registry', logger: silentLogger });
    await publisher.connect();
    consumer = new EventConsumer(kafka, publisher, {
      groupId: `it-batches-${id}`,
      logger: silentLogger,
      subscriptions: [
        handle(type, async (event) => {
          received.push({ key: event.key, days: event.message.daysOverdue, eventId: event.eventId });
        }),
      ],
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await publisher.close();
    await kafka.close();
    const admin = new Kafka({
      clientId: `it-batches-admin-${id}`,
      brokers: KAFKA_BROKERS,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [type.topic] }).catch(() => undefined);
    await admin.disconnect();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('publishes a sealed batch once, only the written documents’ events, in order, and deletes it', async () => {
    const store = new OutboxBatchStore(connection, 'batches_a');
    const relay = new OutboxRelay(publisher, { sources: [store], logger: silentLogger });
    const entries = [entryFor('a1', 1), entryFor('a2', 2), entryFor('a1', 3), entryFor('a3', 4)];
    const batchId = await store.open(entries, { jobId: 'j1' });
    // Open: its writer is still writing the documents; nothing leaves.
    expect(await relay.drainOnce()).toBe(0);
    expect(await store.countOpen()).toBe(1);

    // a2 was refused by the database: its event is never announced.
    await store.seal(batchId, entries, ['a1', 'a3']);
    expect(await store.countOpen()).toBe(0);
    expect(await store.countSealed()).toBe(1);
    expect(await relay.drainOnce()).toBe(3);
    expect(await store.countSealed()).toBe(0);
    await until('three deliveries', () => received.filter((r) => r.key.startsWith('a')).length >= 3);
    const got = received.filter((r) => r.key.startsWith('a'));
    expect(got.map((r) => [r.key, r.days])).toEqual([
      ['a1', 1],
      ['a1', 3],
      ['a3', 4],
    ]);
    expect(got.map((r) => r.eventId)).toEqual(
      [entries[0], entries[2], entries[3]].map((e) => e.entry.eventId),
    );
    expect(await relay.drainOnce()).toBe(0);
  });

  it('a batch abandoned by its writer waits while the owner says in progress, then announces what was written', async () => {
    let now = new Date('2025-06-01T00:00:00Z');
    const written = new Set<string>();
    let writerAlive = true;
    const asked: OpenOutboxBatch[] = [];
    const store = new OutboxBatchStore(connection, 'batches_b', {
      now: () => now,
      openGraceMs: 60_000,
      openCheckEveryMs: 0,
      resolveOpen: async (batch) => {
        asked.push(batch);
        return writerAlive ? 'in-progress' : [...written].filter((d) => batch.documentIds.includes(d));
      },
    });
    const relay = new OutboxRelay(publisher, { sources: [store], logger: silentLogger });
    const entries = [entryFor('b1', 1), entryFor('b2', 2), entryFor('b3', 3)];
    await store.open(entries, { jobId: 'j2', countyCode: '371702' });
    written.add('b1');
    written.add('b3');
    // The writer dies here, before sealing. Within the grace period nobody asks.
    expect(await relay.drainOnce()).toBe(0);
    expect(asked).toHaveLength(0);
    // Past the grace, the owner still sees the job running: the batch stays open.
    now = new Date(now.getTime() + 61_000);
    expect(await relay.drainOnce()).toBe(0);
    expect(asked.map((b) => [b.owner, b.documentIds])).toEqual([
      [{ jobId: 'j2', countyCode: '371702' }, ['b1', 'b2', 'b3']],
    ]);
    expect(await store.countOpen()).toBe(1);
    // The job is marked interrupted: the events of b1 and b3 (stored) leave, b2's never.
    writerAlive = false;
    expect(await relay.drainOnce()).toBe(2);
    expect(await store.countOpen()).toBe(0);
    expect(await store.countSealed()).toBe(0);
    await until('two deliveries', () => received.filter((r) => r.key.startsWith('b')).length >= 2);
    expect(received.filter((r) => r.key.startsWith('b')).map((r) => r.key)).toEqual(['b1', 'b3']);
  });

  it('a relay that dies after publishing and before deleting publishes the batch again (same ids)', async () => {
    const store = new OutboxBatchStore(connection, 'batches_c');
    const entries = [entryFor('c1', 1), entryFor('c2', 2)];
    const batchId = await store.open(entries);
    await store.seal(batchId, entries, ['c1', 'c2']);
    const dying = new OutboxRelay(publisher, {
      sources: [store],
      logger: silentLogger,
      onPublished: () => {
        throw new Error('killed between publish and delete');
      },
    });
    await expect(dying.drainOnce()).rejects.toThrow('killed between publish and delete');
    expect(await store.countSealed()).toBe(1);
    const relay = new OutboxRelay(publisher, { sources: [store], logger: silentLogger });
    expect(await relay.drainOnce()).toBe(2);
    expect(await store.countSealed()).toBe(0);
    await until('four deliveries', () => received.filter((r) => r.key.startsWith('c')).length >= 4);
    const ids = received.filter((r) => r.key.startsWith('c')).map((r) => r.eventId);
    expect(ids).toEqual([...entries, ...entries].map((e) => e.entry.eventId));
  });
});
