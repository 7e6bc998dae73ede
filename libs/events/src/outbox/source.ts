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
