import {
  CatalogueEvents,
  DeliveryEvents,
  EducationEvents,
  GatewayEvents,
  RegistryEvents,
  type EventType,
  type common,
} from '@care/contracts';
import { handle, NonRetryableError, type ConsumedEvent, type Subscription } from '@care/events';
import {
  ContractViolation,
  dayOf,
  deliveryUpdate,
  enrolmentUpdate,
  grantUpdate,
  keyCareUpdateFromChanged,
  keyCareUpdateFromClosed,
  mergeChild,
  mergeDelivery,
  mergeEnrolment,
  mergeGrant,
  mergeKeyCare,
  mergeVisit,
  projectChildFacts,
  visitUpdate,
  type ChildUpdate,
} from './projection';
import {
  comparisonTaskUpdate,
  mergeComparisonTask,
  mergePushReceipt,
  mergePushSent,
  pushReceiptUpdate,
  pushSentUpdate,
} from './exchange-projection';
import { entitlementId } from './projection.repository';
import type { ProjectionService } from './projection.service';

/** ChildUpdated.changed_fields name of the verification day (a screening result, 核实). */
export const VERIFIED_FIELD = 'lastVerifiedOn';

/** A handler whose contract violations go to the dead-letter topic at once (never retried). */
function guarded<T>(type: EventType<T>, apply: (event: ConsumedEvent<T>) => Promise<unknown>): Subscription {
  return handle(type, async (event) => {
    try {
      await apply(event);
    } catch (error) {
      if (error instanceof ContractViolation)
        throw new NonRetryableError(`${event.topic}: ${error.message}`, { cause: error });
      throw error;
    }
  });
}

function applyChild(projection: ProjectionService, update: ChildUpdate) {
  return projection.apply('children', update.facts.childId, (current) => mergeChild(current, update));
}

function facts(message: { facts?: common.ChildFacts }, day: string) {
  return projectChildFacts(message.facts, day);
}

/**
 * The registry's topics: the child's facts (four topics, ordered by the registry's version), the
 * key-care ledger and the planned and recorded visits. The registry publishes no screening-round
 * events (proto/registry/v1): a screening result reaches monitoring as the child's ChildUpdated
 * naming `lastVerifiedOn`, which is what screening coverage and staleness count.
 */
export function registrySubscriptions(projection: ProjectionService): Subscription[] {
  return [
    guarded(RegistryEvents.childRegistered, (e) => {
      const day = dayOf(e.message.registeredAt, 'registered_at');
      return applyChild(projection, { facts: facts(e.message, day), registeredOn: day, verifiedOn: day });
    }),
    guarded(RegistryEvents.childUpdated, (e) => {
      const day = dayOf(e.message.updatedAt, 'updated_at');
      const verified = e.message.changedFields.includes(VERIFIED_FIELD);
      return applyChild(projection, {
        facts: facts(e.message, day),
        ...(verified ? { verifiedOn: day } : {}),
      });
    }),
    guarded(RegistryEvents.migrantStatusChanged, (e) =>
      applyChild(projection, { facts: facts(e.message, dayOf(e.message.asOf, 'as_of')) }),
    ),
    guarded(RegistryEvents.childMovedOut, (e) =>
      applyChild(projection, { facts: facts(e.message, dayOf(e.message.movedOutOn, 'moved_out_on')) }),
    ),
    ...[RegistryEvents.keyCareEntryAdded, RegistryEvents.keyCareEntryChanged].map((type) =>
      guarded(type, (e) => {
        const update = keyCareUpdateFromChanged(e.message);
        return projection.apply('key-care', update.entryId, (current) => mergeKeyCare(current, update));
      }),
    ),
    guarded(RegistryEvents.keyCareEntryClosed, (e) => {
      const update = keyCareUpdateFromClosed(e.message);
      return projection.apply('key-care', update.entryId, (current) => mergeKeyCare(current, update));
    }),
    guarded(RegistryEvents.visitPlanned, (e) => {
      const update = visitUpdate(e.message, { dueOn: e.message.dueOn });
      return projection.apply('visits', update.visitId, (current) => mergeVisit(current, update));
    }),
    guarded(RegistryEvents.visitOverdue, (e) => {
      const update = visitUpdate(e.message, { dueOn: e.message.dueOn });
      return projection.apply('visits', update.visitId, (current) => mergeVisit(current, update));
    }),
    guarded(RegistryEvents.visitRecorded, (e) => {
      const update = visitUpdate(e.message, { visitedOn: e.message.visitedOn });
      return projection.apply('visits', update.visitId, (current) => mergeVisit(current, update));
    }),
  ];
}

/**
 * The catalogue's grants and withdrawals, every department's delivery records (DeliveryEvents:
 * a department added there is monitored with no change here) and education's enrolments.
 */
export function serviceSubscriptions(projection: ProjectionService): Subscription[] {
  return [
    guarded(CatalogueEvents.entitlementGranted, (e) => {
      const update = grantUpdate(e.message, true, e.message.grantedAt);
      return projection.apply('entitlements', entitlementId(update.childId, update.itemCode), (current) =>
        mergeGrant(current, update),
      );
    }),
    guarded(CatalogueEvents.entitlementWithdrawn, (e) => {
      const update = grantUpdate(e.message, false, e.message.withdrawnAt);
      return projection.apply('entitlements', entitlementId(update.childId, update.itemCode), (current) =>
        mergeGrant(current, update),
      );
    }),
    ...Object.values(DeliveryEvents).map((type) =>
      guarded(type, (e) => {
        const update = deliveryUpdate(e.message);
        return projection.apply('entitlements', entitlementId(update.childId, update.itemCode), (current) =>
          mergeDelivery(current, update),
        );
      }),
    ),
    guarded(EducationEvents.enrolmentChanged, (e) => {
      const update = enrolmentUpdate(e.message);
      return projection.apply('enrolments', update.childId, (current) => mergeEnrolment(current, update));
    }),
  ];
}

/**
 * The cross-region gateway (跨区域网关, proto/gateway/v1): pushes to the hukou cities and their
 * receipts (keyed by the residence county), and the comparison tasks routed to the county offices
 * here. Consumed in the registry's group (its wiring and the deploy topology name it there).
 */
export function gatewaySubscriptions(projection: ProjectionService): Subscription[] {
  return [
    guarded(GatewayEvents.pushSent, (e) => {
      const update = pushSentUpdate(e.message);
      return projection.apply('pushes', update.messageId, (current) => mergePushSent(current, update));
    }),
    guarded(GatewayEvents.pushReceipted, (e) => {
      const update = pushReceiptUpdate(e.message);
      return projection.apply('pushes', update.messageId, (current) => mergePushReceipt(current, update));
    }),
    guarded(GatewayEvents.comparisonTaskChanged, (e) => {
      const update = comparisonTaskUpdate(e.message);
      return projection.apply('comparison-tasks', update.taskId, (current) =>
        mergeComparisonTask(current, update),
      );
    }),
  ];
}
