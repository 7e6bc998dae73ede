import { deadLetterTopic } from '@care/contracts';
import type { Tracer } from '@opentelemetry/api';
import { BatchProcessor, ConsumerStats, InboxPort } from './batch-processor';
import type { BrokerConsumer, ConsumerEventName, EventBroker } from './broker';
import { DEFAULT_RETRY_POLICY, RetryPolicy, validateRetryPolicy } from './failure';
import { EventsLogger, consoleLogger, errorFields } from './logger';
import type { EventPublisher } from './publisher';
import type { Subscription } from './subscription';
import { defaultTracer } from './trace';

export interface EventConsumerOptions {
  /** The consumer group, e.g. `education.registry-projection`; also names the dead-letter topic. */
  readonly groupId: string;
  readonly subscriptions: readonly Subscription[];
  /** A new group reads each topic from its start (default), so a projection sees all history. */
  readonly fromBeginning?: boolean;
  /** Partitions handled at once (default 3); within a partition, strictly one record at a time. */
  readonly partitionsConsumedConcurrently?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Records handled events and skips redeliveries; see also applyOnce for projection writes. */
  readonly inbox?: InboxPort;
  /** Default `deadLetterTopic(groupId)`. */
  readonly deadLetterTopic?: string;
  /** Create the subscribed topics and the dead-letter topic when missing (default true). */
  readonly ensureTopics?: boolean;
  /**
   * Default 10000 ms: how long the group waits for a member that stopped heartbeating. It bounds the
   * pause after a broker failure: when the group coordinator dies, kafkajs cannot reach it to leave
   * the group, restarts the crashed consumer as a NEW member, and the group waits for the old
   * member's session to expire before it assigns any partition (with kafkajs's 30 s default the
   * drill's group paused 37-42 s). Long handlers are safe with a short session: the consumer loop
   * heartbeats while it holds a batch. The broker's group.min.session.timeout.ms (6 s) is the floor.
   */
  readonly sessionTimeoutMs?: number;
  /** Default 3000 ms; at most a third of sessionTimeoutMs. */
  readonly heartbeatIntervalMs?: number;
  readonly rebalanceTimeoutMs?: number;
  /** Default 1 MiB: the most one fetch returns of one partition. */
  readonly maxBytesPerPartition?: number;
  /** Default 10 MiB (kafkajs's): the most one fetch returns in all. */
  readonly maxBytes?: number;
  /** Default 1 byte: a fetch answers as soon as anything is there (or after maxWaitTimeMs). */
  readonly minBytes?: number;
  readonly maxWaitTimeMs?: number;
  /** Default 1000 ms: resolved offsets are committed at least this often during a batch, and after every batch. */
  readonly autoCommitIntervalMs?: number;
  readonly logger?: EventsLogger;
  readonly tracer?: Tracer;
}

/**
 * A consumer group member that owns its loop (STYLE.md, "Pitfalls"): batches per partition,
 * partitions in parallel, heartbeats through slow batches, bounded retries with backoff, then the
 * dead-letter topic, so one bad message never blocks its partition nor starves other topics.
 * Offsets are committed only for records already handled: delivery is at least once, and
 * handlers de-duplicate by event id (inbox, applyOnce).
 */
export class EventConsumer {
  readonly groupId: string;
  readonly deadLetterTopic: string;
  private readonly consumer: BrokerConsumer;
  private readonly processor: BatchProcessor;
  private readonly logger: EventsLogger;
  private running = false;

  constructor(
    private readonly broker: EventBroker,
    publisher: EventPublisher,
    private readonly options: EventConsumerOptions,
  ) {
    if (options.subscriptions.length === 0)
      throw new Error(`consumer ${options.groupId} has no subscriptions`);
    const byTopic = new Map<string, Subscription>();
    for (const s of options.subscriptions) {
      if (byTopic.has(s.topic)) throw new Error(`consumer ${options.groupId} subscribes to ${s.topic} twice`);
      byTopic.set(s.topic, s);
    }
    this.groupId = options.groupId;
    this.deadLetterTopic = options.deadLetterTopic ?? deadLetterTopic(options.groupId);
    this.logger = options.logger ?? consoleLogger('warn', `consumer:${options.groupId}`);
    const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3000;
    const autoCommitIntervalMs = options.autoCommitIntervalMs ?? 1000;
    const sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
    if (heartbeatIntervalMs * 3 > sessionTimeoutMs) {
      throw new Error(
        `consumer ${options.groupId}: heartbeatIntervalMs should be at most a third of sessionTimeoutMs`,
      );
    }
    this.consumer = broker.consumer({
      groupId: options.groupId,
      sessionTimeoutMs,
      heartbeatIntervalMs,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 60_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      maxBytes: options.maxBytes,
      minBytes: options.minBytes,
      maxWaitTimeMs: options.maxWaitTimeMs ?? 500,
      autoCommitIntervalMs,
    });
    const dlqTopic = this.deadLetterTopic;
    this.processor = new BatchProcessor({
      groupId: options.groupId,
      subscriptions: byTopic,
      retry: validateRetryPolicy({ ...DEFAULT_RETRY_POLICY, ...options.retry }),
      inbox: options.inbox,
      deadLetter: { topic: dlqTopic, send: (record) => publisher.publishRecord(dlqTopic, record) },
      tracer: options.tracer ?? defaultTracer(),
      logger: this.logger,
      heartbeatIntervalMs,
      commitIntervalMs: autoCommitIntervalMs,
    });
    this.consumer.on('crash', (payload) => {
      const { error, restart } = payload as { error?: unknown; restart?: boolean };
      this.logger.error(
        { groupId: this.groupId, restart: restart !== false, ...errorFields(error) },
        restart === false
          ? 'consumer crashed on an error it cannot retry; it has STOPPED'
          : 'consumer crashed; kafkajs restarts it as a new group member',
      );
    });
  }

  get topics(): string[] {
    return this.options.subscriptions.map((s) => s.topic);
  }

  get stats(): Readonly<ConsumerStats> {
    return this.processor.stats;
  }

  /** Observe group membership (joins, heartbeats, rebalances). Returns the unsubscribe function. */
  on(event: ConsumerEventName, listener: (payload: unknown) => void): () => void {
    return this.consumer.on(event, listener);
  }

  /** Joins the group and starts consuming; resolves once the member has joined. */
  async start(): Promise<void> {
    if (this.running) return;
    if (this.options.ensureTopics ?? true) {
      await this.broker.ensureTopics([
        ...this.topics.map((topic) => ({ topic })),
        { topic: this.deadLetterTopic },
      ]);
    }
    await this.consumer.connect();
    await this.consumer.subscribe(this.topics, this.options.fromBeginning ?? true);
    await this.consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (batch, controls) => this.processor.process(batch, controls),
    });
    this.running = true;
  }

  /** Finishes the record in hand, commits what was handled and leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.consumer.disconnect();
    this.running = false;
  }
}
