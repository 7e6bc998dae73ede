import { departmentFromProto } from '@care/catalogue';
import { isLocalDate } from '@care/child-rules';
import { common, DeliveryEvents } from '@care/contracts';
import { handle, NonRetryableError, type Subscription } from '@care/events';
import { DomainError } from '@care/errors';
import type { DepartmentDeliveryRecord, EntitlementsService } from './entitlements.service';

export type DeliveryReadResult =
  | { readonly ok: true; readonly value: DepartmentDeliveryRecord }
  | { readonly ok: false; readonly reason: string };

/** Checks a department's delivery event against its contract (a breach goes to the dead-letter topic). */
export function deliveryFromProto(message: common.ServiceDeliveryRecorded): DeliveryReadResult {
  const department = departmentFromProto(message.department);
  if (message.deliveryId.trim() === '') return { ok: false, reason: 'delivery_id empty' };
  if (message.childId.trim() === '') return { ok: false, reason: 'child_id empty' };
  if (message.itemCode.trim() === '') return { ok: false, reason: 'item_code empty' };
  if (department === undefined) return { ok: false, reason: `department ${message.department} unknown` };
  if (!isLocalDate(message.onDate))
    return { ok: false, reason: `on_date ${JSON.stringify(message.onDate)} is not YYYY-MM-DD` };
  if (message.outcome === common.DeliveryOutcome.DELIVERY_OUTCOME_UNSPECIFIED)
    return { ok: false, reason: 'outcome unspecified' };
  return {
    ok: true,
    value: {
      deliveryId: message.deliveryId,
      revision: message.revision,
      childId: message.childId,
      itemCode: message.itemCode,
      department,
      delivered: message.outcome === common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      onDate: message.onDate,
      recordedAt: message.recordedAt,
    },
  };
}

/**
 * Every department's delivery topic (DeliveryEvents): a delivered record closes the child's gap
 * for the item. A message breaking the contract, for a child the catalogue does not know or by
 * a department not responsible for the item goes to the dead-letter topic at once.
 */
export function deliverySubscriptions(entitlements: EntitlementsService): Subscription[] {
  return Object.values(DeliveryEvents).map((type) =>
    handle(type, async (event) => {
      const read = deliveryFromProto(event.message);
      if (!read.ok) throw new NonRetryableError(`${event.topic}: ${read.reason}`);
      try {
        await entitlements.applyDepartmentDelivery(read.value);
      } catch (error) {
        if (error instanceof DomainError && error.code !== 'conflict' && error.code !== 'unavailable')
          throw new NonRetryableError(`${event.topic}: ${error.message}`);
        throw error;
      }
    }),
  );
}
