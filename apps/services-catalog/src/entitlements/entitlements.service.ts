import { DEPARTMENTS, itemLabel, type DepartmentId, type ListRef } from '@care/catalogue';
import { compareDates, daysBetween, isLocalDate, type LocalDate, today } from '@care/child-rules';
import { assertCountyInScope, type Actor } from '@care/access';
import { InjectConfig } from '@care/config';
import { conflict, failedPrecondition, invalidArgument, notFound, permissionDenied } from '@care/errors';
import { Injectable } from '@nestjs/common';
import { accessCountyOf, assertOwnDepartment, departmentScope } from '../access/catalogue-permissions';
import { InjectClock, type Clock } from '@care/service-kit';
import type { ServicesCatalogConfig } from '../config';
import { ChildEntitlementsRepository } from './child-entitlements.repository';
import type { ChildEntitlementsDocument } from './child-entitlements.schema';
import { isServed, openDepartmentsOf, type DeliveryRecord, type EntitlementRecord } from './entitlement-plan';

/** One entitlement as the UI and gRPC callers see it. */
export interface EntitlementView {
  readonly itemCode: string;
  readonly itemName: string;
  readonly area: string;
  readonly departments: readonly DepartmentId[];
  readonly departmentNames: readonly string[];
  readonly grantedAt: string;
  readonly grantedOn: LocalDate;
  readonly listVersion: number;
  readonly deliveries: readonly DeliveryRecord[];
  /** The first delivery's date; null while no responsible department has served the item. */
  readonly servedOn: LocalDate | null;
  /** Days since the grant while unserved (the gap's length), else null. */
  readonly daysOpen: number | null;
}

export interface ChildEntitlementsView {
  readonly childId: string;
  readonly countyCode: string;
  readonly factsVersion: number;
  readonly list: ListRef | null;
  readonly asOf: LocalDate;
  readonly entitlements: readonly EntitlementView[];
}

export interface DeliveryInput {
  readonly itemCode: string;
  readonly department: DepartmentId;
  readonly deliveredOn: LocalDate;
}

/** A department service's delivery record, as its event carries it (common.v1.ServiceDeliveryRecorded). */
export interface DepartmentDeliveryRecord {
  readonly deliveryId: string;
  readonly revision: number;
  readonly childId: string;
  readonly itemCode: string;
  readonly department: DepartmentId;
  /** Only `delivered` closes the gap; a record revised to refused or pending reopens it. */
  readonly delivered: boolean;
  readonly onDate: LocalDate;
  readonly recordedAt: string;
}

/** What became of a department's delivery record here. */
export type DeliveryApplication = 'applied' | 'unchanged' | 'not-entitled';

const MAX_WRITE_ATTEMPTS = 5;

export function servedOn(record: Pick<EntitlementRecord, 'deliveries'>): LocalDate | null {
  return record.deliveries.reduce<LocalDate | null>(
    (first, d) => (first === null || compareDates(d.deliveredOn, first) < 0 ? d.deliveredOn : first),
    null,
  );
}

export function toEntitlementView(record: EntitlementRecord, asOf: LocalDate): EntitlementView {
  return {
    itemCode: record.itemCode,
    itemName: record.itemName,
    area: record.area,
    departments: record.departments,
    departmentNames: record.departments.map((d) => DEPARTMENTS[d].nameZh),
    grantedAt: record.grantedAt,
    grantedOn: record.grantedOn,
    listVersion: record.list.version,
    deliveries: record.deliveries,
    servedOn: servedOn(record),
    daysOpen: isServed(record) ? null : Math.max(0, daysBetween(record.grantedOn, asOf)),
  };
}

/**
 * A child's entitlements, and the deliveries departments record against them. The `actor`
 * methods are the REST use cases (county and department scoping, see catalogue-permissions.ts);
 * `forChild` without an actor serves trusted service-to-service gRPC.
 */
@Injectable()
export class EntitlementsService {
  constructor(
    private readonly repository: ChildEntitlementsRepository,
    @InjectClock() private readonly clock: Clock,
    @InjectConfig() private readonly config: ServicesCatalogConfig,
  ) {}

  /** Only the items of `department` when given (a department officer's view). */
  private view(doc: ChildEntitlementsDocument, department?: DepartmentId): ChildEntitlementsView {
    const asOf = today(this.clock);
    const items =
      department === undefined ? doc.items : doc.items.filter((i) => i.departments.includes(department));
    return {
      childId: doc._id,
      countyCode: doc.countyCode,
      factsVersion: doc.factsVersion,
      list: doc.list,
      asOf,
      entitlements: items.map((record) => toEntitlementView(record, asOf)),
    };
  }

  private async load(childId: string, actor?: Actor): Promise<ChildEntitlementsDocument> {
    const doc = await this.repository.findById(childId);
    if (doc === null) throw notFound('儿童服务权益', childId);
    if (actor !== undefined)
      assertCountyInScope(actor, accessCountyOf(doc.countyCode, this.config.CITY_CODE));
    return doc;
  }

  /** With an actor: only a child of the actor's counties, only its department's items for a department officer. */
  async forChild(childId: string, actor?: Actor): Promise<ChildEntitlementsView> {
    const department = actor === undefined ? undefined : departmentScope(actor);
    return this.view(await this.load(childId, actor), department);
  }

  /**
   * Records that a department served the child an item. Only an item the child is owed, by one
   * of its responsible departments, on a day that has come; the same report twice is one. The
   * actor must cover the child's county; a department officer records only for its own
   * department and the items that department is responsible for (civil-affairs staff record
   * for any responsible department).
   */
  async recordDelivery(actor: Actor, childId: string, input: DeliveryInput): Promise<ChildEntitlementsView> {
    const own = departmentScope(actor);
    assertOwnDepartment(own, input.department);
    const day = today(this.clock);
    if (!isLocalDate(input.deliveredOn))
      throw invalidArgument('deliveredOn', '日期格式', `服务日期须为 YYYY-MM-DD 日期：${input.deliveredOn}`);
    if (compareDates(input.deliveredOn, day) > 0)
      throw invalidArgument('deliveredOn', '不晚于今日', `服务日期 ${input.deliveredOn} 不能晚于今日 ${day}`);
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const doc = await this.load(childId, actor);
      const item = doc.items.find((i) => i.itemCode === input.itemCode);
      if (item === undefined) {
        throw failedPrecondition(`该儿童当前不享有服务项目 ${input.itemCode}，不能登记服务`, {
          field: 'itemCode',
          rule: '须为儿童享有的服务项目',
        });
      }
      if (own !== undefined && !item.departments.includes(own)) {
        throw permissionDenied(
          `${DEPARTMENTS[own].nameZh}不是服务项目${itemLabel({ code: item.itemCode, name: item.itemName })}的责任部门：部门工作人员只能登记本部门负责项目的服务`,
          { itemCode: item.itemCode, department: own },
        );
      }
      if (!item.departments.includes(input.department)) {
        throw failedPrecondition(
          `${DEPARTMENTS[input.department].nameZh}不是服务项目${itemLabel({ code: item.itemCode, name: item.itemName })}的责任部门`,
          {
            field: 'department',
            rule: '须为该项目的责任部门',
          },
        );
      }
      if (
        item.deliveries.some((d) => d.department === input.department && d.deliveredOn === input.deliveredOn)
      )
        return this.view(doc, own);
      const delivery: DeliveryRecord = {
        department: input.department,
        deliveredOn: input.deliveredOn,
        recordedAt: this.clock.now().toISOString(),
      };
      const items = doc.items.map((i) =>
        i.itemCode === input.itemCode ? { ...i, deliveries: [...i.deliveries, delivery] } : i,
      );
      const change = {
        items,
        openDepartments: openDepartmentsOf(items),
        openCount: items.filter((i) => !isServed(i)).length,
      };
      if (await this.repository.update({ childId, rev: doc.rev, change, events: [] }, this.clock.now())) {
        return this.view({ ...doc, ...change }, own);
      }
    }
    throw conflict('登记服务时发生并发冲突，请重试');
  }

  /**
   * Applies a department service's delivery record (its events, trusted: the department
   * service checked its staff's scope). Idempotent per record id and revision: a redelivered or
   * older revision changes nothing; a record revised away from delivered removes its delivery
   * (the gap reopens). A record for an item the child is no longer owed is ignored.
   */
  async applyDepartmentDelivery(record: DepartmentDeliveryRecord): Promise<DeliveryApplication> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const doc = await this.repository.findById(record.childId);
      if (doc === null) throw notFound('儿童服务权益', record.childId);
      const item = doc.items.find((i) => i.itemCode === record.itemCode);
      if (item === undefined) return 'not-entitled';
      if (!item.departments.includes(record.department)) {
        throw failedPrecondition(
          `${DEPARTMENTS[record.department].nameZh}不是服务项目${itemLabel({ code: item.itemCode, name: item.itemName })}的责任部门`,
          { field: 'department', rule: '须为该项目的责任部门' },
        );
      }
      const existing = item.deliveries.find((d) => d.deliveryId === record.deliveryId);
      if (existing !== undefined && (existing.revision ?? 0) >= record.revision) return 'unchanged';
      if (existing === undefined && !record.delivered) return 'unchanged';
      const others = item.deliveries.filter((d) => d.deliveryId !== record.deliveryId);
      const deliveries: DeliveryRecord[] = record.delivered
        ? [
            ...others,
            {
              department: record.department,
              deliveredOn: record.onDate,
              recordedAt: record.recordedAt,
              deliveryId: record.deliveryId,
              revision: record.revision,
            },
          ]
        : others;
      const items = doc.items.map((i) => (i.itemCode === record.itemCode ? { ...i, deliveries } : i));
      const change = {
        items,
        openDepartments: openDepartmentsOf(items),
        openCount: items.filter((i) => !isServed(i)).length,
      };
      if (
        await this.repository.update(
          { childId: record.childId, rev: doc.rev, change, events: [] },
          this.clock.now(),
        )
      )
        return 'applied';
    }
    throw conflict('登记服务时发生并发冲突，请重试');
  }
}
