import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { withOutboxUpdate, type OutboxEntry } from '@care/events';
import { InjectModel, isDuplicateKey, oneOf } from '@care/persistence';
import { entitlementId, type EntitlementState } from './entitlement-state';
import { DEPARTMENT_ENTITLEMENTS, type DepartmentEntitlementDocument } from './projection.schema';

export interface WorklistFilter {
  readonly countyCodes: readonly string[];
  readonly department?: string;
  readonly itemCode?: string;
  /** Only entries due on or before this date (the overdue ones, with yesterday). */
  readonly dueBefore?: string;
}

/** The only code that touches department_entitlements: every write is conditional on the rev it read. */
@Injectable()
export class DepartmentEntitlementsRepository {
  constructor(
    @InjectModel(DEPARTMENT_ENTITLEMENTS) private readonly model: Model<DepartmentEntitlementDocument>,
  ) {}

  find(childId: string, itemCode: string): Promise<DepartmentEntitlementDocument | null> {
    return this.model.findById(entitlementId(childId, itemCode)).lean<DepartmentEntitlementDocument>().exec();
  }

  /**
   * The entitlements of these counties, streamed with only what a count needs (FerretDB v1's
   * $group support is partial, so the service tallies them).
   */
  forCounties(
    countyCodes: readonly string[],
  ): AsyncIterable<
    Pick<DepartmentEntitlementDocument, 'countyCode' | 'itemCode' | 'granted' | 'open' | 'dueOn' | 'delivery'>
  > {
    return this.model
      .find(
        { countyCode: oneOf([...countyCodes]) },
        { countyCode: 1, itemCode: 1, granted: 1, open: 1, dueOn: 1, delivery: 1 },
      )
      .lean()
      .cursor() as never;
  }

  forChild(childId: string): Promise<DepartmentEntitlementDocument[]> {
    return this.model.find({ childId }).sort({ itemCode: 1 }).lean<DepartmentEntitlementDocument[]>().exec();
  }

  /** First write of an entitlement; false when another writer created it first (re-read and retry). */
  async insert(state: EntitlementState, events: readonly OutboxEntry[], now: Date): Promise<boolean> {
    try {
      await this.model.collection.insertOne({
        _id: entitlementId(state.childId, state.itemCode),
        ...state,
        rev: 1,
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

  /** State and its events in one conditional write; false when someone wrote since `rev`. */
  async update(
    id: string,
    rev: number,
    state: EntitlementState,
    events: readonly OutboxEntry[],
    now: Date,
  ): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: id, rev } as never,
      withOutboxUpdate({ $set: { ...state, updatedAt: now }, $inc: { rev: 1 } }, events) as never,
    );
    return result.matchedCount === 1;
  }

  /** The open entries of a worklist page, the longest overdue first (by due date, then id). */
  async worklist(
    filter: WorklistFilter,
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: DepartmentEntitlementDocument[] }> {
    const query: Record<string, unknown> = { countyCode: oneOf(filter.countyCodes), open: true };
    if (filter.department !== undefined) query.departments = filter.department;
    if (filter.itemCode !== undefined) query.itemCode = filter.itemCode;
    if (filter.dueBefore !== undefined) query.dueOn = { $lt: filter.dueBefore };
    const [total, rows] = await Promise.all([
      this.model.countDocuments(query).exec(),
      this.model
        .find(query)
        .sort({ dueOn: 1, _id: 1 })
        .skip(offset)
        .limit(limit)
        .lean<DepartmentEntitlementDocument[]>()
        .exec(),
    ]);
    return { total, rows };
  }
}
