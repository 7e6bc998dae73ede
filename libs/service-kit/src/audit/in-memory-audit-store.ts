import type { AuditEntry } from './audit-entry';
import type { AuditQuery, AuditStore } from './audit-store';

/**
 * An AuditStore in memory for unit tests of the services that audit (the Mongo store is tested
 * against the real database in mongo-audit-store.int-spec.ts). Keeps the one property that matters:
 * a seq can be taken only once. `tamper` exists only here, to prove verification catches it.
 */
export class InMemoryAuditStore implements AuditStore {
  readonly entries = new Map<number, AuditEntry>();

  async last(): Promise<AuditEntry | undefined> {
    const top = Math.max(0, ...this.entries.keys());
    return this.entries.get(top);
  }

  /** How many append calls were made (a test of batching counts round trips with it). */
  appends = 0;

  async append(entries: readonly AuditEntry[]): Promise<number> {
    this.appends += 1;
    // Yield first, so concurrent writers interleave as they would against a database.
    await Promise.resolve();
    let stored = 0;
    for (const entry of entries) {
      if (this.entries.has(entry.seq)) break;
      this.entries.set(entry.seq, entry);
      stored += 1;
    }
    return stored;
  }

  async *scan(fromSeq: number): AsyncIterable<AuditEntry> {
    for (const seq of [...this.entries.keys()].sort((a, b) => a - b)) {
      if (seq >= fromSeq) yield this.entries.get(seq)!;
    }
  }

  async query(q: AuditQuery): Promise<AuditEntry[]> {
    return [...this.entries.values()]
      .sort((a, b) => a.seq - b.seq)
      .filter(
        (e) =>
          (q.recordId === undefined || e.recordId === q.recordId) &&
          (q.action === undefined || e.action === q.action) &&
          (q.countyCodes === undefined || q.countyCodes.includes(e.countyCode)) &&
          (q.afterSeq === undefined || e.seq > q.afterSeq) &&
          (q.from === undefined || e.at >= q.from) &&
          (q.to === undefined || e.at < q.to),
      )
      .slice(0, q.limit);
  }
}
