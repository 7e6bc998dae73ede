import { Injectable } from '@nestjs/common';
import type { AnyBulkWriteOperation, FilterQuery, Model } from 'mongoose';
import {
  InjectModel,
  isDuplicateKey,
  oneOf,
  type Page,
  type PageRequest,
  ScopedRepository,
  unorderedBulkWrite,
} from '@care/persistence';
import { alreadyExists, conflict } from '@care/errors';
import { withOutboxUpdate, type OutboxEntry } from '@care/events';
import type { LocalDate } from '@care/child-rules';
import { CHILD_MODEL } from './child.schema';
import type { ChildRecord } from './child.types';

/** Every query of the children collection is scoped to one county (居住地县区). */
export type CountyScope = { countyCode: string };

/** A committed change: the record after it, and the events written with it. */
export interface ChildWrite {
  before: Pick<ChildRecord, '_id' | 'version' | 'countyCode'>;
  after: ChildRecord;
  events: readonly OutboxEntry[];
}

/** Outcome of one keyed write of a bulk (the import): applied, lost a race, or refused by the unique index. */
export type BulkOutcome = 'applied' | 'conflict' | 'duplicate-id-number';

// Optional top-level fields: when the new state lacks them they are removed ($unset).
const OPTIONAL_FIELDS = ['movedOutOn', 'movedOutTo', 'importFingerprint'] as const;
// Fields that are never rewritten by a change.
const FIXED_FIELDS = new Set(['_id', 'createdAt', 'outbox', 'outboxPending']);

/** The $set/$unset that turn the stored state into `after` (outbox fields excluded). */
export function stateUpdate(after: ChildRecord): {
  $set: Record<string, unknown>;
  $unset?: Record<string, ''>;
} {
  const $set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (FIXED_FIELDS.has(key) || value === undefined) continue;
    $set[key] = value;
  }
  const missing = OPTIONAL_FIELDS.filter((key) => after[key] === undefined);
  return missing.length === 0
    ? { $set }
    : { $set, $unset: Object.fromEntries(missing.map((k) => [k, ''])) as Record<string, ''> };
}

/**
 * The only code touching the `children` model. Queries take a county scope (the base class
 * enforces it); the few that span counties take the actor's list of counties explicitly.
 */
@Injectable()
export class ChildrenRepository extends ScopedRepository<ChildRecord, CountyScope> {
  constructor(@InjectModel(CHILD_MODEL) model: Model<ChildRecord>) {
    super(model, ['countyCode']);
  }

  /** The underlying collection name (the outbox relay reads it). */
  get collectionName(): string {
    return this.model.collection.collectionName;
  }

  /** Inserts a new record with its registration events; a second record for one ID number is refused. */
  async insert(record: ChildRecord): Promise<void> {
    try {
      await this.model.collection.insertOne(
        record as unknown as Parameters<Model<ChildRecord>['collection']['insertOne']>[0],
      );
    } catch (error) {
      if (isDuplicateKey(error)) throw alreadyExists('该身份证号的儿童', 'idNumber');
      throw error;
    }
  }

  /** A record by id, if it lies in one of the given counties (the actor's). */
  async findInCounties(counties: readonly string[], childId: string): Promise<ChildRecord | null> {
    if (counties.length === 0) return null;
    return this.model
      .findOne({ _id: childId, countyCode: oneOf(counties) })
      .lean<ChildRecord>()
      .exec();
  }

  /** A record by any of the blind indexes an ID number may be stored under, within the counties. */
  async findByIdNumberIndex(
    counties: readonly string[],
    indexes: readonly string[],
  ): Promise<ChildRecord | null> {
    if (counties.length === 0 || indexes.length === 0) return null;
    return this.model
      .findOne({ idNumberIndex: oneOf(indexes), countyCode: oneOf(counties) })
      .lean<ChildRecord>()
      .exec();
  }

  /**
   * Every record of a county as the import matches it: blind index -> (id, last import
   * fingerprint). Read once per import: one scan of the county's records per file, instead of one
   * `$in` lookup per chunk (FerretDB v1 evaluates `$in` after a sequential scan).
   */
  async importIndexOf(
    scope: CountyScope,
  ): Promise<Map<string, { childId: string; importFingerprint?: string }>> {
    const rows = await this.model
      .find(this.scoped(scope), { _id: 1, idNumberIndex: 1, importFingerprint: 1 })
      .lean<{ _id: string; idNumberIndex: string; importFingerprint?: string }[]>()
      .exec();
    return new Map(
      rows.map((r) => [
        r.idNumberIndex,
        r.importFingerprint === undefined
          ? { childId: r._id }
          : { childId: r._id, importFingerprint: r.importFingerprint },
      ]),
    );
  }

  /** Records of one county by id (the import reads the few rows that changed). */
  async findManyByIds(scope: CountyScope, ids: readonly string[]): Promise<ChildRecord[]> {
    if (ids.length === 0) return [];
    return this.find(scope, { _id: { $in: [...ids] } });
  }

  /** Records of one county with these blind indexes. */
  async findManyByIdNumberIndex(scope: CountyScope, indexes: readonly string[]): Promise<ChildRecord[]> {
    if (indexes.length === 0) return [];
    return this.find(scope, { idNumberIndex: oneOf(indexes) });
  }

  /**
   * Writes a change and its events as ONE conditional single-document update: it applies only if
   * nobody changed the record since it was read (version) and it is still in the county it was
   * read from. A move to another county changes the scope key here, deliberately: the record
   * follows the child (the base class forbids scope changes everywhere else).
   */
  async commit(write: ChildWrite): Promise<void> {
    const update = withOutboxUpdate(stateUpdate(write.after), write.events);
    let matched: number;
    try {
      const result = await this.model
        .updateOne(
          { _id: write.before._id, version: write.before.version, countyCode: write.before.countyCode },
          update,
        )
        .exec();
      matched = result.matchedCount;
    } catch (error) {
      if (isDuplicateKey(error)) throw alreadyExists('该身份证号的儿童', 'idNumber');
      throw error;
    }
    if (matched === 0) {
      throw conflict('该儿童记录已被他人修改，请刷新后重试', {
        childId: write.before._id,
        expectedVersion: write.before.version,
      });
    }
  }

  /**
   * Many inserts and conditional updates in one unordered bulkWrite (FerretDB handles keyed
   * single-document writes far better than broad updateMany). Each write is atomic on its own;
   * the outcome of each is reported so the caller can account for every row.
   */
  async bulkApply(
    scope: CountyScope,
    writes: readonly ({ kind: 'insert'; record: ChildRecord } | ({ kind: 'update' } & ChildWrite))[],
  ): Promise<BulkOutcome[]> {
    if (writes.length === 0) return [];
    for (const w of writes) {
      const county = w.kind === 'insert' ? w.record.countyCode : w.before.countyCode;
      if (county !== scope.countyCode)
        throw new Error(`ChildrenRepository.bulkApply: a write outside county ${scope.countyCode}`);
    }
    const operations = writes.map((w): AnyBulkWriteOperation<ChildRecord> => {
      if (w.kind === 'insert') {
        // A plain insert: the unique blind index refuses a second record for one ID number. (Not an
        // upsert with $setOnInsert: FerretDB v1 drops empty arrays from $setOnInsert documents.)
        return { insertOne: { document: w.record } };
      }
      return {
        updateOne: {
          filter: {
            _id: w.before._id,
            version: w.before.version,
            countyCode: scope.countyCode,
          } as FilterQuery<ChildRecord>,
          update: withOutboxUpdate(stateUpdate(w.after), w.events) as never,
        },
      };
    });
    const outcomes: BulkOutcome[] = writes.map(() => 'applied');
    const result = await unorderedBulkWrite(this.model.collection, operations as never);
    for (const e of result.writeErrors)
      outcomes[e.index] = e.code === 11000 ? 'duplicate-id-number' : 'conflict';
    const summary = { matchedCount: result.matchedCount };
    // An insert refused by the unique index: a record raced in by a concurrent import of this
    // county (a conflict), or the child is registered in another county.
    const refusedInserts = writes.flatMap((w, i) =>
      w.kind === 'insert' && outcomes[i] === 'duplicate-id-number' ? [{ record: w.record, i }] : [],
    );
    if (refusedInserts.length > 0) {
      const here = new Set(
        (
          await this.findManyByIdNumberIndex(
            scope,
            refusedInserts.map((r) => r.record.idNumberIndex),
          )
        ).map((r) => r.idNumberIndex),
      );
      for (const { record, i } of refusedInserts)
        if (here.has(record.idNumberIndex)) outcomes[i] = 'conflict';
    }
    // Updates that matched nothing lost the version race. The bulk result only gives a count, so
    // when it falls short, the stored versions tell which ones.
    const updates = writes.flatMap((w, i) =>
      w.kind === 'update' && outcomes[i] === 'applied' ? [{ w, i }] : [],
    );
    if (summary.matchedCount < updates.length) {
      const versions = await this.versionsOf(
        scope,
        updates.map((u) => u.w.before._id),
      );
      for (const { w, i } of updates)
        if (versions.get(w.before._id) !== w.after.version) outcomes[i] = 'conflict';
    }
    return outcomes;
  }

  /** Which of these (id, version) pairs are stored exactly at that version (to confirm bulk updates). */
  async versionsOf(scope: CountyScope, ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.model
      .find(this.scoped(scope, { _id: { $in: [...ids] } }), { _id: 1, version: 1 })
      .lean<{ _id: string; version: number }[]>()
      .exec();
    return new Map(rows.map((r) => [r._id, r.version]));
  }

  /** 县区/乡镇 list, keyset-paged in registration order. */
  pageByArea(
    scope: CountyScope,
    townshipCode: string | undefined,
    page: PageRequest,
  ): Promise<Page<ChildRecord>> {
    return this.findPage(scope, townshipCode ? { townshipCode } : {}, { ...page, sortField: '_id' });
  }

  /** 待补录身份证号: children recorded without an ID number. */
  pageMissingIdNumber(scope: CountyScope, page: PageRequest): Promise<Page<ChildRecord>> {
    return this.findPage(scope, { missingIdNumber: true }, { ...page, sortField: '_id' });
  }

  /** Records last verified before `verifiedBefore` (the caller computes the six-month threshold). */
  pageVerifiedBefore(
    scope: CountyScope,
    verifiedBefore: LocalDate,
    page: PageRequest,
  ): Promise<Page<ChildRecord>> {
    return this.findPage(
      scope,
      { lastVerifiedOn: { $lt: verifiedBefore } },
      { ...page, sortField: 'lastVerifiedOn' },
    );
  }

  /** Records whose status may change on or before `asOf` (the daily job), in _id order. */
  pageDueForRecompute(scope: CountyScope, asOf: LocalDate, page: PageRequest): Promise<Page<ChildRecord>> {
    return this.findPage(
      scope,
      { 'determination.nextChangeOn': { $lte: asOf } } as FilterQuery<ChildRecord>,
      { ...page, sortField: '_id' },
    );
  }

  /** The counties that hold records (the daily job visits each in turn, scoped). */
  async counties(): Promise<string[]> {
    const values = (await this.model.distinct('countyCode').exec()) as unknown[];
    return values.filter((v): v is string => typeof v === 'string').sort();
  }
}
