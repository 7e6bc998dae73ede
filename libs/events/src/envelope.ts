import type { EventType, envelope } from '@care/contracts';
import { monotonicFactory } from 'ulid';

/**
 * Event ids are ULIDs: unique, and sortable by creation time. The monotonic factory keeps ids
 * made in the same millisecond in order, which the standalone outbox relies on to publish one
 * process's events in the order they were written.
 */
/** The platform's event envelope (proto/events/v1/envelope.proto). */
export type EventEnvelope = envelope.EventEnvelope;

const nextUlid = monotonicFactory();

export type IdGenerator = () => string;
export const ulidGenerator: IdGenerator = () => nextUlid();

export interface EnvelopeInput<T> {
  readonly type: EventType<T>;
  /** The partition key: the child's id, so one child's events stay in order. */
  readonly key: string;
  readonly message: T;
  readonly producer: string;
  readonly eventId?: string;
  readonly occurredAt?: Date | string;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** Encodes the message with its protobuf codec and wraps it in the platform's envelope. */
export function createEnvelope<T>(
  input: EnvelopeInput<T>,
  newId: IdGenerator = ulidGenerator,
): EventEnvelope {
  if (!input.key) throw new Error(`event ${input.type.topic}: the partition key (the child's id) is empty`);
  if (!input.producer) throw new Error(`event ${input.type.topic}: the producer name is empty`);
  const occurredAt = input.occurredAt ?? new Date();
  return {
    eventId: input.eventId ?? newId(),
    eventType: input.type.topic,
    schemaVersion: input.type.schemaVersion,
    producer: input.producer,
    key: input.key,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    traceparent: input.traceparent ?? '',
    tracestate: input.tracestate ?? '',
    payload: input.type.codec.encode(input.message).finish(),
  };
}
