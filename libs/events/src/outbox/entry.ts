import type { EventType } from '@care/contracts';
import { Context, Tracer, context as otelContext, trace } from '@opentelemetry/api';
import { Schema, mongo } from 'mongoose';
import { EventEnvelope, IdGenerator, createEnvelope, ulidGenerator } from '../envelope';
import { captureTraceContext, defaultTracer, startProducerSpan } from '../trace';

/**
 * A pending event kept inside the aggregate's own document: the whole envelope (event id, type,
 * producer, key, time, trace context, encoded payload), so the relay can publish it later exactly
 * as it would have been published now.
 */
export interface OutboxEntry extends Omit<EventEnvelope, 'payload'> {
  payload: Buffer;
}

export interface OutboxEntryOptions {
  readonly eventId?: string;
  readonly occurredAt?: Date | string;
  /** The context the event belongs to (the active one by default). */
  readonly context?: Context;
  readonly tracer?: Tracer;
  readonly newId?: IdGenerator;
}

/**
 * An outbox entry for `type`, to be written in the same single-document write as the state
 * change it reports. It gets its event id now, and the trace context of a `create` PRODUCER span
 * now, so the consumer's span joins the trace of the request that changed the state even though
 * the relay sends the event later, from its own loop.
 */
export function outboxEntry<T>(
  type: EventType<T>,
  key: string,
  message: T,
  producer: string,
  opts: OutboxEntryOptions = {},
): OutboxEntry {
  const parent = opts.context ?? otelContext.active();
  const span = startProducerSpan(opts.tracer ?? defaultTracer(), type.topic, 'create', parent);
  try {
    const envelope = createEnvelope(
      {
        type,
        key,
        message,
        producer,
        eventId: opts.eventId,
        occurredAt: opts.occurredAt,
        ...captureTraceContext(trace.setSpan(parent, span)),
      },
      opts.newId ?? ulidGenerator,
    );
    span.setAttribute('messaging.message.id', envelope.eventId);
    return {
      ...envelope,
      payload: Buffer.from(envelope.payload.buffer, envelope.payload.byteOffset, envelope.payload.byteLength),
    };
  } finally {
    span.end();
  }
}

/** The entry as a sub-document of an aggregate (no _id of its own). */
export const outboxEntrySchema = new Schema<OutboxEntry>(
  {
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    schemaVersion: { type: Number, required: true },
    producer: { type: String, required: true },
    key: { type: String, required: true },
    occurredAt: { type: String, required: true },
    traceparent: { type: String, default: '' },
    tracestate: { type: String, default: '' },
    payload: { type: Buffer, required: true },
  },
  { _id: false },
);

/**
 * The two fields an aggregate with an outbox carries: `schema.add(outboxFields)`. outboxPending is
 * indexed (and true exactly while outbox is not empty) so the relay finds pending documents
 * without scanning; it is a plain boolean because FerretDB has no partial indexes.
 */
export const outboxFields = {
  outbox: { type: [outboxEntrySchema], default: [] as OutboxEntry[] },
  outboxPending: { type: Boolean, default: false, index: true },
};

/** The outbox fields in an aggregate's TypeScript type: `interface ChildCase extends WithOutbox { … }`. */
export interface WithOutbox {
  outbox: OutboxEntry[];
  outboxPending: boolean;
}

export function withOutbox<S extends Schema>(schema: S): S {
  schema.add(outboxFields);
  return schema;
}

/** The fields of a new aggregate document that starts with these pending events. */
export function initialOutbox(entries: readonly OutboxEntry[]): {
  outbox: OutboxEntry[];
  outboxPending: boolean;
} {
  return { outbox: [...entries], outboxPending: entries.length > 0 };
}

type UpdateDoc = Record<string, unknown> & {
  $set?: Record<string, unknown>;
  $push?: Record<string, unknown>;
};

/**
 * Adds the entries to an update of the aggregate, so state change and events are one write:
 * `Model.updateOne({ _id, version }, withOutboxUpdate({ $set: { … } }, [entry]))`.
 */
export function withOutboxUpdate<U extends UpdateDoc>(update: U, entries: readonly OutboxEntry[]): U {
  if (entries.length === 0) return update;
  if (update.$push && 'outbox' in update.$push)
    throw new Error('withOutboxUpdate: the update already pushes to outbox');
  if (update.$set && ('outbox' in update.$set || 'outboxPending' in update.$set)) {
    throw new Error('withOutboxUpdate: the update may not set outbox or outboxPending');
  }
  return {
    ...update,
    $set: { ...update.$set, outboxPending: true },
    $push: { ...update.$push, outbox: { $each: [...entries] } },
  };
}

/** An entry as stored, back to the envelope the publisher sends. */
export function storedEntryToEnvelope(stored: Record<string, unknown>): EventEnvelope {
  const text = (name: string): string => {
    const v = stored[name];
    if (typeof v !== 'string') throw new Error(`outbox entry field ${name} is not a string`);
    return v;
  };
  const version = stored.schemaVersion;
  if (typeof version !== 'number') throw new Error('outbox entry field schemaVersion is not a number');
  return {
    eventId: text('eventId'),
    eventType: text('eventType'),
    schemaVersion: version,
    producer: text('producer'),
    key: text('key'),
    occurredAt: text('occurredAt'),
    traceparent: typeof stored.traceparent === 'string' ? stored.traceparent : '',
    tracestate: typeof stored.tracestate === 'string' ? stored.tracestate : '',
    payload: toBytes(stored.payload),
  };
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof mongo.Binary) return value.value();
  if (value instanceof Uint8Array) return value;
  throw new Error('outbox entry field payload is not binary');
}
