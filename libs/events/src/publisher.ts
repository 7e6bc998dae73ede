import type { EventType } from '@care/contracts';
import { Context, Tracer, context as otelContext, trace } from '@opentelemetry/api';
import { DEFAULT_MAX_BATCH_BYTES, SendBatcher } from './batcher';
import type { BrokerProducer, EventBroker, OutgoingRecord, TopicSpec } from './broker';
import { EventEnvelope, IdGenerator, createEnvelope, ulidGenerator } from './envelope';
import { envelopeToRecord } from './headers';
import { EventsLogger, consoleLogger } from './logger';
import { BatchResender, DEFAULT_RESEND_POLICY, ResendPolicy, ResendStats } from './resend';
import { captureTraceContext, defaultTracer, endSpanWithError, startProducerSpan } from './trace';

export interface EventPublisherOptions {
  /** The producing service's name, e.g. `registry`: the `producer` header of every event. */
  readonly producer: string;
  /** Default 5 ms: small enough for request latency, large enough to batch under load. */
  readonly lingerMs?: number;
  /** Default 5000 records per produce request (maxBatchBytes bounds it for larger records). */
  readonly maxBatchRecords?: number;
  /**
   * Default DEFAULT_MAX_BATCH_BYTES (1 000 000): bytes of records per produce request, so a batch
   * stays under the broker's `message.max.bytes` even when all its records go to one partition.
   * Raise it only with the broker's (and the topics' `max.message.bytes`) limit.
   */
  readonly maxBatchBytes?: number;
  /** Default 30000 ms: how long one produce request may wait for the in-sync replicas. */
  readonly requestTimeoutMs?: number;
  /**
   * Re-sending a batch whose produce request failed for a reason that may pass (a leader moving, a
   * broker restarting): the whole batch, with backoff, until `deadlineMs` (default 120000 ms; see
   * DEFAULT_RESEND_POLICY). Only then do its publishers get the rejection.
   */
  readonly resend?: Partial<ResendPolicy>;
  /** Re-sends are logged at warn. Default: JSON lines on stderr from warn up. */
  readonly logger?: EventsLogger;
  readonly tracer?: Tracer;
  readonly newId?: IdGenerator;
}

/** Records per produce request unless maxBatchBytes is reached first (about 1 500 records of 512 bytes). */
export const DEFAULT_MAX_BATCH_RECORDS = 5000;

export interface PublishOptions {
  /** Re-publishing a known event (or a test's deliberate duplicate) keeps its id. */
  readonly eventId?: string;
  readonly occurredAt?: Date | string;
  /** The context whose span becomes the producer span's parent; the active one by default. */
  readonly context?: Context;
}

export interface PublishedEvent {
  readonly eventId: string;
  readonly topic: string;
}

/**
 * Typed publishing: `publish(RegistryEvents.childRegistered, child.id, message)`. The event is
 * encoded with its protobuf codec, wrapped in the platform's headers (event-id, event-type,
 * schema-version, producer, occurred-at, traceparent/tracestate) and sent with acks from all
 * in-sync replicas, batched with other events. A batch that fails for a reason that may pass is
 * sent again, whole, until the resend deadline (resend.ts): delivery is at least once, in order per
 * key for the first copy of each event, and consumers de-duplicate by event id.
 *
 * A direct publish after a database write is NOT atomic with it: state changes that must emit an
 * event write an outbox entry instead (outbox/), and the relay publishes it through here.
 */
export class EventPublisher {
  private readonly producer: BrokerProducer;
  private readonly batcher: SendBatcher;
  private readonly resender: BatchResender;
  private readonly tracer: Tracer;
  private readonly newId: IdGenerator;
  private connected: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly broker: EventBroker,
    private readonly options: EventPublisherOptions,
  ) {
    this.producer = broker.producer({ requestTimeoutMs: options.requestTimeoutMs ?? 30_000 });
    this.resender = new BatchResender(
      async (batch) => {
        await this.connect();
        await this.producer.send(batch);
      },
      { ...DEFAULT_RESEND_POLICY, ...options.resend },
      { logger: options.logger ?? consoleLogger('warn', `publisher:${options.producer}`) },
    );
    this.batcher = new SendBatcher(
      { send: (batch) => this.resender.send(batch) },
      {
        lingerMs: options.lingerMs ?? 5,
        maxBatchRecords: options.maxBatchRecords ?? DEFAULT_MAX_BATCH_RECORDS,
        maxBatchBytes: options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
      },
    );
    this.tracer = options.tracer ?? defaultTracer();
    this.newId = options.newId ?? ulidGenerator;
  }

  get producerName(): string {
    return this.options.producer;
  }

  /** Batches acknowledged, re-sent and given up on, since this publisher was made. */
  get resendStats(): Readonly<ResendStats> {
    return this.resender.stats;
  }

  /** Connects once; publishing connects on demand, so calling this is only to fail fast at boot. */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('EventPublisher is closed'));
    if (!this.connected) {
      this.connected = this.producer.connect();
      this.connected.catch(() => (this.connected = undefined));
    }
    return this.connected;
  }

  publish<T>(
    type: EventType<T>,
    key: string,
    message: T,
    opts: PublishOptions = {},
  ): Promise<PublishedEvent> {
    // Not an async function: one promise per event (the batch's), not three, at tens of
    // thousands of events a second.
    const parent = opts.context ?? otelContext.active();
    const span = startProducerSpan(this.tracer, type.topic, 'send', parent);
    let envelope: EventEnvelope;
    try {
      envelope = createEnvelope(
        {
          type,
          key,
          message,
          producer: this.options.producer,
          eventId: opts.eventId,
          occurredAt: opts.occurredAt,
          ...captureTraceContext(trace.setSpan(parent, span)),
        },
        this.newId,
      );
    } catch (error) {
      endSpanWithError(span, error);
      return Promise.reject(error);
    }
    span.setAttribute('messaging.message.id', envelope.eventId);
    return this.publishEnvelopes([envelope]).then(
      () => {
        span.end();
        return { eventId: envelope.eventId, topic: envelope.eventType };
      },
      (error: unknown) => {
        endSpanWithError(span, error);
        throw error;
      },
    );
  }

  /**
   * Publishes ready-made envelopes (an outbox's entries) as they are, ids and trace context
   * included, in one produce request: in order, never split, all acknowledged or all rejected.
   */
  publishEnvelopes(envelopes: readonly EventEnvelope[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('EventPublisher is closed'));
    return this.batcher.enqueue(envelopes.map((e) => ({ topic: e.eventType, record: envelopeToRecord(e) })));
  }

  /** Sends a record as it is (the dead-letter topic's copy of a failed one), with the same acks. */
  publishRecord(topic: string, record: OutgoingRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('EventPublisher is closed'));
    return this.batcher.enqueue([{ topic, record }]);
  }

  /** Creates the topics of these event types (and any extra specs) when missing. Idempotent. */
  ensureTopics(
    types: readonly EventType<unknown>[],
    extra: readonly TopicSpec[] = [],
    partitions?: number,
  ): Promise<string[]> {
    return this.broker.ensureTopics([...types.map((t) => ({ topic: t.topic, partitions })), ...extra]);
  }

  /**
   * Sends what is queued, then disconnects; publishing afterwards rejects. A batch being re-sent
   * keeps close() waiting until it is acknowledged or its deadline passes.
   */
  async close(): Promise<void> {
    await this.batcher.drain();
    this.closed = true;
    const connected = this.connected;
    this.connected = undefined;
    if (connected) await connected.then(() => this.producer.disconnect()).catch(() => undefined);
  }
}
