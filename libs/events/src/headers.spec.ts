import type { ConsumedRecord } from './broker';
import { DeadLetterHeader, EventHeader, envelopeToRecord, readRecordMeta } from './headers';
import { deadLetterReason, deadLetterRecord, describeError, MAX_ERROR_HEADER_LENGTH } from './dead-letter';
import { NonRetryableError, PoisonMessageError } from './failure';
import type { EventEnvelope } from './envelope';
import { normaliseHeaders } from './kafka-broker';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const envelope: EventEnvelope = {
  eventId: '01J0000000000000000000000A',
  eventType: 'registry.visit.overdue.v1',
  schemaVersion: 1,
  producer: 'registry',
  key: 'child-1',
  occurredAt: '2025-03-01T02:03:04.000Z',
  traceparent: TRACEPARENT,
  tracestate: 'care=1',
  payload: new Uint8Array([8, 1, 18, 2]),
};

function consumed(
  headers: Record<string, string>,
  offset = '7',
  key: string | null = 'child-1',
): ConsumedRecord {
  return {
    offset,
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from([1]),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
    timestamp: '1740794584000',
  };
}

describe('envelopeToRecord', () => {
  it('puts the payload in the value, the key in the key, and the rest in named headers', () => {
    const record = envelopeToRecord(envelope);
    expect(record.key).toBe('child-1');
    expect([...(record.value ?? [])]).toEqual([8, 1, 18, 2]);
    expect(record.headers).toEqual({
      'event-id': envelope.eventId,
      'event-type': 'registry.visit.overdue.v1',
      'schema-version': '1',
      producer: 'registry',
      'occurred-at': '2025-03-01T02:03:04.000Z',
      traceparent: TRACEPARENT,
      tracestate: 'care=1',
    });
  });

  it.each([
    ['no active span: no trace headers at all (not empty ones)', { traceparent: '', tracestate: '' }, []],
    ['a span without vendor state: traceparent only', { tracestate: '' }, ['traceparent']],
  ])('%s', (_reason, change, present) => {
    const headers = envelopeToRecord({ ...envelope, ...change }).headers;
    expect(['traceparent', 'tracestate'].filter((h) => h in headers)).toEqual(present);
  });

  it('keeps a payload that is a view into a larger buffer to its own bytes', () => {
    const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const record = envelopeToRecord({ ...envelope, payload: big.subarray(2, 5) });
    expect([...(record.value ?? [])]).toEqual([1, 2, 3]);
  });
});

describe('readRecordMeta', () => {
  it('reads what envelopeToRecord wrote (round trip)', () => {
    const headers = envelopeToRecord(envelope).headers as Record<string, string>;
    const meta = readRecordMeta('registry.visit.overdue.v1', 0, consumed(headers));
    expect(meta).toEqual({
      eventId: envelope.eventId,
      eventIdFromHeader: true,
      key: 'child-1',
      schemaVersion: 1,
      producer: 'registry',
      occurredAt: envelope.occurredAt,
      traceparent: TRACEPARENT,
      tracestate: 'care=1',
    });
  });

  it.each([
    [
      'no event-id: a stand-in from the record coordinates, stable across redeliveries',
      {},
      '7',
      't/2/7',
      false,
    ],
    ['an empty event-id is as good as none', { 'event-id': '' }, '8', 't/2/8', false],
    ['event-id present: used as is', { 'event-id': 'E1' }, '9', 'E1', true],
  ])('%s', (_reason, headers, offset, expected, fromHeader) => {
    const meta = readRecordMeta('t', 2, consumed(headers, offset));
    expect(meta.eventId).toBe(expected);
    expect(meta.eventIdFromHeader).toBe(fromHeader);
  });

  it.each([
    ['missing schema-version is unknown, not wrong', {}, undefined],
    ['a number is read as a number', { 'schema-version': '3' }, 3],
    ['garbage is NaN, which never equals a topic version', { 'schema-version': 'v1' }, Number.NaN],
    ['a negative sign is garbage too', { 'schema-version': '-1' }, Number.NaN],
  ])('schema-version: %s', (_reason, headers, expected) => {
    expect(readRecordMeta('t', 0, consumed(headers)).schemaVersion).toEqual(expected);
  });

  it('a record without key has an undefined key', () => {
    expect(readRecordMeta('t', 0, consumed({}, '1', null)).key).toBeUndefined();
  });
});

describe('normaliseHeaders (kafkajs header values)', () => {
  it.each([
    ['a Buffer stays a Buffer', { a: Buffer.from('x') }, { a: 'x' }],
    ['a string becomes its UTF-8 bytes', { a: '流动儿童' }, { a: '流动儿童' }],
    ['a repeated header keeps its first value', { a: ['first', 'second'] }, { a: 'first' }],
    ['an undefined header is dropped', { a: undefined }, {}],
    ['an empty array is dropped', { a: [] }, {}],
    ['no headers at all', undefined, {}],
  ])('%s', (_reason, input, expected) => {
    const out = normaliseHeaders(input as never);
    expect(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.toString('utf8')]))).toEqual(
      expected,
    );
  });

  it('mixed values: every one normalised, none of the Buffers lost', () => {
    const out = normaliseHeaders({ a: Buffer.from('x'), b: 'y', c: undefined } as never);
    expect(Object.entries(out).map(([k, v]) => [k, v.toString('utf8')])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });
});

describe('deadLetterRecord', () => {
  const record = consumed({ 'event-id': 'E1', 'event-type': 't.a.b.v1', custom: 'kept' }, '42');

  it('keeps key, value and headers, and adds where and why it failed', () => {
    const out = deadLetterRecord({
      groupId: 'g',
      sourceTopic: 't.a.b.v1',
      partition: 3,
      record,
      error: new Error('projection down'),
      attempts: 5,
      reason: 'retries-exhausted',
      failedAt: new Date('2025-03-01T00:00:00Z'),
    });
    expect(out.key).toBe(record.key);
    expect(out.value).toBe(record.value);
    const text = Object.fromEntries(Object.entries(out.headers).map(([k, v]) => [k, v.toString()]));
    expect(text).toEqual({
      'event-id': 'E1',
      'event-type': 't.a.b.v1',
      custom: 'kept',
      [DeadLetterHeader.error]: 'Error: projection down',
      [DeadLetterHeader.reason]: 'retries-exhausted',
      [DeadLetterHeader.sourceTopic]: 't.a.b.v1',
      [DeadLetterHeader.partition]: '3',
      [DeadLetterHeader.offset]: '42',
      [DeadLetterHeader.attempts]: '5',
      [DeadLetterHeader.group]: 'g',
      [DeadLetterHeader.failedAt]: '2025-03-01T00:00:00.000Z',
    });
    expect(EventHeader.eventId in out.headers).toBe(true);
  });

  it.each([
    ['poison names its own reason', new PoisonMessageError('decode', 'x'), 1, 'decode'],
    ['a handler giving up at once', new NonRetryableError('x'), 1, 'non-retryable'],
    ['a transient error that never passed', new Error('x'), 5, 'retries-exhausted'],
  ])('reason: %s', (_reason, error, attempts, expected) => {
    expect(deadLetterReason(error, attempts, 5)).toBe(expected);
  });

  it.each([
    ['an Error: name and message', new TypeError('bad'), 'TypeError: bad'],
    ['a thrown string', 'oops', 'NonError: oops'],
    [
      'a huge message is cut to the bound',
      new Error('x'.repeat(5000)),
      `Error: ${'x'.repeat(MAX_ERROR_HEADER_LENGTH - 8)}…`,
    ],
  ])('describeError: %s', (_reason, error, expected) => {
    const text = describeError(error);
    expect(text).toBe(expected);
    expect(text.length).toBeLessThanOrEqual(MAX_ERROR_HEADER_LENGTH);
  });
});
