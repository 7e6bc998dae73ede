import { withOutboxUpdate, type OutboxEntry } from '@care/events';
import { InjectModel, isDuplicateKey, oneOf, unorderedBulkWrite } from '@care/persistence';
import { Injectable } from '@nestjs/common';
import type { AnyBulkWriteOperation, FilterQuery, Model } from 'mongoose';
import { CHILD_ENTITLEMENTS, type ChildEntitlementsDocument } from './child-entitlements.schema';

/** The fields a recomputation or a facts update rewrites. */
export type ChildEntitlementsChange = Pick<
  ChildEntitlementsDocument,
  'countyCode' | 'factsVersion' | 'facts' | 'list' | 'items' | 'openDepartments' | 'openCount' | 'recomputeOn'
>;

export interface GuardedUpdate {
  readonly childId: string;
  /** The rev that was read: the write applies only if nobody wrote since. */
  readonly rev: number;
  readonly change: Partial<ChildEntitlementsChange>;
  readonly events: readonly OutboxEntry[];
}

/** Which children a bulk pass walks: one county (or all), or those whose recompute day has come. */
export type ChildSelection =
  | { readonly kind: 'county'; readonly countyCode?: string }
  | { readonly kind: 'due'; readonly onOrBefore: string };

/** The only code that touches the child_entitlements collection. */
@Injectable()
export class ChildEntitlementsRepository {
  constructor(@InjectModel(CHILD_ENTITLEMENTS) private readonly model: Model<ChildEntitlementsDocument>) {}

  get collection(): Model<ChildEntitlementsDocument>['collection'] {
    return this.model.collection;
  }

  async findById(childId: string): Promise<ChildEntitlementsDocument | null> {
    return this.model.findById(childId).lean<ChildEntitlementsDocument>().exec();
  }

  /** Creates a child's document with its first events; false when another writer created it first. */
  async insert(
    childId: string,
    change: ChildEntitlementsChange,
    events: readonly OutboxEntry[],
    now: Date,
  ): Promise<boolean> {
    try {
      await this.model.collection.insertOne({
        _id: childId,
        ...change,
        rev: 1,
        createdAt: now,
        updatedAt: now,
        outbox: [...events],
        outboxPending: events.length > 0,
      } as never);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private updateOp(
    update: GuardedUpdate,
    now: Date,
  ): { filter: Record<string, unknown>; update: Record<string, unknown> } {
    return {
      filter: { _id: update.childId, rev: update.rev },
      update: withOutboxUpdate(
        { $set: { ...update.change, updatedAt: now }, $inc: { rev: 1 } },
        update.events,
      ),
    };
  }

  /** One conditional write: state and events together; false when someone wrote since `rev`. */
  async update(update: GuardedUpdate, now: Date): Promise<boolean> {
    const op = this.updateOp(update, now);
    const result = await this.model.collection.updateOne(op.filter as never, op.update as never);
    return result.matchedCount === 1;
  }

  /** Many conditional writes in one round trip (unordered); returns how many matched. */
  async bulkUpdate(updates: readonly GuardedUpdate[], now: Date): Promise<number> {
    if (updates.length === 0) return 0;
    const ops = updates.map((u) => ({
      updateOne: this.updateOp(u, now),
    })) as unknown as AnyBulkWriteOperation<ChildEntitlementsDocument>[];
    const result = await unorderedBulkWrite(this.model.collection, ops as never);
    if (result.writeErrors.length > 0)
      throw new Error(`child_entitlements bulk update: ${result.writeErrors[0].message}`);
    return result.matchedCount;
  }

  private selectionFilter(selection: ChildSelection): FilterQuery<ChildEntitlementsDocument> {
    switch (selection.kind) {
      case 'county':
        return selection.countyCode === undefined ? {} : { countyCode: selection.countyCode };
      case 'due':
        return { recomputeOn: { $ne: null, $lte: selection.onOrBefore } };
    }
  }

  /**
   * A whole selection in _id order, in chunks of `size`, read by ONE query (a cursor). Keyset
   * pages cost a scan each on FerretDB v1 (it evaluates `_id: {$gt}` after reading the county),
   * which made a county's recomputation quadratic; on MongoDB both are index scans. A document
   * is read once even when written while the cursor runs (the _id order does not move it).
   */
  async *chunks(selection: ChildSelection, size: number): AsyncGenerator<ChildEntitlementsDocument[]> {
    const cursor = this.model
      .find(this.selectionFilter(selection))
      .sort({ _id: 1 })
      .batchSize(size)
      .lean<ChildEntitlementsDocument>()
      .cursor();
    let chunk: ChildEntitlementsDocument[] = [];
    try {
      for await (const doc of cursor) {
        chunk.push(doc as ChildEntitlementsDocument);
        if (chunk.length >= size) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    } finally {
      await cursor.close();
    }
  }

  /** Children with unserved entitlements in the given counties, optionally of a responsible department. */
  async withGaps(
    filter: { readonly countyCodes: readonly string[]; readonly department?: string },
    afterId: string | undefined,
    limit: number,
  ): Promise<Pick<ChildEntitlementsDocument, '_id' | 'countyCode' | 'items'>[]> {
    if (filter.countyCodes.length === 0) return [];
    // oneOf: one county stays a plain equality, which FerretDB can push down to an index.
    const query: FilterQuery<ChildEntitlementsDocument> = {
      openCount: { $gt: 0 },
      countyCode: oneOf(filter.countyCodes),
    };
    if (filter.department !== undefined) query.openDepartments = filter.department;
    if (afterId !== undefined) query._id = { $gt: afterId };
    return this.model
      .find(query, { countyCode: 1, items: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Pick<ChildEntitlementsDocument, '_id' | 'countyCode' | 'items'>[]>()
      .exec();
  }
}
