import {
  Admin,
  CompressionTypes,
  Consumer,
  IHeaders,
  Kafka,
  KafkaConfig,
  LogEntry,
  logLevel,
  Partitioners,
  Producer,
} from 'kafkajs';
import type {
  BrokerConsumer,
  BrokerProducer,
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
}

/** The kafkajs implementation of EventBroker: the only file of the library that imports kafkajs. */
export class KafkaEventBroker implements EventBroker {
  private readonly kafka: Kafka;
  private readonly logger: EventsLogger;
  private readonly compression: CompressionTypes;
  private admin: Promise<Admin> | undefined;

  constructor(options: KafkaBrokerOptions) {
    this.logger = options.logger ?? consoleLogger('warn', 'kafkajs');
    this.compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
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
      idempotent: true,
      // kafkajs's idempotent producer keeps per-partition sequence numbers; one request in flight
      // per broker keeps them (and the order of one child's events) intact across retries.
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    return new KafkaProducer(producer, settings, this.compression);
  }

  consumer(settings: ConsumerSettings): BrokerConsumer {
    const consumer = this.kafka.consumer({
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      maxWaitTimeInMs: settings.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    return new KafkaConsumer(consumer, settings);
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<string[]> {
    if (specs.length === 0) return [];
    const admin = await this.connectAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return [];
    // createTopics answers false (not an error) when another process created one meanwhile.
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.partitions ?? -1,
        replicationFactor: s.replicationFactor ?? -1,
        configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    return missing.map((s) => s.topic);
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
  ) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(batch: readonly TopicRecords[]): Promise<void> {
    await this.producer.sendBatch({
      acks: -1,
      timeout: this.settings.requestTimeoutMs,
      compression: this.compression,
      topicMessages: batch.map((t) => ({
        topic: t.topic,
        messages: t.records.map((r) => ({ key: r.key, value: r.value, headers: { ...r.headers } })),
      })),
    });
  }
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
  ) {}

  connect(): Promise<void> {
    return this.consumer.connect();
  }

  subscribe(topics: readonly string[], fromBeginning: boolean): Promise<void> {
    return this.consumer.subscribe({ topics: [...topics], fromBeginning });
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
          { topic: batch.topic, partition: batch.partition, records: batch.messages.map(toConsumedRecord) },
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

/** kafkajs gives a header as a Buffer, a string or (repeated) an array; we keep the first value. */
export function normaliseHeaders(headers: IHeaders | undefined): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined) continue;
    out[name] = typeof first === 'string' ? Buffer.from(first, 'utf8') : first;
  }
  return out;
}
