import { registry, type EventType } from '@care/contracts';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { mongo } from 'mongoose';
import { initialOutbox, outboxEntry, storedEntryToEnvelope, withOutboxUpdate } from './entry';

type Overdue = registry.VisitOverdue;
const Overdue: EventType<Overdue> = {
  topic: 'registry.visit.overdue.v1',
  domain: 'registry',
  schemaVersion: 1,
  codec: registry.VisitOverdue,
};
const message: Overdue = {
  childId: 'c1',
  entryId: 'e',
  visitId: 'v',
  countyCode: '371702',
  townshipCode: '',
  workerId: 'w',
  dueOn: '2025-03-01',
  daysOverdue: 4,
};
const PARENT = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
});

describe('outboxEntry', () => {
  it('assigns the event id now and carries the encoded message and envelope facts', () => {
    const entry = outboxEntry(Overdue, 'c1', message, 'registry', {
      occurredAt: new Date('2025-03-01T00:00:00Z'),
    });
    expect(entry).toMatchObject({
      eventType: 'registry.visit.overdue.v1',
      schemaVersion: 1,
      producer: 'registry',
      key: 'c1',
      occurredAt: '2025-03-01T00:00:00.000Z',
      traceparent: '',
      tracestate: '',
    });
    expect(entry.eventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Buffer.isBuffer(entry.payload)).toBe(true);
    expect(Overdue.codec.decode(entry.payload)).toEqual(message);
  });

  it('ids made in a row sort in the order they were made (the standalone outbox relies on it)', () => {
    const ids = Array.from({ length: 50 }, () => outboxEntry(Overdue, 'c1', message, 'registry').eventId);
    expect([...ids].sort()).toEqual(ids);
  });

  it('captures the trace context of a `create` PRODUCER span under the caller’s context', () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
      't',
    );
    const entry = outboxEntry(Overdue, 'c1', message, 'registry', { context: PARENT, tracer });
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('create registry.visit.overdue.v1');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(entry.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanContext().spanId}-01`);
  });

  it('without an SDK, keeps the caller’s trace context', () => {
    expect(outboxEntry(Overdue, 'c1', message, 'registry', { context: PARENT }).traceparent).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
  });
});

describe('withOutboxUpdate', () => {
  const entry = outboxEntry(Overdue, 'c1', message, 'registry');

  it('adds the entries and the pending flag to the state change, keeping its own operators', () => {
    const update = withOutboxUpdate(
      { $set: { status: 'closed' }, $inc: { version: 1 }, $push: { history: 'x' } },
      [entry],
    );
    expect(update).toEqual({
      $set: { status: 'closed', outboxPending: true },
      $inc: { version: 1 },
      $push: { history: 'x', outbox: { $each: [entry] } },
    });
  });

  it('leaves an update without entries untouched', () => {
    const update = { $set: { a: 1 } };
    expect(withOutboxUpdate(update, [])).toBe(update);
  });

  it.each([
    ['pushing to outbox twice would lose an entry', { $push: { outbox: entry } }],
    ['setting outbox would overwrite pending entries', { $set: { outbox: [] } }],
    ['setting outboxPending would desynchronise the flag', { $set: { outboxPending: false } }],
  ])('refuses an update that already touches the outbox: %s', (_reason, update) => {
    expect(() => withOutboxUpdate(update, [entry])).toThrow(/outbox/);
  });

  it('initialOutbox marks a new document pending only when it has entries', () => {
    expect(initialOutbox([entry])).toEqual({ outbox: [entry], outboxPending: true });
    expect(initialOutbox([])).toEqual({ outbox: [], outboxPending: false });
  });
});

describe('storedEntryToEnvelope', () => {
  const entry = outboxEntry(Overdue, 'c1', message, 'registry');

  it.each([
    ['payload read back from the database as BSON Binary', new mongo.Binary(entry.payload)],
    ['payload as a Buffer (e.g. promoteBuffers)', entry.payload],
  ])('reads an entry as stored: %s', (_reason, payload) => {
    const envelope = storedEntryToEnvelope({ ...entry, payload });
    expect(envelope.eventId).toBe(entry.eventId);
    expect(Overdue.codec.decode(envelope.payload)).toEqual(message);
  });

  it.each([
    ['missing event id', { eventId: undefined }, /eventId/],
    ['schemaVersion stored as text', { schemaVersion: '1' }, /schemaVersion/],
    ['payload stored as text', { payload: 'AQI=' }, /payload/],
  ])('rejects a malformed entry: %s', (_reason, change, error) => {
    expect(() => storedEntryToEnvelope({ ...entry, ...change })).toThrow(error);
  });
});
