import { Controller } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { actorCoversCounty, actorFromMetadata, countiesInScope } from '@care/access';
import { today } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { common, department } from '@care/contracts';
import { invalidArgument } from '@care/errors';
import { InjectClock, type Clock } from '@care/service-kit';
import { serviceDepartmentScope } from './department-access';
import type { DepartmentConfig } from './department-config';
import { DepartmentEntitlementsRepository } from './entitlements.repository';
import type { DeliveryOutcomeId, DepartmentEntitlementDocument } from './projection.schema';
import { daysOverdue } from './worklist-rules';

const OUTCOME: Readonly<Record<DeliveryOutcomeId, common.DeliveryOutcome>> = {
  delivered: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
  refused: common.DeliveryOutcome.DELIVERY_OUTCOME_REFUSED,
  pending: common.DeliveryOutcome.DELIVERY_OUTCOME_PENDING,
};

const MAX_CHILD_ID = 64;

type Counted = Pick<
  DepartmentEntitlementDocument,
  'countyCode' | 'itemCode' | 'granted' | 'open' | 'dueOn' | 'delivery'
>;

/**
 * department.v1.DepartmentService, answered by every department service from the kit's
 * projection: what the department owes a child and what became of it, and its service gaps per
 * county and item (for the city platform, the catalogue, the gateway). A department officer sees
 * the items of its own department; everyone only the counties of their scope. No personal data.
 */
@Controller()
@department.DepartmentServiceControllerMethods()
export class DepartmentGrpcController implements department.DepartmentServiceController {
  constructor(
    private readonly entitlements: DepartmentEntitlementsRepository,
    @InjectConfig() private readonly config: DepartmentConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async getChildServices(
    request: department.GetChildServicesRequest,
    metadata?: Metadata,
  ): Promise<department.GetChildServicesResponse> {
    const actor = actorFromMetadata(metadata);
    const childId = (request.childId ?? '').trim();
    if (childId === '' || childId.length > MAX_CHILD_ID)
      throw invalidArgument('child_id', '必填', '儿童编号（child_id）：必填，且不超过64个字符');
    const own = serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const asOf = today(this.clock);
    const docs = (await this.entitlements.forChild(childId)).filter(
      (d) => actorCoversCounty(actor, d.countyCode) && (own === undefined || d.departments.includes(own)),
    );
    return {
      services: docs.map((d) => ({
        itemCode: d.itemCode,
        countyCode: d.countyCode,
        granted: d.granted,
        open: d.open,
        grantedOn: d.grantedOn,
        dueOn: d.dueOn,
        overdue: d.open && daysOverdue(d.dueOn, asOf) > 0,
        outcome:
          d.delivery === null
            ? common.DeliveryOutcome.DELIVERY_OUTCOME_UNSPECIFIED
            : OUTCOME[d.delivery.outcome],
        outcomeOn: d.delivery?.onDate ?? '',
        closedBy: d.closedBy ?? '',
        itemName: d.itemName ?? '',
      })),
    };
  }

  async countServiceGaps(
    request: department.CountServiceGapsRequest,
    metadata?: Metadata,
  ): Promise<department.CountServiceGapsResponse> {
    const actor = actorFromMetadata(metadata);
    const countyCode = (request.countyCode ?? '').trim();
    if (countyCode !== '' && !/^\d{6}$/.test(countyCode))
      throw invalidArgument('county_code', '6位区县代码', '区县代码（county_code）：须为6位区县代码');
    const counties = countiesInScope(actor, countyCode === '' ? undefined : countyCode);
    const asOf = today(this.clock);
    const rows = new Map<string, department.ServiceGapCount>();
    for await (const d of this.entitlements.forCounties(counties) as AsyncIterable<Counted>) {
      const key = `${d.countyCode}|${d.itemCode}`;
      const row = rows.get(key) ?? {
        countyCode: d.countyCode,
        itemCode: d.itemCode,
        granted: 0,
        delivered: 0,
        refused: 0,
        pending: 0,
        open: 0,
        overdue: 0,
      };
      if (d.granted) row.granted += 1;
      if (d.delivery?.outcome === 'delivered') row.delivered += 1;
      else if (d.delivery?.outcome === 'refused') row.refused += 1;
      else if (d.delivery?.outcome === 'pending') row.pending += 1;
      if (d.open) {
        row.open += 1;
        if (daysOverdue(d.dueOn, asOf) > 0) row.overdue += 1;
      }
      rows.set(key, row);
    }
    return {
      counts: [...rows.values()].sort((a, b) =>
        a.countyCode === b.countyCode
          ? a.itemCode.localeCompare(b.itemCode)
          : a.countyCode.localeCompare(b.countyCode),
      ),
      asOf,
    };
  }
}
