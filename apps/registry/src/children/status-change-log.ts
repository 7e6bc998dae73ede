import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Connection, mongo } from 'mongoose';
import { monotonicFactory } from 'ulid';
import { RegistryEvents, registry } from '@care/contracts';
import {
  InjectConnection,
  decodeCursor,
  encodeCursor,
  normalizePageSize,
  type Page,
} from '@care/persistence';
import type { PendingOutbox } from '@care/events';

export const STATUS_CHANGES_COLLECTION = 'status_changes';

/** One 流动儿童 status change, as other services page through it (gRPC ListStatusChanges). */
export interface StatusChangeEntry {
  /** Recording order: a ULID assigned when the change was logged (the cursor runs over it). */
  _id: string;
  /** The MigrantStatusChanged event's id: logging the same event twice is a no-op. */
  eventId: string;
  childId: string;
  countyCode: string;
  isMigrant: boolean;
  reasons: string[];
  asOf: string;
  nextChangeOn: string;
  recordedAt: Date;
}

const nextId = monotonicFactory();

/**
 * The log of migrant-status changes behind ListStatusChanges. It is written by the outbox relay
 * path: once Kafka has acknowledged a MigrantStatusChanged event and before the outbox entry is
 * removed, so every published change is logged at least once (and de-duplicated by event id),
 * without a second collection in the child's own write (FerretDB has no transactions).
 *
 * The cursor runs over the log's own recording order, so a reader never misses an entry that was
 * logged after its last page — except across several relay instances logging concurrently, where
 * an entry may be recorded a few milliseconds out of order; one relay per deployment avoids it.
 */
@Injectable()
export class StatusChangeLog implements OnModuleInit {
  private readonly collection: mongo.Collection<StatusChangeEntry>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<StatusChangeEntry>(STATUS_CHANGES_COLLECTION);
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ eventId: 1 }, { unique: true });
    await this.collection.createIndex({ countyCode: 1, _id: 1 });
  }

  /** The relay's onPublished hook: logs the status changes among the published events. */
  async recordPublished(published: readonly PendingOutbox[]): Promise<void> {
    const entries: StatusChangeEntry[] = [];
    const recordedAt = new Date();
    for (const pending of published) {
      for (const envelope of pending.envelopes) {
        if (envelope.eventType !== RegistryEvents.migrantStatusChanged.topic) continue;
        const event = registry.MigrantStatusChanged.decode(envelope.payload);
        entries.push({
          _id: nextId(),
          eventId: envelope.eventId,
          childId: envelope.key,
          countyCode: event.facts?.residenceCountyCode ?? '',
          isMigrant: event.isMigrant,
          reasons: event.reasons,
          asOf: event.asOf,
          nextChangeOn: event.nextChangeOn,
          recordedAt,
        });
      }
    }
    if (entries.length === 0) return;
    try {
      await this.collection.insertMany(entries, { ordered: false });
    } catch (error) {
      // A re-published event (relay crash between publish and acknowledge) is already logged.
      const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
      const list =
        writeErrors === undefined ? undefined : Array.isArray(writeErrors) ? writeErrors : [writeErrors];
      if (list === undefined || list.some((e) => e.code !== 11000)) throw error;
    }
  }

  /** Changes in the given counties after the cursor, oldest first. */
  async page(
    counties: readonly string[],
    cursor: string | undefined,
    pageSize: number | undefined,
  ): Promise<Page<StatusChangeEntry>> {
    const size = normalizePageSize(pageSize);
    const filter: mongo.Filter<StatusChangeEntry> = { countyCode: { $in: [...counties] } };
    if (cursor !== undefined && cursor !== '') filter._id = { $gt: String(decodeCursor('_id', cursor).id) };
    const rows = await this.collection
      .find(filter)
      .sort({ _id: 1 })
      .limit(size + 1)
      .toArray();
    if (rows.length <= size) {
      // Even an empty page returns a cursor, so the caller resumes from where it stood.
      const last = rows[rows.length - 1];
      const resume = last === undefined ? cursor : encodeCursor('_id', { sortValue: last._id, id: last._id });
      return resume === undefined || resume === '' ? { items: rows } : { items: rows, nextCursor: resume };
    }
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return { items, nextCursor: encodeCursor('_id', { sortValue: last._id, id: last._id }) };
  }
}
