import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { KafkaTls } from '@care/config';
import type { EventType } from '@care/contracts';
import { KafkaEventBroker, TopicNames, isTransientKafkaError, silentLogger } from '@care/events';

/** One event read back from the broker, decoded. */
export interface ProbedEvent<T> {
  topic: string;
  key: string;
  eventId: string;
  producer: string;
  message: T;
}

/**
 * Reads what the app really published: it notes each topic's end offsets BEFORE the test acts,
 * then consumes from exactly there, so events of other engineers' runs published earlier are
 * never seen and none of ours are missed. Each test app has topics of its own (EVENT_TOPIC_SUFFIX);
 * filtering by key (the childIds of this test's database) still separates the tests of one app.
 */
export class TopicProbe {
  private readonly received: {
    topic: string;
    key: string;
    eventId: string;
    producer: string;
    value: Buffer;
  }[] = [];
  private consumer: Consumer | undefined;

  private constructor(
    private readonly kafka: Kafka,
    private readonly names: TopicNames,
    private readonly topics: readonly string[],
    private readonly start: Map<string, { partition: number; offset: string }[]>,
  ) {}

  /** `topicSuffix`: the app's EVENT_TOPIC_SUFFIX (each test app publishes on topics of its own). */
  static async open(
    brokers: readonly string[],
    types: readonly EventType<unknown>[],
    topicSuffix = '',
  ): Promise<TopicProbe> {
    const names = new TopicNames(topicSuffix);
    const kafka = new Kafka({
      clientId: `registry-test-probe-${process.pid}`,
      brokers: [...brokers],
      logLevel: logLevel.NOTHING,
    });
    const topics = [...new Set(types.map((t) => t.topic))];
    // The library's topic setup waits for every partition's leader (kafkajs's own createTopics
    // gives up early, tulios/kafkajs#815).
    const setup = new KafkaEventBroker({
      clientId: `registry-test-probe-${process.pid}`,
      brokers,
      logger: silentLogger,
      topicSuffix,
    });
    try {
      await setup.ensureTopics(topics.map((topic) => ({ topic, partitions: 3 })));
    } finally {
      await setup.close();
    }
    const admin = kafka.admin();
    await admin.connect();
    const start = new Map<string, { partition: number; offset: string }[]>();
    try {
      for (const topic of topics) {
        const wire = names.wire(topic);
        const offsets = await retryTransient(`end offsets of ${wire}`, () => admin.fetchTopicOffsets(wire));
        start.set(
          wire,
          offsets.map((o) => ({ partition: o.partition, offset: o.high })),
        );
      }
    } finally {
      await admin.disconnect();
    }
    const probe = new TopicProbe(
      kafka,
      names,
      topics.map((t) => names.wire(t)),
      start,
    );
    await probe.run();
    return probe;
  }

  private async run(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `registry-test-probe-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics], fromBeginning: false });
    // Seeks are reliable only once the group has assigned the partitions.
    const joined = new Promise<void>((resolve) => {
      const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, message }) => {
        const header = (name: string) => message.headers?.[name]?.toString() ?? '';
        this.received.push({
          topic,
          key: message.key?.toString() ?? '',
          eventId: header('event-id'),
          producer: header('producer'),
          value: message.value ?? Buffer.alloc(0),
        });
      },
    });
    await joined;
    for (const [topic, partitions] of this.start) {
      for (const p of partitions) consumer.seek({ topic, partition: p.partition, offset: p.offset });
    }
  }

  /**
   * The events of a type received so far, decoded, once each: delivery is at least once (a relay
   * that published and then failed to acknowledge publishes the same event id again), so a copy
   * with an event id already seen is not counted. Optionally only those whose key passes `keyFilter`.
   */
  events<T>(type: EventType<T>, keyFilter?: (key: string) => boolean): ProbedEvent<T>[] {
    const seen = new Set<string>();
    return this.received
      .filter((r) => r.topic === this.names.wire(type.topic) && (keyFilter === undefined || keyFilter(r.key)))
      .filter((r) => {
        if (r.eventId === '') return true;
        if (seen.has(r.eventId)) return false;
        seen.add(r.eventId);
        return true;
      })
      .map((r) => ({
        topic: r.topic,
        key: r.key,
        eventId: r.eventId,
        producer: r.producer,
        message: type.codec.decode(r.value),
      }));
  }

  /** Waits until `count` events of the type (matching the filter) have arrived, or fails after the timeout. */
  async waitFor<T>(
    type: EventType<T>,
    count: number,
    keyFilter?: (key: string) => boolean,
    timeoutMs = 60_000,
  ): Promise<ProbedEvent<T>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events(type, keyFilter);
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(`waited ${timeoutMs} ms for ${count} × ${type.topic}, got ${found.length}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits a quiet period and returns what arrived: to assert that NOTHING more was published. */
  async settle<T>(
    type: EventType<T>,
    keyFilter: (key: string) => boolean,
    quietMs = 2_000,
  ): Promise<ProbedEvent<T>[]> {
    await new Promise((r) => setTimeout(r, quietMs));
    return this.events(type, keyFilter);
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/**
 * A broker that has just created or moved a partition can answer NOT_LEADER_OR_FOLLOWER for a
 * moment (seen in CI on the first probe after the three-broker drill); retry those for up to 30 s.
 */
async function retryTransient<T>(what: string, action: () => Promise<T>, deadlineMs = 30_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await action();
    } catch (error) {
      if (!isTransientKafkaError(error) || Date.now() + wait > deadline)
        throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Deletes a test run's own topics (`*.<suffix>`), best effort: the broker is shared and long-lived. */
export async function deleteSuffixedTopics(
  brokers: readonly string[],
  topicSuffix: string,
  ssl?: KafkaTls,
): Promise<void> {
  if (topicSuffix === '') return;
  const admin = new Kafka({
    clientId: 'test-topic-cleanup',
    brokers: [...brokers],
    ssl,
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.endsWith(`.${topicSuffix}`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } catch {
    // Left for the next cleanup: deleting is hygiene, not part of what a test proves.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
