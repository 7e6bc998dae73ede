import {
  Admin,
  CompressionTypes,
  Consumer,
  IHeaders,
  Kafka,
  KafkaConfig,
  KafkaJSAggregateError,
  KafkaJSError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  LogEntry,
  Message,
  logLevel,
  Partitioners,
  Producer,
} from 'kafkajs';
import {
  BrokerConsumer,
  BrokerProducer,
  BrokerSendError,
  ConsumedRecord,
  ConsumerEventName,
  ConsumerSettings,
  EventBroker,
  ProducerSettings,
  RunSettings,
  TopicRecords,
  TopicSpec,
} from './broker';
import { EventsLogger, consoleLogger } from './logger';
import { DEFAULT_TOPIC_SETUP_BACKOFF, TopicAdminPort, ensureTopicsReady } from './topic-setup';

export interface KafkaBrokerOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly logger?: EventsLogger;
  /** Sets kafkajs's connection and request timeouts (ms). */
  readonly connectionTimeoutMs?: number;
  readonly compression?: 'none' | 'gzip';
  /** Passed through for TLS/SASL in deployments that need them. */
  readonly ssl?: KafkaConfig['ssl'];
  readonly sasl?: KafkaConfig['sasl'];
  /**
   * How long ensureTopics keeps trying to create topics and to see a leader for each of their
   * partitions (default 60000 ms).
   */
  readonly topicSetupTimeoutMs?: number;
  /**
   * Test isolation on a shared broker: every topic and consumer group this broker touches is
   * `<name>.<suffix>` on the wire, while the code above it (publishers, consumers, handlers,
   * outbox entries) keeps the contracts' names. Empty (the default) in every deployment.
   */
  readonly topicSuffix?: string;
}

const TOPIC_SUFFIX = /^[A-Za-z0-9_-]{1,60}$/;

/** The wire name of a contract topic and back, for an optional test suffix. */
export class TopicNames {
  constructor(readonly suffix = '') {
    if (suffix !== '' && !TOPIC_SUFFIX.test(suffix))
      throw new Error(`topicSuffix must match ${TOPIC_SUFFIX.source}, got "${suffix}"`);
  }

  wire(topic: string): string {
    return this.suffix === '' ? topic : `${topic}.${this.suffix}`;
  }

  contract(wire: string): string {
    const tail = `.${this.suffix}`;
    return this.suffix !== '' && wire.endsWith(tail) ? wire.slice(0, -tail.length) : wire;
  }
}

/** The kafkajs implementation of EventBroker: the only file of the library that imports kafkajs. */
export class KafkaEventBroker implements EventBroker {
  private readonly kafka: Kafka;
  private readonly logger: EventsLogger;
  private readonly compression: CompressionTypes;
  private readonly topicSetupTimeoutMs: number;
  private readonly names: TopicNames;
  private admin: Promise<Admin> | undefined;

  constructor(options: KafkaBrokerOptions) {
    this.logger = options.logger ?? consoleLogger('warn', 'kafkajs');
    this.compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.topicSetupTimeoutMs = options.topicSetupTimeoutMs ?? 60_000;
    this.names = new TopicNames(options.topicSuffix ?? '');
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      ssl: options.ssl,
      sasl: options.sasl,
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      logLevel: logLevel.INFO,
      logCreator: () => (entry) => this.log(entry),
    });
  }

  producer(settings: ProducerSettings): BrokerProducer {
    const producer = this.kafka.producer({
      // Not idempotent, and no retry inside kafkajs: its retry of a partly failed send re-sends only
      // to brokers that have not answered, so records whose partition moved to a broker that had
      // answered are dropped while the send resolves (tulios/kafkajs#1303, PR #1798); and its
      // idempotent producer rewinds the sequence numbers of a request whose outcome is unknown, so
      // if the dead leader had replicated it every later send fails with the non-retriable
      // OUT_OF_ORDER_SEQUENCE_NUMBER (tulios/kafkajs#598). EventPublisher re-sends whole batches
      // instead (resend.ts): at least once, de-duplicated by event id downstream.
      idempotent: false,
      retry: { retries: 0 },
      // One request per broker connection at a time: a re-send cannot overtake the failed request,
      // nor a newer batch the re-send, so the first copy of each event stays in order per key.
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    return new KafkaProducer(producer, settings, this.compression, this.names);
  }

  consumer(settings: ConsumerSettings): BrokerConsumer {
    const consumer = this.kafka.consumer({
      groupId: this.names.wire(settings.groupId),
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      ...(settings.maxBytes === undefined ? {} : { maxBytes: settings.maxBytes }),
      ...(settings.minBytes === undefined ? {} : { minBytes: settings.minBytes }),
      maxWaitTimeInMs: settings.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    return new KafkaConsumer(consumer, settings, this.names);
  }

  /** Creates the missing topics and waits for their leaders, retrying what a fresh cluster gets wrong (topic-setup.ts). */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<string[]> {
    if (specs.length === 0) return [];
    const admin = await this.connectAdmin();
    const created = await ensureTopicsReady(
      kafkaTopicAdmin(admin),
      specs.map((spec) => ({ ...spec, topic: this.names.wire(spec.topic) })),
      {
        deadlineMs: this.topicSetupTimeoutMs,
        backoff: DEFAULT_TOPIC_SETUP_BACKOFF,
        isRetriable: isTransientKafkaError,
        logger: this.logger,
      },
    );
    return created.map((topic) => this.names.contract(topic));
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin).disconnect();
  }

  private connectAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }

  private log(entry: LogEntry): void {
    const { message, ...fields } = entry.log;
    const data = { namespace: entry.namespace, ...fields };
    // kafkajs logs every retriable protocol error response at ERROR (a coordinator still
    // loading, a leader moving); its retrier decides, and real failures surface as rejections.
    if (entry.namespace === 'Connection') return this.logger.debug(data, message);
    // A failed send surfaces as EventPublisher's re-send warning or as a rejection: kafkajs's
    // "Failed to send messages" would say it twice.
    if (entry.namespace === 'Producer' && entry.level === logLevel.ERROR)
      return this.logger.debug(data, message);
    switch (entry.level) {
      case logLevel.ERROR:
        return this.logger.error(data, message);
      case logLevel.WARN:
        return this.logger.warn(data, message);
      case logLevel.INFO: // joins, leaves: noisy at info
      case logLevel.DEBUG:
      case logLevel.NOTHING:
        return this.logger.debug(data, message);
    }
  }
}

class KafkaProducer implements BrokerProducer {
  constructor(
    private readonly producer: Producer,
    private readonly settings: ProducerSettings,
    private readonly compression: CompressionTypes,
    private readonly names: TopicNames,
  ) {}

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      throw sendError('connect', error);
    }
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(batch: readonly TopicRecords[]): Promise<void> {
    try {
      await this.producer.sendBatch({
        acks: -1,
        timeout: this.settings.requestTimeoutMs,
        compression: this.compression,
        // The records go as they are: kafkajs reads them and never changes them, and a copy of
        // each record and its headers was a measurable part of the publisher's garbage.
        topicMessages: batch.map((t) => ({
          topic: this.names.wire(t.topic),
          messages: t.records as Message[],
        })),
      });
    } catch (error) {
      throw sendError('send', error);
    }
  }
}

function sendError(operation: 'connect' | 'send', error: unknown): BrokerSendError {
  const cause = error instanceof KafkaJSNumberOfRetriesExceeded && error.cause ? error.cause : error;
  const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new BrokerSendError(`kafka ${operation} failed: ${what}`, isTransientKafkaError(error), { cause });
}

/**
 * Whether what failed with this kafkajs error may succeed when done again: kafkajs's own verdict
 * (`retriable`: a leader moving, a broker restarting, a timeout, a connection lost), looking
 * through the wrapper its retrier puts around an error it gave up on. With `retries: 0` "retries
 * exceeded" means the error was retriable. A non-kafkajs error (a TypeError from a bad record) is
 * a bug, never transient.
 */
export function isTransientKafkaError(error: unknown): boolean {
  if (error instanceof KafkaJSNumberOfRetriesExceeded) return true;
  if (error instanceof KafkaJSAggregateError)
    return (
      error.errors.length > 0 &&
      error.errors.every((e) => isTopicAlreadyExists(e) || isTransientKafkaError(e))
    );
  if (error instanceof KafkaJSError) return error.retriable;
  return false;
}

function isTopicAlreadyExists(error: unknown): boolean {
  return error instanceof KafkaJSProtocolError && error.type === 'TOPIC_ALREADY_EXISTS';
}

/** The admin operations of topic-setup.ts, with kafkajs. */
function kafkaTopicAdmin(admin: Admin): TopicAdminPort {
  return {
    listTopics: () => admin.listTopics(),
    createTopics: async (specs) => {
      try {
        // Without waitForLeaders: kafkajs's wait gives up on the first "unknown topic" answer
        // (tulios/kafkajs#815); ensureTopicsReady waits for the leaders itself.
        await admin.createTopics({
          waitForLeaders: false,
          topics: specs.map((s) => ({
            topic: s.topic,
            numPartitions: s.partitions ?? -1,
            replicationFactor: s.replicationFactor ?? -1,
            configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
          })),
        });
      } catch (error) {
        // kafkajs answers false when every topic existed; created by someone else meanwhile is no
        // error either when only some did.
        const others =
          error instanceof KafkaJSAggregateError
            ? error.errors.filter((e) => !isTopicAlreadyExists(e))
            : [error];
        if (others.length > 0) throw error;
      }
    },
    partitionLeaders: async (topics) => {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      return new Map(metadata.map((t) => [t.name, t.partitions.map((p) => p.leader)]));
    },
  };
}

const CONSUMER_EVENTS = {
  'group-join': 'consumer.group_join',
  heartbeat: 'consumer.heartbeat',
  rebalancing: 'consumer.rebalancing',
  crash: 'consumer.crash',
  stop: 'consumer.stop',
} as const satisfies Record<ConsumerEventName, string>;

class KafkaConsumer implements BrokerConsumer {
  constructor(
    private readonly consumer: Consumer,
    private readonly settings: ConsumerSettings,
    private readonly names: TopicNames,
  ) {}

  connect(): Promise<void> {
    return this.consumer.connect();
  }

  subscribe(topics: readonly string[], fromBeginning: boolean): Promise<void> {
    return this.consumer.subscribe({ topics: topics.map((t) => this.names.wire(t)), fromBeginning });
  }

  run(settings: RunSettings): Promise<void> {
    return this.consumer.run({
      autoCommit: true,
      autoCommitInterval: this.settings.autoCommitIntervalMs,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
      eachBatch: async (payload) => {
        const { batch } = payload;
        await settings.eachBatch(
          {
            topic: this.names.contract(batch.topic),
            partition: batch.partition,
            records: batch.messages.map(toConsumedRecord),
          },
          {
            resolveOffset: payload.resolveOffset,
            heartbeat: payload.heartbeat,
            commitOffsetsIfNecessary: () => payload.commitOffsetsIfNecessary(),
            isRunning: payload.isRunning,
            isStale: payload.isStale,
          },
        );
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  disconnect(): Promise<void> {
    return this.consumer.disconnect();
  }

  on(event: ConsumerEventName, listener: (payload: unknown) => void): () => void {
    return this.consumer.on(CONSUMER_EVENTS[event], (e: { payload: unknown }) => listener(e.payload));
  }
}

function toConsumedRecord(message: {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
  timestamp: string;
}): ConsumedRecord {
  return {
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: normaliseHeaders(message.headers),
    timestamp: message.timestamp,
  };
}

/**
 * kafkajs gives a header as a Buffer, a string or (repeated) an array; we keep the first value.
 * Records as kafkajs decodes them have Buffers only: their headers object is used as it is, not
 * copied (one object less per consumed record).
 */
export function normaliseHeaders(headers: IHeaders | undefined): Record<string, Buffer> {
  if (headers === undefined) return {};
  let allBuffers = true;
  for (const name in headers) {
    if (!Buffer.isBuffer(headers[name])) {
      allBuffers = false;
      break;
    }
  }
  if (allBuffers) return headers as Record<string, Buffer>;
  const out: Record<string, Buffer> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined) continue;
    out[name] = typeof first === 'string' ? Buffer.from(first, 'utf8') : first;
  }
  return out;
}
