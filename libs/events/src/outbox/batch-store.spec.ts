import { registry, type EventType } from '@care/contracts';
import { decodeEnvelopes, documentIdsOf, encodeEnvelopes, entriesOfApplied } from './batch-store';
import { outboxEntry } from './entry';

const Overdue: EventType<registry.VisitOverdue> = {
  topic: 'registry.visit.overdue.v1',
  domain: 'registry',
  schemaVersion: 1,
  codec: registry.VisitOverdue,
};
const envelopeOf = (childId: string, daysOverdue: number) => {
  const entry = outboxEntry(
    Overdue,
    childId,
    {
      childId,
      entryId: 'e',
      visitId: 'v',
      countyCode: '371702',
      townshipCode: '',
      workerId: 'w',
      dueOn: '2025-03-01',
      daysOverdue,
    },
    'registry',
  );
  return { ...entry, payload: new Uint8Array(entry.payload) };
};

describe('outbox batch envelopes (one binary field)', () => {
  it('round-trips every envelope field in order', () => {
    const envelopes = [envelopeOf('c1', 1), envelopeOf('c2', 2), envelopeOf('c1', 3)];
    const decoded = decodeEnvelopes(encodeEnvelopes(envelopes));
    const plain = (e: (typeof decoded)[number]) => ({ ...e, payload: [...e.payload] });
    expect(decoded.map(plain)).toEqual(envelopes.map(plain));
    expect(decoded.map((e) => Overdue.codec.decode(e.payload).daysOverdue)).toEqual([1, 2, 3]);
  });

  it('an empty batch is an empty buffer and decodes to nothing', () => {
    expect(encodeEnvelopes([]).length).toBe(0);
    expect(decodeEnvelopes(new Uint8Array())).toEqual([]);
  });

  it('a truncated length prefix is refused, not read as fewer events', () => {
    const bytes = encodeEnvelopes([envelopeOf('c1', 1)]);
    expect(() => decodeEnvelopes(Buffer.concat([bytes, Buffer.from([0, 0])]))).toThrow(
      'truncated envelope length',
    );
  });

  it('a truncated envelope is refused', () => {
    const bytes = encodeEnvelopes([envelopeOf('c1', 1)]);
    expect(() => decodeEnvelopes(bytes.subarray(0, bytes.length - 1))).toThrow('truncated envelope');
  });
});

describe('entriesOfApplied (what sealing keeps)', () => {
  const entries = [
    { documentId: 'a', n: 1 },
    { documentId: 'b', n: 2 },
    { documentId: 'a', n: 3 },
    { documentId: 'c', n: 4 },
  ];
  it.each([
    ['every document written: every event, in batch order', ['a', 'b', 'c'], [1, 2, 3, 4]],
    ['a refused document: its events dropped, the others kept in order', ['c', 'a'], [1, 3, 4]],
    ['nothing written: nothing announced', [], []],
    ['an id outside the batch changes nothing', ['x', 'b'], [2]],
  ])('%s', (_reason, applied, kept) => {
    expect(entriesOfApplied(entries, applied).map((e) => e.n)).toEqual(kept);
  });
});

describe('documentIdsOf', () => {
  it('lists each document once, in first-seen order', () => {
    expect(documentIdsOf([{ documentId: 'b' }, { documentId: 'a' }, { documentId: 'b' }])).toEqual([
      'b',
      'a',
    ]);
  });
});
