import type { Logger } from '@nestjs/common';
import type { Actor } from '@care/access';
import { compareDates, type LocalDate } from '@care/child-rules';
import type { DeliveriesService, DepartmentEntitlementsRepository } from '@care/department-kit';
import { DomainError } from '@care/errors';

/**
 * Records a service-list item as delivered through the kit's deliveries, once: an entitlement
 * already delivered is left alone (true), a child the catalogue has not granted the item to (or
 * whose entitlement is closed) gets nothing recorded (false). The day is never after today.
 * Used by 0～3岁儿童健康管理 (HZ-01) and 家庭医生签约 (HZ-06); the same steps are written out in
 * immunisation and medical insurance, which could call this instead.
 */
export async function deliverOnce(
  ports: {
    readonly entitlements: DepartmentEntitlementsRepository;
    readonly deliveries: DeliveriesService;
    readonly logger: Logger;
  },
  actor: Actor,
  request: {
    readonly childId: string;
    readonly itemCode: string;
    readonly onDate: LocalDate;
    readonly today: LocalDate;
  },
): Promise<boolean> {
  const { childId, itemCode } = request;
  const entitlement = await ports.entitlements.find(childId, itemCode);
  if (entitlement === null || !entitlement.granted || entitlement.closedBy !== null) return false;
  if (entitlement.delivery?.outcome === 'delivered') return true;
  const onDate = compareDates(request.onDate, request.today) > 0 ? request.today : request.onDate;
  try {
    await ports.deliveries.record(actor, { childId, itemCode, outcome: 'delivered', onDate });
  } catch (error) {
    if (
      error instanceof DomainError &&
      (error.code === 'not-found' || error.code === 'failed-precondition')
    ) {
      ports.logger.log({ msg: 'no open entitlement to deliver', itemCode });
      return false;
    }
    throw error;
  }
  return true;
}
