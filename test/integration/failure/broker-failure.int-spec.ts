// Broker-failure drill on the three-broker KRaft cluster (infra/kafka.sh cluster-up: RF 3,
// min.insync.replicas 2). A steady stream of events is published while broker 2 is SIGKILLed
// part-way; a consumer group with the inbox and applyOnce projects them throughout; broker 2 is
// brought back. The projection must hold every acknowledged event exactly once: no loss across the
// leader changes, no double effect from the redeliveries a failover causes.
//
// The cluster is NOT the shared single-node broker on 19092: it is started here and stopped in
// afterAll. Figures (events, time, failover, max end-to-end gap) are printed to the console.
import { type EventType, registry } from '@care/contracts';
import {
  EventConsumer,
  EventPublisher,
  EventsLogger,
  InboxStore,
  KafkaEventBroker,
  applyOnce,
  handle,
  processedEventsField,
  TopicSpec,
  ulidGenerator,
} from '@care/events';
import { Admin, Kafka, logLevel } from 'kafkajs';
import mongoose, { Connection, Model, Schema } from 'mongoose';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../../..');
const KAFKA_SH = path.join(ROOT, 'infra/kafka.sh');
const CLUSTER_BROKERS = (
  process.env.KAFKA_CLUSTER_BROKERS ?? '127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094'
).split(',');
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';

const EVENTS = Number(process.env.DRILL_EVENTS ?? 3000);
const CHILDREN = 60;
const PARTITIONS = 6;
/** Node id of the broker killed; kafka.sh numbers the nodes 1..3 as their KRaft node ids. */
const KILLED_NODE = 2;
/** The stream is spread over this long, so the kill lands mid-stream and publishing outlives the failover. */
const PUBLISH_SPREAD_MS = 14_000;
const KILL_AT_EVENT = Math.floor(EVENTS / 3);
/** Re-publishing a rejected event (same id) is what the outbox relay does; bounded so a dead cluster fails the test. */
const MAX_PUBLISH_ATTEMPTS = 10;

// Generous: a drill takes about a minute, but setting up three JVMs on a loaded 2-core machine can
// take minutes; no assertion depends on timing.
jest.setTimeout(300_000);

const execFileAsync = promisify(execFile);

/** kafka.sh synchronously (setup and teardown, where nothing else runs). */
function kafkaSh(command: string, ...args: string[]): void {
  execFileSync('bash', [KAFKA_SH, command, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 150_000,
  });
}

/** kafka.sh without blocking the event loop: the publisher and the consumer keep running meanwhile. */
async function kafkaShAsync(command: string, ...args: string[]): Promise<void> {
  await execFileAsync('bash', [KAFKA_SH, command, ...args], { cwd: ROOT, timeout: 150_000 });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The cluster's ports are the machine's, and a drill resets and stops the cluster: two drills at
 * once (two engineers, or a developer beside CI) would wipe each other's brokers. A lock directory
 * (mkdir is atomic) serialises them; a holder that died leaves a lock the next drill takes over.
 */
async function lockCluster(timeoutMs: number): Promise<() => void> {
  const dir = path.join(
    os.tmpdir(),
    `care-kafka-cluster-${CLUSTER_BROKERS[0].replace(/[^0-9A-Za-z]+/g, '-')}.lock`,
  );
  const pidFile = path.join(dir, 'pid');
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(pidFile, String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(pidFile, 'utf8'));
    } catch {
      // Just created by another drill that has not written its pid yet, or left half-made long ago.
    }
    const madeAt = statSync(dir, { throwIfNoEntry: false })?.mtimeMs;
    if (madeAt === undefined) continue; // released meanwhile
    const abandoned = holder > 0 ? !processAlive(holder) : Date.now() - madeAt > 30_000;
    if (abandoned) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > until)
      throw new Error(
        `the three-broker cluster is in use by another drill (process ${holder || 'unknown'}, lock ${dir})`,
      );
    await sleep(1000);
  }
}

function uid(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
  );
}

/**
 * Waits for `probe` while `progress` keeps moving: a loaded 2-core machine may consume slowly, but a
 * consumer that has stopped (no progress for `stallMs`) fails the wait; `capMs` bounds it anyway.
 */
async function waitWhileProgressing<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  progress: () => number,
  stallMs: number,
  capMs: number,
): Promise<T> {
  const started = Date.now();
  let last = progress();
  let movedAt = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (progress() !== last) {
      last = progress();
      movedAt = Date.now();
    }
    if (Date.now() - movedAt > stallMs) throw new Error(`no progress for ${stallMs} ms waiting for ${what}`);
    if (Date.now() - started > capMs) throw new Error(`timed out after ${capMs} ms waiting for ${what}`);
    await sleep(500);
  }
}

/** Counts what the library logs (kafkajs reconnects, consumer crashes) instead of flooding the test output. */
class CountingLogger implements EventsLogger {
  readonly counts = new Map<string, number>();
  debug(): void {}
  info(): void {}
  warn(fields: object, message: string): void {
    this.count('warn', fields, message);
  }
  error(fields: object, message: string): void {
    this.count('error', fields, message);
  }
  private count(level: string, fields: object, message: string): void {
    const err = (fields as { err?: { name?: string; message?: string } }).err;
    const key = `${level}: ${message.slice(0, 90)}${err ? ` [${err.name}: ${String(err.message).slice(0, 80)}]` : ''}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

type Overdue = registry.VisitOverdue;

/** The downstream projection: per child, overdue visits and their total days (daysOverdue = the event's sequence number). */
interface VisitTally {
  _id: string;
  overdueVisits: number;
  totalDaysOverdue: number;
  processedEventIds: string[];
}

function tallyModel(connection: Connection): Model<VisitTally> {
  const schema = new Schema<VisitTally>(
    {
      _id: String,
      overdueVisits: { type: Number, default: 0 },
      totalDaysOverdue: { type: Number, default: 0 },
      ...processedEventsField,
    },
    { versionKey: false },
  );
  return connection.model<VisitTally>('DrillVisitTally', schema, 'visit_tally');
}

interface Sent {
  readonly seq: number;
  readonly eventId: string;
  readonly childId: string;
  readonly firstSentAt: number;
  attempts: number;
  ackedAt?: number;
  /** Error names of rejected attempts (each followed by a re-publish with the same id). */
  rejections: string[];
}

interface Consumed {
  partition: number;
  firstHandledAt: number;
  handlerCalls: number;
  applied: number;
}

/** A failed assertion names how many events and the first few, not thousands of lines. */
function events(list: readonly Sent[]): string {
  if (list.length === 0) return 'none';
  return `${list.length} events: ${list
    .slice(0, 10)
    .map((x) => `#${x.seq}`)
    .join(', ')}${list.length > 10 ? ', …' : ''}`;
}

async function leadersOf(
  admin: Admin,
  topic: string,
): Promise<Map<number, { leader: number; isr: number[] }>> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  return new Map(topics[0].partitions.map((p) => [p.partitionId, { leader: p.leader, isr: p.isr }]));
}

/**
 * EventBroker.ensureTopics on a fresh multi-broker cluster: kafkajs's createTopics({waitForLeaders})
 * asks any broker for the new topic's metadata and throws UNKNOWN_TOPIC_OR_PARTITION when that
 * broker has not applied the creation yet (tulios/kafkajs#815). The topic exists by then, so a
 * second call returns at once; then wait until every partition has a leader and three in-sync replicas.
 */
async function ensureTopicsOnCluster(
  kafka: KafkaEventBroker,
  admin: Admin,
  specs: TopicSpec[],
): Promise<void> {
  await waitFor('the topics to be created', async () => (await kafka.ensureTopics(specs), true), 30_000, 500);
  for (const spec of specs) {
    await waitFor(
      `${spec.topic} to be fully replicated`,
      async () => {
        const partitions = await leadersOf(admin, spec.topic);
        return (
          partitions.size === spec.partitions &&
          [...partitions.values()].every((p) => p.leader >= 0 && p.isr.length === 3)
        );
      },
      30_000,
      250,
    );
  }
}

/**
 * Where each event id sits in the topic, read end to end by a throw-away consumer: tells a record
 * missing from the log (lost by the producer or the brokers) from one the group skipped.
 */
async function readTopic(topic: string, admin: Admin): Promise<Map<string, string[]>> {
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  const kafka = new Kafka({ clientId: 'drill-reader', brokers: CLUSTER_BROKERS, logLevel: logLevel.NOTHING });
  const reader = kafka.consumer({ groupId: `drill-reader-${uid()}`, maxWaitTimeInMs: 200 });
  const where = new Map<string, string[]>();
  const done = new Map<number, number>();
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ partition, message }) => {
      const eventId = message.headers?.['event-id']?.toString() ?? `no-id@${partition}/${message.offset}`;
      where.set(eventId, [...(where.get(eventId) ?? []), `${partition}/${message.offset}`]);
      done.set(partition, Number(message.offset) + 1);
    },
  });
  await waitFor(
    'the reader to reach the end of the topic',
    async () => [...ends].every(([p, high]) => (done.get(p) ?? 0) >= high),
    30_000,
  ).catch(() => undefined);
  await reader.disconnect();
  return where;
}

describe('three-broker cluster: a broker killed mid-stream', () => {
  const id = uid();
  const type: EventType<Overdue> = {
    topic: `drill-${id}.visit.overdue.v1`,
    domain: 'registry',
    schemaVersion: 1,
    codec: registry.VisitOverdue,
  };
  const groupId = `drill-projection-${id}`;
  const db = `drill_${id}`;
  const logger = new CountingLogger();
  let admin: Admin | undefined;
  let kafka: KafkaEventBroker | undefined;
  let connection: Connection | undefined;
  let unlockCluster: (() => void) | undefined;

  beforeAll(async () => {
    unlockCluster = await lockCluster(120_000);
    const started = Date.now();
    kafkaSh('cluster-reset');
    kafkaSh('cluster-up');
    admin = new Kafka({
      clientId: 'drill-admin',
      brokers: CLUSTER_BROKERS,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    kafka = new KafkaEventBroker({ clientId: 'drill', brokers: CLUSTER_BROKERS, logger });
    // The dead-letter topic too, here: EventConsumer.start() would create it through the same
    // race (see ensureTopicsOnCluster).
    await ensureTopicsOnCluster(kafka, admin, [
      { topic: type.topic, partitions: PARTITIONS, replicationFactor: 3 },
      { topic: `${groupId}.dlq.v1`, partitions: PARTITIONS, replicationFactor: 3 },
    ]);
    const partitions = await leadersOf(admin, type.topic);
    expect(partitions.size).toBe(PARTITIONS);
    connection = await mongoose
      .createConnection(MONGODB_URI, { dbName: db, serverSelectionTimeoutMS: 5000 })
      .asPromise();
    console.log(
      `[drill] cluster up and topic ${type.topic} (${PARTITIONS} partitions, RF 3) ready in ${Date.now() - started} ms`,
    );
  }, 300_000);

  afterAll(async () => {
    try {
      await admin?.disconnect().catch(() => undefined);
      await kafka?.close().catch(() => undefined);
    } finally {
      // Frees the three JVMs (about 2 GB) for the rest of the suite whatever happened above; the
      // data is wiped by the next reset.
      if (unlockCluster) kafkaSh('cluster-down');
      unlockCluster?.();
    }
    const dropped = (async () => {
      await connection?.dropDatabase().catch(() => undefined);
      await connection?.close();
    })();
    await Promise.race([dropped, sleep(15_000)]);
  }, 90_000);

  it('consumes every acknowledged event exactly once across the kill and the restart', async () => {
    if (!admin || !kafka || !connection) throw new Error('setup failed');
    const clusterAdmin = admin;
    const Tally = tallyModel(connection);
    const inbox = new InboxStore(connection, 'event_inbox');
    await inbox.init();
    await Tally.init();

    const publisher = new EventPublisher(kafka, { producer: 'registry' });
    await publisher.connect();

    const consumed = new Map<string, Consumed>();
    const consumer = new EventConsumer(kafka, publisher, {
      groupId,
      inbox,
      logger,
      partitionsConsumedConcurrently: PARTITIONS,
      retry: { maxAttempts: 8, initialDelayMs: 200, maxDelayMs: 2000 },
      subscriptions: [
        handle(type, async (event) => {
          const seen = consumed.get(event.eventId) ?? {
            partition: event.partition,
            firstHandledAt: Date.now(),
            handlerCalls: 0,
            applied: 0,
          };
          consumed.set(event.eventId, seen);
          seen.handlerCalls += 1;
          const result = await applyOnce(Tally, { _id: event.key }, event.eventId, {
            $inc: { overdueVisits: 1, totalDaysOverdue: event.message.daysOverdue },
          });
          if (result === 'applied') seen.applied += 1;
        }),
      ],
    });
    let groupJoins = 0;
    let crashes = 0;
    consumer.on('group-join', () => (groupJoins += 1));
    consumer.on('crash', () => (crashes += 1));

    const sent: Sent[] = [];
    const timeline: string[] = [];
    const t = {
      started: 0,
      killedAt: 0,
      failoverMs: undefined as number | undefined,
      publishLoopMs: 0,
      ackedAllMs: 0,
      restartMs: 0,
      consumedAllMs: undefined as number | undefined,
      isrBackMs: undefined as number | undefined,
    };
    let ledByKilled: number[] = [];
    const sample = () => {
      const acked = sent.filter((x) => x.ackedAt !== undefined).length;
      const rejected = sent.reduce((n, x) => n + x.rejections.length, 0);
      const applied = [...consumed.values()].filter((c) => c.applied > 0).length;
      const { handled, duplicates, retries, deadLettered } = consumer.stats;
      timeline.push(
        `${String(Date.now() - t.started).padStart(6)} ms: sent ${sent.length}, acked ${acked}, rejected ${rejected} | applied ${applied}, handled ${handled}, inbox-skips ${duplicates}, retries ${retries}, dlq ${deadLettered}, joins ${groupJoins}, crashes ${crashes}`,
      );
    };
    const figures = () => {
      const acked = sent.filter((x) => x.ackedAt !== undefined);
      const e2e = acked
        .map((x) => (consumed.get(x.eventId)?.firstHandledAt ?? Number.NaN) - x.firstSentAt)
        .sort((a, b) => a - b);
      const handledTimes = [...consumed.values()].map((c) => c.firstHandledAt).sort((a, b) => a - b);
      let maxPause = 0;
      for (let i = 1; i < handledTimes.length; i++)
        maxPause = Math.max(maxPause, handledTimes[i] - handledTimes[i - 1]);
      const rejectedAttempts = sent.reduce((n, x) => n + x.rejections.length, 0);
      const rejectionKinds = [...new Set(sent.flatMap((x) => x.rejections))];
      const redeliveries = [...consumed.values()].reduce((n, c) => n + c.handlerCalls - 1, 0);
      return [
        `[drill] ${EVENTS} events for ${CHILDREN} children on ${PARTITIONS} partitions; broker ${KILLED_NODE} SIGKILLed after event ${KILL_AT_EVENT} (${t.killedAt - t.started} ms in); it led partitions [${ledByKilled.join(', ')}]; new leaders ${t.failoverMs ?? '?'} ms after the kill`,
        `[drill] publish loop ${t.publishLoopMs} ms; all settled at ${t.ackedAllMs} ms; broker ${KILLED_NODE} restarted in ${t.restartMs} ms, back in every ISR ${t.isrBackMs ?? 'NEVER'} ms after its restart began; group committed to the end at ${t.consumedAllMs ?? 'NEVER'} ms`,
        `[drill] publish: ${acked.length}/${sent.length} acknowledged; ${rejectedAttempts} rejected attempts re-published with the same id (${rejectionKinds.join(', ') || 'none'})`,
        `[drill] topic: ${onTopic.size} distinct event ids in ${[...onTopic.values()].reduce((n, w) => n + w.length, 0)} records; acknowledged but not on the topic: ${
          sent
            .filter((x) => x.ackedAt !== undefined && !onTopic.has(x.eventId))
            .map(
              (x) =>
                `#${x.seq} (sent ${x.firstSentAt - t.started} ms, acked ${(x.ackedAt ?? 0) - t.started} ms)`,
            )
            .join(', ') || 'none'
        }`,
        `[drill] consume: ${consumed.size} distinct events; ${redeliveries} redeliveries reached the handler (applyOnce refused them), ${consumer.stats.duplicates} skipped by the inbox; retries ${consumer.stats.retries}, dead-lettered ${consumer.stats.deadLettered}; group joins ${groupJoins}, crashes ${crashes}`,
        `[drill] end-to-end (first send -> first handled): p50 ${e2e[Math.floor(e2e.length / 2)]} ms, p99 ${e2e[Math.floor(e2e.length * 0.99)]} ms, max ${e2e[e2e.length - 1]} ms; longest pause in consumption ${maxPause} ms`,
        `[drill] library log: ${[...logger.counts.entries()].map(([k, v]) => `${v}x ${k}`).join(' | ') || 'nothing at warn or above'}`,
        ...timeline.map((l) => `[drill]   ${l}`),
      ].join('\n');
    };

    let sampler: NodeJS.Timeout | undefined;
    let onTopic = new Map<string, string[]>();
    try {
      await consumer.start();
      ledByKilled = [...(await leadersOf(clusterAdmin, type.topic)).entries()]
        .filter(([, p]) => p.leader === KILLED_NODE)
        .map(([partition]) => partition);
      t.started = Date.now();
      sampler = setInterval(sample, 4000);

      // The steady stream: a few events every tick, none awaited by the loop; an event whose
      // produce request is rejected is re-published with its id (as the outbox relay does).
      const publishing: Promise<void>[] = [];
      const publishOne = async (x: Sent): Promise<void> => {
        const message: Overdue = {
          childId: x.childId,
          entryId: `entry-${x.childId}`,
          visitId: `visit-${x.seq}`,
          countyCode: '371702',
          townshipCode: '371702001',
          workerId: 'worker-1',
          dueOn: '2025-03-01',
          daysOverdue: x.seq,
        };
        while (x.attempts < MAX_PUBLISH_ATTEMPTS) {
          x.attempts += 1;
          try {
            await publisher.publish(type, x.childId, message, { eventId: x.eventId });
            x.ackedAt = Date.now();
            return;
          } catch (error) {
            x.rejections.push(error instanceof Error ? error.name : 'NonError');
            await sleep(500);
          }
        }
      };
      let killing: Promise<void> | undefined;
      let failover: Promise<number> | undefined;
      const tickMs = 10;
      const perTick = Math.max(1, Math.ceil(EVENTS / (PUBLISH_SPREAD_MS / tickMs)));
      for (let seq = 1; seq <= EVENTS;) {
        for (let n = 0; n < perTick && seq <= EVENTS; n++, seq++) {
          const x: Sent = {
            seq,
            eventId: ulidGenerator(),
            childId: `child-${seq % CHILDREN}`,
            firstSentAt: Date.now(),
            attempts: 0,
            rejections: [],
          };
          sent.push(x);
          publishing.push(publishOne(x));
          if (seq === KILL_AT_EVENT) {
            t.killedAt = Date.now();
            killing = kafkaShAsync('kill-node', String(KILLED_NODE));
            // No partition of the topic led by the dead broker any more: it was fenced and leaders elected.
            failover = waitFor(
              "new leaders for the dead broker's partitions",
              async () =>
                [...(await leadersOf(clusterAdmin, type.topic)).values()].every(
                  (p) => p.leader !== KILLED_NODE,
                )
                  ? Date.now() - t.killedAt
                  : undefined,
              60_000,
              250,
            );
          }
        }
        await sleep(tickMs);
      }
      t.publishLoopMs = Date.now() - t.started;
      await killing;
      t.failoverMs = await failover;
      await Promise.all(publishing);
      t.ackedAllMs = Date.now() - t.started;

      // Broker 2 back while the group may still be catching up.
      const restartStarted = Date.now();
      await kafkaShAsync('cluster-up');
      t.restartMs = Date.now() - restartStarted;

      // The group has caught up when it has committed to the end of every partition: everything
      // on the topic went through the handler (offsets are committed only after it).
      t.consumedAllMs = await waitWhileProgressing(
        'the group to commit to the end of every partition',
        async () => {
          const [ends, [committed]] = await Promise.all([
            clusterAdmin.fetchTopicOffsets(type.topic),
            clusterAdmin.fetchOffsets({ groupId, topics: [type.topic] }),
          ]);
          const at = new Map(committed.partitions.map((p) => [p.partition, p.offset]));
          return ends.every((e) => at.get(e.partition) === e.high) ? Date.now() - t.started : undefined;
        },
        () => consumer.stats.handled + consumer.stats.duplicates,
        45_000,
        180_000,
      ).catch(() => undefined);
      // The restarted broker caught up: every partition is fully replicated again.
      t.isrBackMs = await waitFor(
        'broker 2 back in every partition ISR',
        async () =>
          [...(await leadersOf(clusterAdmin, type.topic)).values()].every((p) => p.isr.length === 3)
            ? Date.now() - restartStarted
            : undefined,
        60_000,
        500,
      ).catch(() => undefined);
      onTopic = await readTopic(type.topic, clusterAdmin);
    } finally {
      clearInterval(sampler);
      sample();
      await consumer.stop().catch(() => undefined);
      await publisher.close().catch(() => undefined);
      console.log(figures());
    }

    // The publisher did not give up on any event (re-publishing a rejected one is the caller's duty)...
    expect(events(sent.filter((x) => x.ackedAt === undefined))).toBe('none');
    // ...and an acknowledgement means the event is on the topic (acks from all in-sync replicas).
    expect(events(sent.filter((x) => x.ackedAt !== undefined && !onTopic.has(x.eventId)))).toBe('none');
    // The group read to the end, and every event was applied to the projection exactly once.
    expect(t.consumedAllMs).toBeDefined();
    expect(events(sent.filter((x) => consumed.get(x.eventId)?.applied !== 1))).toBe('none');
    // Nothing was consumed that was not published, nothing was dead-lettered.
    const sentIds = new Set(sent.map((x) => x.eventId));
    expect([...consumed.keys()].filter((eventId) => !sentIds.has(eventId))).toEqual([]);
    expect(consumer.stats.deadLettered).toBe(0);
    // The projection itself, not just this test's bookkeeping: per child, the count and the sum of
    // the sequence numbers of its events, and each of its event ids remembered once.
    const expected = new Map<string, { overdueVisits: number; totalDaysOverdue: number; ids: string[] }>();
    for (const x of sent) {
      const e = expected.get(x.childId) ?? { overdueVisits: 0, totalDaysOverdue: 0, ids: [] };
      e.overdueVisits += 1;
      e.totalDaysOverdue += x.seq;
      e.ids.push(x.eventId);
      expected.set(x.childId, e);
    }
    const tallies = await Tally.find().lean();
    expect(tallies).toHaveLength(expected.size);
    for (const tally of tallies) {
      const e = expected.get(tally._id);
      expect({
        child: tally._id,
        overdueVisits: tally.overdueVisits,
        totalDaysOverdue: tally.totalDaysOverdue,
      }).toEqual({
        child: tally._id,
        overdueVisits: e?.overdueVisits,
        totalDaysOverdue: e?.totalDaysOverdue,
      });
      expect([...tally.processedEventIds].sort()).toEqual([...(e?.ids ?? [])].sort());
    }
    // The group moved on across the leader changes: the dead broker's partitions got new leaders,
    // and events published on them after the kill were consumed from those new leaders.
    expect(t.failoverMs).toBeDefined();
    expect(t.isrBackMs).toBeDefined();
    expect(ledByKilled.length).toBeGreaterThan(0);
    const movedOn = sent.filter(
      (x) => x.firstSentAt > t.killedAt && ledByKilled.includes(consumed.get(x.eventId)?.partition ?? -1),
    );
    expect(movedOn.length).toBeGreaterThan(0);
  });
});
