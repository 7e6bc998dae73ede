import type { EventEnvelope } from '../envelope';
import { mongo } from 'mongoose';
import { storedEntryToEnvelope } from './entry';

/** One document's pending events, as read: published together, then acknowledged together. */
export interface PendingOutbox {
  readonly source: string;
  readonly documentId: unknown;
  /** The entries exactly as stored, so acknowledging can match them byte for byte. */
  readonly stored: readonly Record<string, unknown>[];
  readonly envelopes: readonly EventEnvelope[];
}

/** Somewhere pending events are kept: an aggregate collection, or the standalone outbox store. */
export interface OutboxSource {
  readonly name: string;
  fetchPending(limit: number): Promise<PendingOutbox[]>;
  /** Removes exactly these published entries, leaving any written since. */
  acknowledge(pending: PendingOutbox): Promise<void>;
  /**
   * The same for a whole round of documents in few round trips (optional: the relay acknowledges
   * document by document when a source has none).
   */
  acknowledgeMany?(pending: readonly PendingOutbox[]): Promise<void>;
}

/**
 * Acknowledgements per bulk command and bulk commands at once. FerretDB v1 holds a PostgreSQL
 * connection per update statement until its command ends and wedges on commands larger than its
 * pool (ADR 0004; `MAX_OPERATIONS_PER_COMMAND` of @care/persistence); 16 statements times 8
 * concurrent commands stay within it. Each statement stays a keyed single-document update (the
 * only form FerretDB serves from an index); a `$or` over many ids in one update is evaluated after
 * reading every pending document and measured 5x slower.
 */
export const ACKNOWLEDGE_COMMAND_SIZE = 16;
export const ACKNOWLEDGE_CONCURRENCY = 8;

/** Consecutive slices of at most `size` items. */
export function groupsOf<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`groupsOf: size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `work` on every item, at most `limit` at once; rejects with the first failure once all settled. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}

type Doc = mongo.Document;

/**
 * The outbox embedded in an aggregate collection (fields from outboxFields).
 *
 * Acknowledging is one conditional single-document write in the usual case: "if the outbox still
 * holds exactly what was published, empty it and clear outboxPending". If events were added
 * since, it falls back to pulling exactly the published entries, then clears the flag only if the
 * outbox is empty by then (a conditional write, so an entry added in between keeps it set).
 *
 * The pull is `$pullAll` of the entries as read rather than `$pull` by a condition on eventId:
 * FerretDB v1 accepts `$pull: {outbox: {eventId: {$in: …}}}` and silently removes nothing, while
 * whole-value matching works on FerretDB and MongoDB alike.
 */
export class EmbeddedOutbox implements OutboxSource {
  readonly name: string;

  constructor(
    private readonly collection: mongo.Collection<Doc>,
    name?: string,
  ) {
    this.name = name ?? collection.collectionName;
  }

  async fetchPending(limit: number): Promise<PendingOutbox[]> {
    const docs = await this.collection
      .find({ outboxPending: true }, { projection: { outbox: 1 } })
      .limit(limit)
      .toArray();
    return docs.map((doc) => {
      const stored = Array.isArray(doc.outbox) ? (doc.outbox as Record<string, unknown>[]) : [];
      return { source: this.name, documentId: doc._id, stored, envelopes: stored.map(storedEntryToEnvelope) };
    });
  }

  /**
   * A round in bulk commands of ACKNOWLEDGE_COMMAND_SIZE exact acknowledgements ("if the outbox
   * still holds exactly what was published, empty it"), ACKNOWLEDGE_CONCURRENCY at once: one round
   * trip per 16 documents instead of one per document. When a command matched fewer documents
   * than it named (an event was written meanwhile into one of them), its documents are
   * acknowledged one by one, which is idempotent for those already emptied.
   */
  async acknowledgeMany(pending: readonly PendingOutbox[]): Promise<void> {
    const withEntries = pending.filter((p) => p.stored.length > 0);
    const mismatched: PendingOutbox[] = pending.filter((p) => p.stored.length === 0);
    await forEachLimited(
      groupsOf(withEntries, ACKNOWLEDGE_COMMAND_SIZE),
      ACKNOWLEDGE_CONCURRENCY,
      async (group) => {
        const result = await this.collection.bulkWrite(
          group.map((p) => ({
            updateOne: {
              filter: { _id: p.documentId, outbox: [...p.stored] } as mongo.Filter<Doc>,
              update: { $set: { outbox: [], outboxPending: false } },
            },
          })),
          { ordered: false },
        );
        if (result.matchedCount < group.length) mismatched.push(...group);
      },
    );
    await forEachLimited(mismatched, ACKNOWLEDGE_CONCURRENCY, (p) => this.acknowledge(p));
  }

  async acknowledge(pending: PendingOutbox): Promise<void> {
    // _id is whatever the aggregate uses (ObjectId, string); the filters are built untyped for that.
    const _id = pending.documentId;
    const stored = [...pending.stored];
    if (stored.length > 0) {
      const exact = await this.collection.updateOne({ _id, outbox: stored } as mongo.Filter<Doc>, {
        $set: { outbox: [], outboxPending: false },
      });
      if (exact.matchedCount > 0) return;
      await this.collection.updateOne(
        { _id } as mongo.Filter<Doc>,
        { $pullAll: { outbox: stored } } as unknown as mongo.UpdateFilter<Doc>,
      );
    }
    await this.collection.updateOne(
      { _id, $or: [{ outbox: { $size: 0 } }, { outbox: { $exists: false } }] } as mongo.Filter<Doc>,
      { $set: { outboxPending: false } },
    );
  }
}
