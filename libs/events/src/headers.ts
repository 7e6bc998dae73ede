import type { EventEnvelope } from './envelope';
import type { ConsumedRecord, OutgoingRecord, RecordHeaders } from './broker';

/**
 * Record headers every event carries, so brokers' tools and the dead-letter topic can read an
 * event's identity without decoding its payload (see proto/events/v1/envelope.proto).
 */
export const EventHeader = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  producer: 'producer',
  occurredAt: 'occurred-at',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Headers the dead-letter topic adds to the original record's. */
export const DeadLetterHeader = {
  error: 'dlq-error',
  reason: 'dlq-reason',
  sourceTopic: 'dlq-source-topic',
  partition: 'dlq-partition',
  offset: 'dlq-offset',
  attempts: 'dlq-attempts',
  group: 'dlq-group',
  failedAt: 'dlq-failed-at',
} as const;

/** The record an envelope travels as: payload as value, the rest as headers (empty ones left out). */
export function envelopeToRecord(envelope: EventEnvelope): OutgoingRecord {
  const headers: Record<string, string> = {
    [EventHeader.eventId]: envelope.eventId,
    [EventHeader.eventType]: envelope.eventType,
    [EventHeader.schemaVersion]: String(envelope.schemaVersion),
    [EventHeader.producer]: envelope.producer,
    [EventHeader.occurredAt]: envelope.occurredAt,
  };
  if (envelope.traceparent) headers[EventHeader.traceparent] = envelope.traceparent;
  if (envelope.tracestate) headers[EventHeader.tracestate] = envelope.tracestate;
  return {
    key: envelope.key,
    value: Buffer.from(envelope.payload.buffer, envelope.payload.byteOffset, envelope.payload.byteLength),
    headers,
  };
}

export function headerText(headers: RecordHeaders, name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : value.toString('utf8');
}

/** What a consumer knows about a record before decoding its payload. */
export interface RecordMeta {
  /** From `event-id`; a record without one (not produced by this library) gets a stable stand-in. */
  readonly eventId: string;
  readonly eventIdFromHeader: boolean;
  readonly key: string | undefined;
  /** Undefined when the header is missing, NaN when it is not a number. */
  readonly schemaVersion: number | undefined;
  readonly producer: string | undefined;
  readonly occurredAt: string | undefined;
  readonly traceparent: string | undefined;
  readonly tracestate: string | undefined;
}

export function readRecordMeta(topic: string, partition: number, record: ConsumedRecord): RecordMeta {
  const h = record.headers;
  const fromHeader = headerText(h, EventHeader.eventId);
  const version = headerText(h, EventHeader.schemaVersion);
  return {
    // The record's coordinates are the same on every redelivery, so de-duplication still holds.
    eventId: fromHeader || `${topic}/${partition}/${record.offset}`,
    eventIdFromHeader: Boolean(fromHeader),
    key: record.key === null ? undefined : record.key.toString('utf8'),
    schemaVersion: version === undefined ? undefined : /^[0-9]+$/.test(version) ? Number(version) : NaN,
    producer: headerText(h, EventHeader.producer),
    occurredAt: headerText(h, EventHeader.occurredAt),
    traceparent: headerText(h, EventHeader.traceparent),
    tracestate: headerText(h, EventHeader.tracestate),
  };
}
