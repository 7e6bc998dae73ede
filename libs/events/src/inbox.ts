import { Connection, FilterQuery, Model, Schema, UpdateQuery } from 'mongoose';
import type { InboxPort } from './batch-processor';

interface InboxRecord {
  group: string;
  eventId: string;
  topic: string;
  partition: number;
  offset: string;
  recordedAt: Date;
}

const inboxSchema = new Schema<InboxRecord>(
  {
    group: { type: String, required: true },
    eventId: { type: String, required: true },
    topic: { type: String, required: true },
    partition: { type: Number, required: true },
    offset: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
inboxSchema.index({ group: 1, eventId: 1 }, { unique: true });
// FerretDB has no TTL indexes: prune() deletes by this field instead.
inboxSchema.index({ recordedAt: 1 });

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * The events each consumer group has dealt with (handled or dead-lettered), one document per
 * (group, event id) under a unique index. The consumer checks it before a handler and records
 * after: a redelivery after a commit was lost is skipped. A crash between a handler's effect and
 * the record re-runs the handler, so effects must still be idempotent: use applyOnce.
 */
export class InboxStore implements InboxPort {
  readonly model: Model<InboxRecord>;
  private ready: Promise<unknown> | undefined;

  constructor(connection: Connection, collection = 'event_inbox') {
    const name = `EventInbox:${collection}`;
    this.model =
      (connection.models[name] as Model<InboxRecord> | undefined) ??
      connection.model<InboxRecord>(name, inboxSchema, collection);
  }

  /** Builds the unique index; called on first use, or at boot to fail fast. */
  init(): Promise<unknown> {
    if (!this.ready) {
      this.ready = this.model.createIndexes();
      this.ready.catch(() => (this.ready = undefined));
    }
    return this.ready;
  }

  async seen(group: string, eventId: string): Promise<boolean> {
    await this.init();
    return (await this.model.exists({ group, eventId })) !== null;
  }

  async record(
    group: string,
    eventId: string,
    source: { topic: string; partition: number; offset: string },
  ): Promise<void> {
    await this.init();
    try {
      await this.model.create({ group, eventId, ...source, recordedAt: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // recorded by an earlier delivery: nothing to do
    }
  }

  /** Forgets records older than `before` (beyond any redelivery window); returns how many. */
  async prune(before: Date): Promise<number> {
    const result = await this.model.deleteMany({ recordedAt: { $lt: before } });
    return result.deletedCount;
  }
}

/** The field applyOnce keeps in a projection document: add it to the projection's schema. */
export const processedEventsField = {
  processedEventIds: { type: [String], default: [] as string[] },
} as const;

export const PROCESSED_EVENTS_WINDOW = 1000;

/** `no-match`: with upsert off, no document matched the filter at all (nothing to apply to). */
export type ApplyResult = 'applied' | 'duplicate' | 'no-match';

export interface ApplyOnceOptions {
  /** How many recent event ids the document remembers (default 1000). */
  readonly window?: number;
  /** Create the document when the filter matches none (default true). */
  readonly upsert?: boolean;
}

/**
 * Applies `update` to the one document matching `filter` unless that document has already
 * applied event `eventId`, in ONE single-document write: the filter adds
 * `processedEventIds: {$ne: eventId}` and the update pushes the id. The effect and its
 * de-duplication cannot be separated by a crash, with no transaction.
 *
 * The document remembers its last `window` event ids (`$slice`; on FerretDB, which ignores
 * `$slice`, a follow-up `$pop` keeps the bound). Redeliveries come soon after the original, from
 * the same partition in order, so a window of the latest ids per document covers them.
 */
export async function applyOnce<T>(
  model: Model<T>,
  filter: FilterQuery<T>,
  eventId: string,
  update: UpdateQuery<T>,
  options: ApplyOnceOptions = {},
): Promise<ApplyResult> {
  if (!model.schema.path('processedEventIds')) {
    // Mongoose's strict mode would silently drop the $push, and with it the de-duplication.
    throw new Error(
      `applyOnce: model ${model.modelName} has no processedEventIds field (spread processedEventsField into its schema)`,
    );
  }
  const window = options.window ?? PROCESSED_EVENTS_WINDOW;
  const upsert = options.upsert ?? true;
  const plainFilter = filter as Record<string, unknown>;
  if ('processedEventIds' in plainFilter)
    throw new Error('applyOnce: the filter may not constrain processedEventIds');
  const plainUpdate = update as Record<string, unknown>;
  const push = (plainUpdate.$push ?? {}) as Record<string, unknown>;
  if ('processedEventIds' in push) throw new Error('applyOnce: the update may not push processedEventIds');
  const guarded = { ...plainFilter, processedEventIds: { $ne: eventId } } as FilterQuery<T>;
  const withId = {
    ...plainUpdate,
    $push: { ...push, processedEventIds: { $each: [eventId], $slice: -window } },
  } as UpdateQuery<T>;

  const alreadyApplied = async () =>
    (await model.countDocuments({ ...plainFilter, processedEventIds: eventId } as FilterQuery<T>)) > 0;
  let applied: boolean;
  try {
    const result = await model.updateOne(guarded, withId, { upsert });
    applied = result.matchedCount > 0 || result.upsertedCount > 0;
    if (!applied && !(await alreadyApplied())) return 'no-match';
  } catch (error) {
    // With upsert, a document that exists but has applied the event does not match the guard,
    // so the upsert tries to insert and hits the unique _id: that is the duplicate case. (It is
    // also what a concurrent first insert looks like, hence the second try.)
    if (!upsert || !isDuplicateKey(error)) throw error;
    const retry = await model.updateOne(guarded, withId, { upsert: false });
    if (retry.matchedCount > 0) applied = true;
    else if (await alreadyApplied()) applied = false;
    else throw error; // a conflict on another unique index of the caller's schema
  }
  if (applied) {
    await model.updateOne(
      { ...plainFilter, [`processedEventIds.${window}`]: { $exists: true } } as FilterQuery<T>,
      { $pop: { processedEventIds: -1 } } as UpdateQuery<T>,
    );
  }
  return applied ? 'applied' : 'duplicate';
}
