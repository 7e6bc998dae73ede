// (b) A consumer killed mid-batch (some effects written, their offsets not committed), plus one
// event published twice with the same id: after a restart the projection is exactly what one
// delivery of each distinct event gives.
import { EventPublisher, KafkaEventBroker } from '@care/events';
import type { Admin } from 'kafkajs';
import type { Connection } from 'mongoose';
import {
  broker,
  committedTotal,
  connectDb,
  endOffsetTotal,
  kafkaAdmin,
  overdue,
  overdueType,
  runFixture,
  tallyModel,
  uid,
  waitFor,
} from './support';

jest.setTimeout(90_000);

describe('consumer: SIGKILL mid-batch, redelivery and a duplicated event', () => {
  const id = uid();
  const type = overdueType(id);
  const db = `it_consumer_${id}`;
  const group = `it-projection-${id}`;
  let admin: Admin;
  let connection: Connection;
  let kafka: KafkaEventBroker;

  beforeAll(async () => {
    admin = await kafkaAdmin();
    connection = await connectDb(db);
    kafka = broker('it-consumer-test');
    await kafka.ensureTopics([{ topic: type.topic, partitions: 3 }]);
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await admin.deleteTopics({ topics: [type.topic, `${group}.dlq.v1`] }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
  });

  it('applies each distinct event exactly once across the crash', async () => {
    // 36 events for 6 children over 3 partitions, then event #7 published again with its id.
    const publisher = new EventPublisher(kafka, { producer: 'registry' });
    const published: { eventId: string; childId: string; days: number }[] = [];
    for (let i = 1; i <= 36; i++) {
      const childId = `child-${i % 6}`;
      const { eventId } = await publisher.publish(type, childId, overdue(childId, i));
      published.push({ eventId, childId, days: i });
    }
    const again = published[6];
    await publisher.publish(type, again.childId, overdue(again.childId, again.days), {
      eventId: again.eventId,
    });
    await publisher.close();
    expect(await endOffsetTotal(admin, type.topic)).toBe(37);

    const expected = new Map<string, { overdueVisits: number; totalDaysOverdue: number }>();
    for (const p of published) {
      const t = expected.get(p.childId) ?? { overdueVisits: 0, totalDaysOverdue: 0 };
      expected.set(p.childId, {
        overdueVisits: t.overdueVisits + 1,
        totalDaysOverdue: t.totalDaysOverdue + p.days,
      });
    }

    // First run: killed right after its 14th effect.
    const env = { TOPIC_ID: id, DB: db, GROUP: group };
    const first = runFixture('projection-consumer.ts', { ...env, CRASH_AFTER_EFFECTS: '14' });
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    const appliedLines = first.lines.filter((l) => l.startsWith('applied '));
    expect(appliedLines).toHaveLength(14);
    const [, lastApplied, position] = appliedLines[13].split(' ');
    const [crashPartition, crashOffset] = position.slice(1).split('@').map(Number);

    const Tally = tallyModel(connection);
    const effectsAtCrash = (await Tally.find().lean()).reduce((n, t) => n + t.overdueVisits, 0);
    const committedAtCrash = await committedTotal(admin, group, type.topic);
    expect(effectsAtCrash).toBeGreaterThanOrEqual(14); // handlers on other partitions may have finished a write too
    expect(effectsAtCrash).toBeLessThan(36);
    // The crash came mid-batch: the last effect's offset (and so its record) was never committed,
    // and overall more effects were written than records committed.
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [type.topic] });
    const crashPartitionCommitted = Number(
      committed.partitions.find((p) => p.partition === crashPartition)?.offset ?? -1,
    );
    expect(crashPartitionCommitted).toBeLessThanOrEqual(crashOffset);
    expect(committedAtCrash).toBeLessThanOrEqual(effectsAtCrash);

    // Second run: redelivery of everything uncommitted, to the end of the topic.
    const second = runFixture('projection-consumer.ts', env);
    await second.waitForLine(/^ready$/);
    await waitFor(
      'the group to commit to the end of the topic',
      async () => (await committedTotal(admin, group, type.topic)) === 37,
      40_000,
      250,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    // The event whose effect was written just before the kill (no inbox record, no offset) came
    // back, and applyOnce refused to apply it a second time.
    expect(second.lines.some((l) => l.startsWith(`duplicate ${lastApplied} `))).toBe(true);
    const stats = JSON.parse((second.lines.find((l) => l.startsWith('stats ')) ?? 'stats {}').slice(6));
    // the deliberate duplicate and the handled-before-crash events were skipped by the inbox
    expect(stats.duplicates).toBeGreaterThanOrEqual(1);
    expect(stats.deadLettered).toBe(0);

    const tallies = await Tally.find().sort({ _id: 1 }).lean();
    expect(
      Object.fromEntries(
        tallies.map((t) => [t._id, { overdueVisits: t.overdueVisits, totalDaysOverdue: t.totalDaysOverdue }]),
      ),
    ).toEqual(Object.fromEntries([...expected.entries()].sort()));
    for (const t of tallies) expect(new Set(t.processedEventIds).size).toBe(t.processedEventIds.length);
  });
});
