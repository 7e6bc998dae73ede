import { CatalogueEvents } from '@care/contracts';
import type { ServiceList } from '@care/catalogue';
import type { LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { ConsumerRegistry, outboxEntry, type OutboxEntry } from '@care/events';
import { Injectable, Logger } from '@nestjs/common';
import { InjectClock, type Clock } from '@care/service-kit';
import { today } from '@care/child-rules';
import type { ServicesCatalogConfig } from '../config';
import type { ChildFactsUpdate } from '@care/department-kit';
import { departmentsToProto } from '../proto-mapping';
import { ServiceListsService } from '../service-lists/service-lists.service';
import type { ChildEntitlementsDocument } from './child-entitlements.schema';
import {
  ChildEntitlementsRepository,
  type ChildEntitlementsChange,
  type ChildSelection,
  type GuardedUpdate,
} from './child-entitlements.repository';
import { planEntitlements, type EntitlementPlan, type RecomputeReason } from './entitlement-plan';

const MAX_WRITE_ATTEMPTS = 5;

/** Counts for logs (changed and events count what was attempted in the bulk writes). */
export interface RecomputeOutcome {
  readonly children: number;
  readonly changed: number;
  readonly events: number;
}

/**
 * Keeps each child's entitlements in step with the child's facts, the list in force and the
 * calendar, emitting granted/withdrawn events only for differences. Every write is one
 * conditional single-document update (rev), so concurrent writers retry rather than lose work.
 */
@Injectable()
export class EntitlementEngine {
  private readonly logger = new Logger(EntitlementEngine.name);

  constructor(
    private readonly repository: ChildEntitlementsRepository,
    private readonly lists: ServiceListsService,
    private readonly events: ConsumerRegistry,
    @InjectClock() private readonly clock: Clock,
    @InjectConfig() private readonly config: ServicesCatalogConfig,
  ) {}

  /**
   * Applies a registry event's facts if they are newer than what the child's document holds
   * (events of one child travel on several topics, so they may arrive out of order): 'stale'
   * for an older or replayed version, which changes and emits nothing.
   */
  async applyFacts(update: ChildFactsUpdate): Promise<'applied' | 'stale'> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const doc = await this.repository.findById(update.childId);
      if (doc !== null && doc.factsVersion >= update.version) return 'stale';
      const now = this.clock.now();
      const asOf = today(this.clock);
      const list = await this.lists.effectiveListFor(update.countyCode, asOf);
      const plan = planEntitlements({
        previous: doc,
        countyCode: update.countyCode,
        facts: update.facts,
        list,
        asOf,
        now,
        reason: 'facts-changed',
      });
      const events = this.eventsFor(
        update.childId,
        doc?.countyCode ?? update.countyCode,
        update.countyCode,
        plan,
        now,
      );
      const change: ChildEntitlementsChange = {
        ...planChange(plan),
        countyCode: update.countyCode,
        factsVersion: update.version,
        facts: update.facts,
      };
      const written =
        doc === null
          ? await this.repository.insert(update.childId, change, events, now)
          : await this.repository.update({ childId: update.childId, rev: doc.rev, change, events }, now);
      if (written) {
        if (events.length > 0) this.events.nudgeRelays();
        return 'applied';
      }
    }
    throw new Error(
      `child ${update.childId}: facts not applied after ${MAX_WRITE_ATTEMPTS} concurrent-write retries`,
    );
  }

  /** Recomputes one child with its stored facts; true when something changed. */
  async recomputeChild(childId: string, reason: RecomputeReason): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const doc = await this.repository.findById(childId);
      if (doc === null) return false;
      const update = await this.planUpdate(doc, reason, this.clock.now(), today(this.clock), new Map());
      if (update === undefined) return false;
      if (await this.repository.update(update, this.clock.now())) {
        if (update.events.length > 0) this.events.nudgeRelays();
        return true;
      }
    }
    throw new Error(`child ${childId}: not recomputed after ${MAX_WRITE_ATTEMPTS} concurrent-write retries`);
  }

  /**
   * Recomputes every selected child, a page at a time, writing each page's changes in one
   * unordered bulk write of conditional single-document updates. A child written by someone
   * else in between is redone on its own. Re-running is harmless: unchanged children write nothing.
   */
  async recomputeMany(selection: ChildSelection, reason: RecomputeReason): Promise<RecomputeOutcome> {
    const asOf = today(this.clock);
    const lists = new Map<string, ServiceList | null>();
    let children = 0;
    let changed = 0;
    let events = 0;
    for await (const page of this.repository.chunks(selection, this.config.RECOMPUTE_CHUNK_SIZE)) {
      children += page.length;
      const now = this.clock.now();
      const updates: GuardedUpdate[] = [];
      for (const doc of page) {
        const update = await this.planUpdate(doc, reason, now, asOf, lists);
        if (update !== undefined) updates.push(update);
      }
      const matched = await this.repository.bulkUpdate(updates, now);
      if (matched < updates.length) {
        // Some child was written by someone else meanwhile: redo the page's children one by one
        // (a child whose bulk update did apply plans no change and writes nothing).
        for (const update of updates) await this.recomputeChild(update.childId, reason);
      }
      changed += updates.length;
      events += updates.reduce((n, u) => n + u.events.length, 0);
      if (updates.some((u) => u.events.length > 0)) this.events.nudgeRelays();
    }
    return { children, changed, events };
  }

  private async planUpdate(
    doc: ChildEntitlementsDocument,
    reason: RecomputeReason,
    now: Date,
    asOf: LocalDate,
    lists: Map<string, ServiceList | null>,
  ): Promise<GuardedUpdate | undefined> {
    let list = lists.get(doc.countyCode);
    if (list === undefined && !lists.has(doc.countyCode)) {
      list = await this.lists.effectiveListFor(doc.countyCode, asOf);
      lists.set(doc.countyCode, list);
    }
    const plan = planEntitlements({
      previous: doc,
      countyCode: doc.countyCode,
      facts: doc.facts,
      list: list ?? null,
      asOf,
      now,
      reason,
    });
    if (!plan.changed) return undefined;
    return {
      childId: doc._id,
      rev: doc.rev,
      change: planChange(plan),
      events: this.eventsFor(doc._id, doc.countyCode, doc.countyCode, plan, now),
    };
  }

  /** Entitlement events for a plan's differences only; keyed by the child so they stay in order. */
  private eventsFor(
    childId: string,
    previousCounty: string,
    countyCode: string,
    plan: EntitlementPlan,
    now: Date,
  ): OutboxEntry[] {
    const producer = this.config.SERVICE_NAME;
    const withdrawnAt = now.toISOString();
    const entries: OutboxEntry[] = [];
    for (const { record, reason } of plan.withdrawn) {
      entries.push(
        outboxEntry(
          CatalogueEvents.entitlementWithdrawn,
          childId,
          {
            childId,
            countyCode: previousCounty,
            itemCode: record.itemCode,
            departments: departmentsToProto(record.departments),
            reason,
            withdrawnAt,
          },
          producer,
        ),
      );
    }
    // A reassigned item is announced as a grant with its new departments: consumers upsert on (child, item).
    for (const record of [...plan.granted, ...plan.reassigned]) {
      entries.push(
        outboxEntry(
          CatalogueEvents.entitlementGranted,
          childId,
          {
            childId,
            countyCode,
            itemCode: record.itemCode,
            itemName: record.itemName,
            departments: departmentsToProto(record.departments),
            listVersion: record.list.version,
            grantedAt: record.grantedAt,
          },
          producer,
        ),
      );
    }
    if (entries.length > 0)
      this.logger.debug(
        `child entitlements changed: ${plan.granted.length} granted, ${plan.withdrawn.length} withdrawn, ${plan.reassigned.length} reassigned`,
      );
    return entries;
  }
}

function planChange(
  plan: EntitlementPlan,
): Omit<ChildEntitlementsChange, 'countyCode' | 'factsVersion' | 'facts'> {
  return {
    list: plan.list,
    items: plan.items,
    openDepartments: plan.openDepartments,
    openCount: plan.openCount,
    recomputeOn: plan.recomputeOn,
  };
}
