/**
 * The narrow broker interface the event backbone is written against. Kafka (kafkajs) is one
 * implementation (kafka-broker.ts); unit tests use small fakes of these types, so the retry,
 * dead-letter and batching logic is tested without a broker.
 */

/** Header values on the wire are bytes; ours are UTF-8 text. */
export type RecordHeaders = Readonly<Record<string, Buffer>>;

/** A record to produce. */
export interface OutgoingRecord {
  readonly key: string | Buffer | null;
  /** Null only for a dead-lettered copy of a record that had no value. */
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string | Buffer>>;
}

export interface TopicRecords {
  readonly topic: string;
  readonly records: readonly OutgoingRecord[];
}

/**
 * How a producer reports a failed connect or send: `retriable` when sending the same records again
 * can succeed (a leader moving, a broker restarting, a timeout); not when it cannot (a record too
 * large, no authorisation, an invalid request). A send that rejects with anything else is a bug
 * and is not re-sent either. The broker's own error is the `cause`.
 */
export class BrokerSendError extends Error {
  override readonly name = 'BrokerSendError';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRetriableSendError(error: unknown): error is BrokerSendError {
  return error instanceof BrokerSendError && error.retriable;
}

export interface BrokerProducer {
  /** Rejects with a BrokerSendError. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Sends every record, waiting for all in-sync replicas (acks -1); rejects with a BrokerSendError
   * if any record was not acknowledged. A rejection says nothing about which records were written:
   * some partitions may have them, so the only safe recovery is to send the whole batch again
   * (EventPublisher does, see resend.ts). One call at a time.
   */
  send(batch: readonly TopicRecords[]): Promise<void>;
}

/** A record as consumed. */
export interface ConsumedRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RecordHeaders;
  /** Broker timestamp, epoch milliseconds as a string. */
  readonly timestamp: string;
}

export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ConsumedRecord[];
}

/** What the consumer loop may do while it holds a batch. */
export interface BatchControls {
  /** Marks an offset (and everything before it on the partition) as processed. */
  resolveOffset(offset: string): void;
  /** Tells the group coordinator this member is alive; throws when the group is rebalancing. */
  heartbeat(): Promise<void>;
  /** Commits resolved offsets if the commit interval or threshold has been reached. */
  commitOffsetsIfNecessary(): Promise<void>;
  /** False once the consumer is stopping. */
  isRunning(): boolean;
  /** True when this partition was re-assigned or seeked: the rest of the batch must not be handled. */
  isStale(): boolean;
}

export interface ConsumerSettings {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly maxBytesPerPartition: number;
  /** The most one fetch returns in all; the client's default when absent. */
  readonly maxBytes?: number;
  /** How much a fetch waits for (up to maxWaitTimeMs); the client's default (1 byte) when absent. */
  readonly minBytes?: number;
  readonly maxWaitTimeMs: number;
  /** Resolved offsets are committed at least this often during a batch (and always after it). */
  readonly autoCommitIntervalMs: number;
}

export interface RunSettings {
  readonly partitionsConsumedConcurrently: number;
  eachBatch(batch: ConsumedBatch, controls: BatchControls): Promise<void>;
}

/** Group membership events, for observation and tests (a rebalance must be visible). */
export type ConsumerEventName = 'group-join' | 'heartbeat' | 'rebalancing' | 'crash' | 'stop';

export interface BrokerConsumer {
  connect(): Promise<void>;
  subscribe(topics: readonly string[], fromBeginning: boolean): Promise<void>;
  /** Starts the fetch loop; resolves once the member has joined the group. */
  run(settings: RunSettings): Promise<void>;
  stop(): Promise<void>;
  disconnect(): Promise<void>;
  on(event: ConsumerEventName, listener: (payload: unknown) => void): () => void;
}

export interface TopicSpec {
  readonly topic: string;
  /** Defaults to the broker's num.partitions. */
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly configs?: Readonly<Record<string, string>>;
}

export interface ProducerSettings {
  /** Batching is done by EventPublisher; this bounds a single request's wait for acks. */
  readonly requestTimeoutMs: number;
}

export interface EventBroker {
  producer(settings: ProducerSettings): BrokerProducer;
  consumer(settings: ConsumerSettings): BrokerConsumer;
  /** Creates the topics that do not exist yet; returns the names it created. Idempotent. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<string[]>;
  /** Releases the broker's own connections (the admin client). */
  close(): Promise<void>;
}
