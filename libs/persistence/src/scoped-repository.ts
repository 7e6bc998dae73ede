import { isDuplicateKey } from './duplicate-key';
import type { FilterQuery, Model, UpdateQuery } from 'mongoose';
import { MAX_OPERATIONS_PER_COMMAND } from './bulk-write';
import {
  afterPosition,
  decodeCursor,
  encodeCursor,
  normalizePageSize,
  type KeysetValue,
  type Page,
  type PageRequest,
} from './paging';

/**
 * The keys that partition a collection between its owners, e.g. `{ countyCode: string }`
 * (each county's screening) or `{ department: string }`. Values are exact strings.
 */
export type Scope = Readonly<Record<string, string>>;

/** A document that carries its scope keys (so the database can index and enforce them). */
export type ScopedDocument<TScope extends Scope> = { [K in keyof TScope]: string };

/**
 * A filter over the document; scope keys may not appear (they come from the scope argument).
 * An intersection, not Omit: FilterQuery has an index signature, and Omit over it would erase
 * both the ban and the typing of the known fields.
 */
export type ScopedFilter<TDoc, TScope extends Scope> = FilterQuery<TDoc> & { [K in keyof TScope]?: never };

export interface FindOptions<TDoc> {
  readonly sort?: Partial<Record<Extract<keyof TDoc, string> | '_id', 1 | -1>>;
  readonly limit?: number;
  readonly projection?: Partial<Record<Extract<keyof TDoc, string>, 0 | 1>>;
}

export interface PageOptions<TDoc> extends PageRequest {
  /** Ascending keyset order on this field, then `_id`. Default `_id`. Needs a compound index (scope…, field, _id). */
  readonly sortField?: Extract<keyof TDoc, string> | '_id';
}

const UPDATE_OPERATORS_THAT_WRITE_FIELDS = [
  '$set',
  '$unset',
  '$rename',
  '$setOnInsert',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$pull',
  '$addToSet',
  '$pop',
  '$currentDate',
];

/**
 * Base repository whose every method takes the scope first: a query without `{ countyCode }`
 * (or whatever `TScope` is) does not compile, and a blank scope value fails at run time, so
 * one county's worker cannot read or change another county's children by omission.
 * The scope is AND-ed last, so a caller's filter cannot widen it, and updates may not move a
 * document to another scope.
 */
export abstract class ScopedRepository<TDoc extends ScopedDocument<TScope>, TScope extends Scope> {
  protected constructor(
    protected readonly model: Model<TDoc>,
    private readonly scopeKeys: readonly (keyof TScope & string)[],
  ) {
    if (scopeKeys.length === 0)
      throw new Error(`${new.target.name}: a scoped repository needs at least one scope key`);
  }

  /** The filter with the scope applied; subclasses use it for queries the base does not cover. */
  protected scoped(scope: TScope, filter?: ScopedFilter<TDoc, TScope>): FilterQuery<TDoc> {
    const scopeFilter: Record<string, string> = {};
    for (const key of this.scopeKeys) {
      const value = scope[key];
      if (typeof value !== 'string' || value.trim() === '')
        throw new Error(`${this.constructor.name}: scope key ${key} is required`);
      scopeFilter[key] = value;
    }
    for (const key of Object.keys(filter ?? {})) {
      if ((this.scopeKeys as readonly string[]).includes(key))
        throw new Error(`${this.constructor.name}: ${key} belongs in the scope, not the filter`);
    }
    return { ...filter, ...scopeFilter } as FilterQuery<TDoc>;
  }

  private guardUpdate(update: UpdateQuery<TDoc>): void {
    const record = update as Record<string, unknown>;
    for (const key of this.scopeKeys) {
      if (key in record)
        throw new Error(`${this.constructor.name}: an update may not change scope key ${key}`);
      for (const operator of UPDATE_OPERATORS_THAT_WRITE_FIELDS) {
        const fields = record[operator];
        if (typeof fields === 'object' && fields !== null && key in fields) {
          throw new Error(`${this.constructor.name}: an update may not change scope key ${key}`);
        }
      }
    }
  }

  async findOne(scope: TScope, filter: ScopedFilter<TDoc, TScope>): Promise<TDoc | null> {
    return this.model.findOne(this.scoped(scope, filter)).lean<TDoc>().exec();
  }

  async find(
    scope: TScope,
    filter?: ScopedFilter<TDoc, TScope>,
    options: FindOptions<TDoc> = {},
  ): Promise<TDoc[]> {
    let query = this.model.find(this.scoped(scope, filter), options.projection ?? undefined);
    if (options.sort !== undefined) query = query.sort(options.sort as Record<string, 1 | -1>);
    if (options.limit !== undefined) query = query.limit(options.limit);
    return query.lean<TDoc[]>().exec();
  }

  async count(scope: TScope, filter?: ScopedFilter<TDoc, TScope>): Promise<number> {
    return this.model.countDocuments(this.scoped(scope, filter)).exec();
  }

  async exists(scope: TScope, filter: ScopedFilter<TDoc, TScope>): Promise<boolean> {
    return (await this.model.exists(this.scoped(scope, filter)).exec()) !== null;
  }

  /** Keyset page in ascending (sortField, _id) order; `nextCursor` continues after the last row. */
  async findPage(
    scope: TScope,
    filter: ScopedFilter<TDoc, TScope>,
    options: PageOptions<TDoc> = {},
  ): Promise<Page<TDoc>> {
    const pageSize = normalizePageSize(options.pageSize);
    const sortField = options.sortField ?? '_id';
    const base = this.scoped(scope, filter);
    const query =
      options.cursor === undefined || options.cursor === ''
        ? base
        : ({
            $and: [base, afterPosition(sortField, decodeCursor(sortField, options.cursor))],
          } as FilterQuery<TDoc>);
    const sort: Record<string, 1> = sortField === '_id' ? { _id: 1 } : { [sortField]: 1, _id: 1 };
    const rows = await this.model
      .find(query)
      .sort(sort)
      .limit(pageSize + 1)
      .lean<TDoc[]>()
      .exec();
    if (rows.length <= pageSize) return { items: rows };
    const items = rows.slice(0, pageSize);
    const last = items[items.length - 1] as Record<string, unknown>;
    const nextCursor = encodeCursor(sortField, {
      sortValue: last[sortField] as KeysetValue,
      id: last._id as KeysetValue,
    });
    return { items, nextCursor };
  }

  /** Inserts with the scope keys set from `scope` (a document cannot be filed under another scope). */
  async insertOne(scope: TScope, document: Omit<TDoc, keyof TScope>): Promise<TDoc> {
    this.scoped(scope);
    const created = await this.model.create({ ...document, ...scope } as unknown as TDoc);
    return created.toObject() as TDoc;
  }

  /**
   * Inserts once: false when a document with the same unique key exists (nothing written) — the
   * insert-with-a-deterministic-id pattern of ADR 0004 (one writer wins, the others learn it).
   */
  async insertOnce(scope: TScope, document: Omit<TDoc, keyof TScope>): Promise<boolean> {
    try {
      await this.insertOne(scope, document);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Atomic single-document update (FerretDB has no multi-document transactions). */
  async updateOne(
    scope: TScope,
    filter: ScopedFilter<TDoc, TScope>,
    update: UpdateQuery<TDoc>,
    options: { upsert?: boolean } = {},
  ): Promise<{ matched: number; modified: number; upserted: boolean }> {
    this.guardUpdate(update);
    const result = await this.model
      .updateOne(this.scoped(scope, filter), update, { upsert: options.upsert ?? false })
      .exec();
    return {
      matched: result.matchedCount,
      modified: result.modifiedCount,
      upserted: result.upsertedCount > 0,
    };
  }

  /** Update and return the new version (no projection: FerretDB's findAndModify rejects one). */
  async findOneAndUpdate(
    scope: TScope,
    filter: ScopedFilter<TDoc, TScope>,
    update: UpdateQuery<TDoc>,
    options: { upsert?: boolean } = {},
  ): Promise<TDoc | null> {
    this.guardUpdate(update);
    return this.model
      .findOneAndUpdate(this.scoped(scope, filter), update, { new: true, upsert: options.upsert ?? false })
      .lean<TDoc>()
      .exec();
  }

  async deleteOne(scope: TScope, filter: ScopedFilter<TDoc, TScope>): Promise<boolean> {
    const result = await this.model.deleteOne(this.scoped(scope, filter)).exec();
    return result.deletedCount > 0;
  }

  /**
   * Many keyed single-document writes in few round trips, each atomic on its own — the
   * FerretDB-friendly alternative to a broad updateMany. Unordered: one failure does not stop the rest.
   */
  async bulkUpdate(
    scope: TScope,
    writes: readonly { filter: ScopedFilter<TDoc, TScope>; update: UpdateQuery<TDoc>; upsert?: boolean }[],
  ): Promise<{ matched: number; modified: number; upserted: number }> {
    if (writes.length === 0) return { matched: 0, modified: 0, upserted: 0 };
    type BulkOperation = Parameters<Model<TDoc>['bulkWrite']>[0][number];
    const operations = writes.map((write): BulkOperation => {
      this.guardUpdate(write.update);
      return {
        updateOne: {
          filter: this.scoped(scope, write.filter),
          update: write.update,
          upsert: write.upsert ?? false,
        },
      } as BulkOperation;
    });
    // Through the model (its casting), in commands of MAX_OPERATIONS_PER_COMMAND (bulk-write.ts).
    const total = { matched: 0, modified: 0, upserted: 0 };
    for (let i = 0; i < operations.length; i += MAX_OPERATIONS_PER_COMMAND) {
      const result = await this.model.bulkWrite(operations.slice(i, i + MAX_OPERATIONS_PER_COMMAND), {
        ordered: false,
      });
      total.matched += result.matchedCount;
      total.modified += result.modifiedCount;
      total.upserted += result.upsertedCount;
    }
    return total;
  }
}
