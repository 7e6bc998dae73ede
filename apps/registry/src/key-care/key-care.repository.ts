import { Injectable } from '@nestjs/common';
import type { AnyBulkWriteOperation, FilterQuery, Model } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import { alreadyExists } from '@care/errors';
import { withOutboxUpdate, type OutboxEntry } from '@care/events';
import {
  InjectModel,
  isDuplicateKey,
  oneOf,
  type Page,
  type PageRequest,
  ScopedRepository,
  unorderedBulkWrite,
} from '@care/persistence';
import type { KeyCareEntryState } from './key-care-aggregate';
import { KEY_CARE_ENTRY_MODEL } from './key-care.schema';
import type { KeyCareEntryRecord } from './key-care.types';

export type CountyScope = { countyCode: string };

/** A change as committed: the entry as read (its version), the entry to write, and the events. */
export interface EntryWrite {
  readonly before: Pick<KeyCareEntryRecord, '_id' | 'version'>;
  readonly after: KeyCareEntryState;
  readonly events: readonly OutboxEntry[];
}

export interface OverdueFilter {
  readonly townshipCode?: string;
  readonly workerId?: string;
}

export interface OverdueCount {
  readonly key: string;
  readonly count: number;
}

// Never rewritten by a change: identity, scope key (the base class forbids moving counties), birth.
const FIXED_FIELDS = new Set(['_id', 'countyCode', 'createdAt', 'outbox', 'outboxPending']);

function stateUpdate(after: KeyCareEntryState): { $set: Record<string, unknown> } {
  const $set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (!FIXED_FIELDS.has(key) && value !== undefined) $set[key] = value;
  }
  return { $set };
}

const OPEN = { status: 'open' } as const;

/** The only code touching the `key_care_entries` model; every query is scoped to one county. */
@Injectable()
export class KeyCareRepository extends ScopedRepository<KeyCareEntryRecord, CountyScope> {
  constructor(@InjectModel(KEY_CARE_ENTRY_MODEL) model: Model<KeyCareEntryRecord>) {
    super(model, ['countyCode']);
  }

  get collectionName(): string {
    return this.model.collection.collectionName;
  }

  /** A new entry with its events; a second open entry for the child is refused by the unique openSlot. */
  async insert(entry: KeyCareEntryRecord): Promise<void> {
    try {
      await this.model.collection.insertOne(
        entry as unknown as Parameters<Model<KeyCareEntryRecord>['collection']['insertOne']>[0],
      );
    } catch (error) {
      if (isDuplicateKey(error)) throw alreadyExists('该儿童的在册重点关爱台账', 'childId');
      throw error;
    }
  }

  /**
   * The change and its events as ONE conditional single-document update; false when the entry
   * changed since it was read (the caller decides: conflict for a person, skip for the sweep).
   */
  async commit(scope: CountyScope, write: EntryWrite): Promise<boolean> {
    try {
      const result = await this.updateOne(
        scope,
        { _id: write.before._id, version: write.before.version },
        withOutboxUpdate(stateUpdate(write.after), write.events),
      );
      return result.matched > 0;
    } catch (error) {
      if (isDuplicateKey(error)) throw alreadyExists('该儿童的在册重点关爱台账', 'childId');
      throw error;
    }
  }

  /** Inserts and conditional updates of one county in one unordered bulkWrite (the import); per write: applied or not. */
  async bulkApply(
    scope: CountyScope,
    writes: readonly ({ kind: 'insert'; entry: KeyCareEntryRecord } | ({ kind: 'update' } & EntryWrite))[],
  ): Promise<boolean[]> {
    if (writes.length === 0) return [];
    const operations = writes.map((w): AnyBulkWriteOperation<KeyCareEntryRecord> => {
      if (w.kind === 'insert') {
        if (w.entry.countyCode !== scope.countyCode)
          throw new Error(`KeyCareRepository.bulkApply: an entry outside county ${scope.countyCode}`);
        // A plain insert (FerretDB drops null fields from an upsert's $setOnInsert): an entry raced
        // in by a concurrent import fails on the unique openSlot and is reported as not applied.
        return { insertOne: { document: w.entry } };
      }
      return {
        updateOne: {
          filter: this.scoped(scope, { _id: w.before._id, version: w.before.version }),
          update: withOutboxUpdate(stateUpdate(w.after), w.events) as never,
        },
      };
    });
    const applied = writes.map(() => true);
    const result = await unorderedBulkWrite(this.model.collection, operations as never);
    for (const e of result.writeErrors) applied[e.index] = false;
    const updates = writes
      .map((w, i) => ({ w, i }))
      .filter((x): x is { w: { kind: 'update' } & EntryWrite; i: number } => x.w.kind === 'update');
    if (updates.length > 0) {
      // The bulk result does not say which update matched: confirm by the versions now stored.
      const stored = await this.versionsOf(
        scope,
        updates.map((u) => u.w.before._id),
      );
      for (const { w, i } of updates) applied[i] = applied[i] && stored.get(w.before._id) === w.after.version;
    }
    return applied;
  }

  async versionsOf(scope: CountyScope, ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.model
      .find(this.scoped(scope, { _id: { $in: [...ids] } }), { _id: 1, version: 1 })
      .lean<{ _id: string; version: number }[]>()
      .exec();
    return new Map(rows.map((r) => [r._id, r.version]));
  }

  findById(scope: CountyScope, entryId: string): Promise<KeyCareEntryRecord | null> {
    return this.findOne(scope, { _id: entryId });
  }

  findOpenByChild(scope: CountyScope, childId: string): Promise<KeyCareEntryRecord | null> {
    return this.findOne(scope, { ...OPEN, childId });
  }

  async findOpenByChildren(
    scope: CountyScope,
    childIds: readonly string[],
  ): Promise<Map<string, KeyCareEntryRecord>> {
    if (childIds.length === 0) return new Map();
    const rows = await this.find(scope, { ...OPEN, childId: oneOf(childIds) });
    return new Map(rows.map((r) => [r.childId, r]));
  }

  /** A child's entries, newest first (the archive, 档案). */
  findByChild(scope: CountyScope, childId: string): Promise<KeyCareEntryRecord[]> {
    return this.find(scope, { childId }, { sort: { _id: -1 } });
  }

  /** The open ledger of a county or one township, keyset-paged in opening order. */
  pageOpen(
    scope: CountyScope,
    townshipCode: string | undefined,
    page: PageRequest,
  ): Promise<Page<KeyCareEntryRecord>> {
    return this.findPage(scope, townshipCode ? { ...OPEN, townshipCode } : { ...OPEN }, {
      ...page,
      sortField: '_id',
    });
  }

  private overdueFilter(asOf: LocalDate, filter: OverdueFilter): FilterQuery<KeyCareEntryRecord> {
    // $lt on a string never matches null (closed entries have no due date): BSON type bracketing.
    return {
      ...OPEN,
      nextVisitDueOn: { $lt: asOf },
      ...(filter.townshipCode ? { townshipCode: filter.townshipCode } : {}),
      ...(filter.workerId !== undefined ? { nextVisitWorkerId: filter.workerId } : {}),
    };
  }

  /** 逾期未走访: open entries whose visit was due before `asOf`, most overdue first. */
  pageOverdue(
    scope: CountyScope,
    asOf: LocalDate,
    filter: OverdueFilter,
    page: PageRequest,
  ): Promise<Page<KeyCareEntryRecord>> {
    return this.findPage(scope, this.overdueFilter(asOf, filter) as never, {
      ...page,
      sortField: 'nextVisitDueOn',
    });
  }

  /** Overdue counts grouped by worker or by township ($group with $sum only: FerretDB-safe). */
  async overdueCounts(
    scope: CountyScope,
    asOf: LocalDate,
    by: 'nextVisitWorkerId' | 'townshipCode',
  ): Promise<OverdueCount[]> {
    const rows = await this.model
      .aggregate<{ _id: string | null; count: number }>([
        { $match: this.scoped(scope, this.overdueFilter(asOf, {}) as never) },
        { $group: { _id: `$${by}`, count: { $sum: 1 } } },
      ])
      .exec();
    return rows
      .map((r) => ({ key: r._id ?? '', count: r.count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }

  /** Entries the overdue sweep has not yet reported, oldest due first. */
  findUnreportedOverdue(scope: CountyScope, asOf: LocalDate, limit: number): Promise<KeyCareEntryRecord[]> {
    return this.find(scope, { ...this.overdueFilter(asOf, {}), overdueNotified: false } as never, {
      sort: { nextVisitDueOn: 1, _id: 1 },
      limit,
    });
  }

  /** Counties that hold entries (the sweep visits each in turn, scoped). */
  async counties(): Promise<string[]> {
    const values = (await this.model.distinct('countyCode').exec()) as unknown[];
    return values.filter((v): v is string => typeof v === 'string').sort();
  }
}
