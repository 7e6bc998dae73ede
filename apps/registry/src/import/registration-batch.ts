import type { BatchedEntry } from '@care/events';
import type { ChildWrite } from '../children/children.repository';
import type { ChildRecord } from '../children/child.types';

export type ImportWrite = { kind: 'insert'; record: ChildRecord } | ({ kind: 'update' } & ChildWrite);

/**
 * A chunk's writes with the new children's events taken out of their documents (they go to the
 * chunk's outbox batch, in write order), so the relay never rewrites a child to acknowledge them.
 * Updates keep their events: a change and its events stay one conditional single-document write.
 */
export function splitRegistrationEvents(writes: readonly ImportWrite[]): {
  writes: ImportWrite[];
  batched: BatchedEntry[];
} {
  const batched: BatchedEntry[] = [];
  const out = writes.map((w): ImportWrite => {
    if (w.kind !== 'insert' || w.record.outbox.length === 0) return w;
    for (const entry of w.record.outbox) batched.push({ documentId: w.record._id, entry });
    return { kind: 'insert', record: { ...w.record, outbox: [], outboxPending: false } };
  });
  return { writes: out, batched };
}
