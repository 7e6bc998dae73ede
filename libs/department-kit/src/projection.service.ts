import { Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { DepartmentId } from '@care/catalogue';
import { shanghaiDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { conflict } from '@care/errors';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import type { DepartmentConfig } from './department-config';
import { DepartmentEntitlementsRepository } from './entitlements.repository';
import {
  applyGrant,
  applyResidence,
  applyWithdrawal,
  entitlementId,
  type EntitlementState,
  type GrantFact,
  type WithdrawalFact,
} from './entitlement-state';
import type { ChildFactsUpdate } from './facts-from-proto';
import {
  DEPARTMENT_CHILDREN,
  DEPARTMENT_KEY_CARE,
  type DepartmentChildDocument,
  type DepartmentEntitlementDocument,
  type DepartmentKeyCareDocument,
} from './projection.schema';
import { deliveryDueOn } from './worklist-rules';

const MAX_WRITE_ATTEMPTS = 8;

function stateOf(doc: DepartmentEntitlementDocument): EntitlementState {
  const { _id: _key, rev: _rev, updatedAt: _at, outbox: _outbox, outboxPending: _pending, ...state } = doc;
  return state;
}

/**
 * The department's projections of other services' facts: the registry's children and ledger
 * entries, and the catalogue's entitlements for the items this department serves. Every apply
 * is idempotent and order-safe (registry version; event instants), so redelivered and
 * out-of-order events change nothing twice.
 */
@Injectable()
export class DepartmentProjection {
  private readonly logger = new Logger('DepartmentProjection');

  constructor(
    @InjectModel(DEPARTMENT_CHILDREN) private readonly children: Model<DepartmentChildDocument>,
    @InjectModel(DEPARTMENT_KEY_CARE) private readonly keyCare: Model<DepartmentKeyCareDocument>,
    private readonly entitlements: DepartmentEntitlementsRepository,
    @InjectConfig() private readonly config: DepartmentConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /** Serves this service any of these departments? (the catalogue's events carry every department's items). */
  serves(departments: readonly DepartmentId[]): boolean {
    return departments.some((d) => this.config.SERVICE_DEPARTMENTS.includes(d));
  }

  child(childId: string): Promise<DepartmentChildDocument | null> {
    return this.children.findById(childId).lean<DepartmentChildDocument>().exec();
  }

  childrenByIds(childIds: readonly string[]): Promise<DepartmentChildDocument[]> {
    return this.children
      .find({ _id: { $in: [...childIds] } })
      .lean<DepartmentChildDocument[]>()
      .exec();
  }

  keyCareOpen(childIds: readonly string[]): Promise<DepartmentKeyCareDocument[]> {
    return this.keyCare
      .find({ _id: { $in: [...childIds] }, open: true })
      .lean<DepartmentKeyCareDocument[]>()
      .exec();
  }

  /** Keeps the highest registry version; a move out (or back) closes (or reopens) the child's items. */
  async applyFacts(update: ChildFactsUpdate): Promise<'applied' | 'stale'> {
    const now = this.clock.now();
    const doc = {
      version: update.version,
      countyCode: update.countyCode,
      townshipCode: update.townshipCode,
      facts: update.facts,
      updatedAt: now,
    };
    const result = await this.children.collection.updateOne(
      { _id: update.childId, version: { $lt: update.version } } as never,
      { $set: doc },
    );
    if (result.matchedCount === 0) {
      try {
        await this.children.collection.insertOne({ _id: update.childId, ...doc } as never);
      } catch (error) {
        if (isDuplicateKey(error)) return 'stale'; // stored at this version or a higher one
        throw error;
      }
    }
    for (const entitlement of await this.entitlements.forChild(update.childId)) {
      await this.mutate(entitlement.childId, entitlement.itemCode, (current) =>
        current === null ? null : applyResidence(current, update.facts.movedOut),
      );
    }
    return 'applied';
  }

  /** A ledger entry opened, changed or closed; an older event than the one applied changes nothing. */
  async applyKeyCare(childId: string, entryId: string, open: boolean, at: string): Promise<void> {
    const result = await this.keyCare.collection.updateOne({ _id: childId, at: { $lt: at } } as never, {
      $set: { entryId, open, at },
    });
    if (result.matchedCount === 1) return;
    try {
      await this.keyCare.collection.insertOne({ _id: childId, entryId, open, at } as never);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async applyGrant(grant: Omit<GrantFact, 'dueOn' | 'grantedOn'>): Promise<void> {
    const grantedOn = shanghaiDate(new Date(grant.grantedAt));
    const fact: GrantFact = {
      ...grant,
      grantedOn,
      dueOn: deliveryDueOn(grantedOn, grant.itemCode, this.config),
    };
    const child = await this.child(grant.childId);
    await this.mutate(grant.childId, grant.itemCode, (current) => {
      const next = applyGrant(current, fact);
      // A child already known to have moved out is not put on the worklist.
      return next !== null && child?.facts.movedOut === true ? (applyResidence(next, true) ?? next) : next;
    });
  }

  async applyWithdrawal(withdrawal: WithdrawalFact): Promise<void> {
    await this.mutate(withdrawal.childId, withdrawal.itemCode, (current) =>
      applyWithdrawal(current, withdrawal),
    );
  }

  /** Read, decide, write conditionally; retried when another writer got there first. */
  private async mutate(
    childId: string,
    itemCode: string,
    decide: (current: EntitlementState | null) => EntitlementState | null,
  ): Promise<void> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const doc = await this.entitlements.find(childId, itemCode);
      const next = decide(doc === null ? null : stateOf(doc));
      if (next === null) return;
      const now = this.clock.now();
      const written =
        doc === null
          ? await this.entitlements.insert(next, [], now)
          : await this.entitlements.update(entitlementId(childId, itemCode), doc.rev, next, [], now);
      if (written) return;
    }
    this.logger.warn(`entitlement ${itemCode}: gave up after ${MAX_WRITE_ATTEMPTS} competing writes`);
    throw conflict('部门权益记录并发冲突，稍后重试');
  }
}

export { stateOf };
