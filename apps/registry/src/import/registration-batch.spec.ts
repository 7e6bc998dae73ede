import type { OutboxEntry } from '@care/events';
import type { ChildRecord } from '../children/child.types';
import { splitRegistrationEvents, type ImportWrite } from './registration-batch';

const entry = (eventId: string) => ({ eventId }) as unknown as OutboxEntry;
const child = (id: string, outbox: OutboxEntry[]) =>
  ({
    _id: id,
    version: 1,
    countyCode: '371702',
    outbox,
    outboxPending: outbox.length > 0,
  }) as unknown as ChildRecord;

describe('splitRegistrationEvents', () => {
  it('moves new children’s events to the batch, in write order, and stores them without an outbox', () => {
    const writes: ImportWrite[] = [
      { kind: 'insert', record: child('c1', [entry('e1'), entry('e2')]) },
      { kind: 'insert', record: child('c2', [entry('e3')]) },
    ];
    const { writes: out, batched } = splitRegistrationEvents(writes);
    expect(batched.map((b) => [b.documentId, b.entry.eventId])).toEqual([
      ['c1', 'e1'],
      ['c1', 'e2'],
      ['c2', 'e3'],
    ]);
    for (const w of out) {
      if (w.kind !== 'insert') throw new Error('insert expected');
      expect(w.record.outbox).toEqual([]);
      expect(w.record.outboxPending).toBe(false);
    }
    // The planned records are not changed (the import counts and reports from them).
    expect((writes[0] as { record: ChildRecord }).record.outbox).toHaveLength(2);
  });

  it('keeps an update’s events in its own conditional write (a change and its events, one write)', () => {
    const update: ImportWrite = {
      kind: 'update',
      before: { _id: 'c9', version: 3, countyCode: '371702' },
      after: child('c9', []),
      events: [entry('e9')],
    };
    const { writes, batched } = splitRegistrationEvents([update]);
    expect(writes).toEqual([update]);
    expect(batched).toEqual([]);
  });

  it('an insert without events is written as planned', () => {
    const insert: ImportWrite = { kind: 'insert', record: child('c3', []) };
    expect(splitRegistrationEvents([insert])).toEqual({ writes: [insert], batched: [] });
  });
});
