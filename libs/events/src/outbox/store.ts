import { Connection, mongo } from 'mongoose';
import type { OutboxEntry } from './entry';
import { storedEntryToEnvelope } from './entry';
import type { OutboxSource, PendingOutbox } from './source';

export interface OutboxStoreOptions {
  /** Keep published events (pending: false, publishedAt) instead of deleting them (default false). */
  readonly retainPublished?: boolean;
}

type StoredEvent = OutboxEntry & { _id: string; pending: boolean; createdAt: Date; publishedAt?: Date };

/**
 * The standalone outbox: one document per event, `_id` = the event id. For writes that are
 * themselves a single event record (a notice with no aggregate state to change, an import that
 * only announces a batch): inserting the document is the whole write, so it is atomic by itself.
 * Event ids are monotonic ULIDs, so reading in `_id` order publishes one process's events in the
 * order they were appended.
 */
export class OutboxStore implements OutboxSource {
  readonly name: string;
  private readonly collection: mongo.Collection<StoredEvent>;
  private ready: Promise<unknown> | undefined;

  constructor(
    connection: Connection,
    collection = 'outbox_events',
    private readonly options: OutboxStoreOptions = {},
  ) {
    this.collection = connection.collection<StoredEvent>(collection);
    this.name = collection;
  }

  init(): Promise<unknown> {
    if (!this.ready) {
      this.ready = this.collection.createIndex({ pending: 1, _id: 1 });
      this.ready.catch(() => (this.ready = undefined));
    }
    return this.ready;
  }

  /** Appends events; a retried append of the same event id is a no-op. */
  async append(...entries: OutboxEntry[]): Promise<void> {
    await this.init();
    const createdAt = new Date();
    for (const entry of entries) {
      try {
        await this.collection.insertOne({ ...entry, _id: entry.eventId, pending: true, createdAt });
      } catch (error) {
        if ((error as { code?: unknown }).code !== 11000) throw error;
      }
    }
  }

  async fetchPending(limit: number): Promise<PendingOutbox[]> {
    await this.init();
    const docs = await this.collection.find({ pending: true }).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map((doc) => ({
      source: this.name,
      documentId: doc._id,
      stored: [doc as unknown as Record<string, unknown>],
      envelopes: [storedEntryToEnvelope(doc as unknown as Record<string, unknown>)],
    }));
  }

  async acknowledge(pending: PendingOutbox): Promise<void> {
    const _id = pending.documentId as string;
    if (this.options.retainPublished) {
      await this.collection.updateOne({ _id }, { $set: { pending: false, publishedAt: new Date() } });
    } else {
      await this.collection.deleteOne({ _id });
    }
  }

  /** Deletes retained events published before `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    const result = await this.collection.deleteMany({ pending: false, publishedAt: { $lt: before } });
    return result.deletedCount;
  }

  async countPending(): Promise<number> {
    return this.collection.countDocuments({ pending: true });
  }
}
