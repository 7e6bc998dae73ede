import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { DEPARTMENTS, type DepartmentId } from '@care/catalogue';
import { compareDates, isLocalDate, today, type LocalDate } from '@care/child-rules';
import { actorCoversCounty, assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { InjectConfig } from '@care/config';
import { common, type EventType } from '@care/contracts';
import { ConsumerRegistry, outboxEntry } from '@care/events';
import {
  conflict,
  failedPrecondition,
  invalidArgument,
  notFound,
  permissionDenied,
  type DomainError,
} from '@care/errors';
import { InjectClock, type Clock, type ServiceKitConfig } from '@care/service-kit';
import { serviceDepartmentScope } from './department-access';
import type { DepartmentConfig } from './department-config';
import { DepartmentEntitlementsRepository } from './entitlements.repository';
import { recordOutcome, type OutcomeInput } from './entitlement-state';
import { DepartmentProjection, stateOf } from './projection.service';
import type { DeliveryOutcomeId, DeliveryState, DepartmentEntitlementDocument } from './projection.schema';
import { InjectDeliveryEvent } from './tokens';
import { daysOverdue } from './worklist-rules';

export interface WorklistEntry {
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly itemCode: string;
  /** The item's name (服务项目名称) as granted; '' when the grant did not carry it. */
  readonly itemName: string;
  readonly departments: readonly DepartmentId[];
  readonly grantedOn: LocalDate;
  readonly dueOn: LocalDate;
  readonly daysOverdue: number;
  readonly overdue: boolean;
  /** On the key-care ledger (重点关爱): visit and serve first. */
  readonly keyCare: boolean;
  /** A pending record (办理中), if the department started. */
  readonly pending: DeliveryState | null;
}

export interface WorklistPage {
  readonly asOf: LocalDate;
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly WorklistEntry[];
}

export interface EntitlementView {
  readonly childId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly countyCode: string;
  readonly departments: readonly DepartmentId[];
  readonly granted: boolean;
  readonly open: boolean;
  readonly closedBy: string | null;
  readonly grantedOn: LocalDate;
  readonly dueOn: LocalDate;
  readonly delivery: DeliveryState | null;
  readonly history: readonly DeliveryState[];
}

export interface RecordDeliveryInput {
  readonly childId: string;
  readonly itemCode: string;
  readonly outcome: DeliveryOutcomeId;
  readonly onDate: string;
  readonly reason?: string;
}

const OUTCOME_TO_PROTO: Readonly<Record<DeliveryOutcomeId, common.DeliveryOutcome>> = {
  delivered: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
  refused: common.DeliveryOutcome.DELIVERY_OUTCOME_REFUSED,
  pending: common.DeliveryOutcome.DELIVERY_OUTCOME_PENDING,
};

const MAX_WRITE_ATTEMPTS = 5;

function view(doc: DepartmentEntitlementDocument): EntitlementView {
  return {
    childId: doc.childId,
    itemCode: doc.itemCode,
    itemName: doc.itemName ?? '',
    countyCode: doc.countyCode,
    departments: doc.departments,
    granted: doc.granted,
    open: doc.open,
    closedBy: doc.closedBy,
    grantedOn: doc.grantedOn,
    dueOn: doc.dueOn,
    delivery: doc.delivery,
    history: doc.history,
  };
}

/**
 * The department's use cases on what children are owed: the worklist of its county (entitled,
 * nothing delivered yet, overdue first) and the record of each delivery (delivered, refused
 * with a reason, pending), published on the department's delivery topic so the catalogue
 * closes the child's gap.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly repository: DepartmentEntitlementsRepository,
    private readonly projection: DepartmentProjection,
    private readonly relays: ConsumerRegistry,
    @InjectConfig() private readonly config: DepartmentConfig & ServiceKitConfig,
    @InjectClock() private readonly clock: Clock,
    @InjectDeliveryEvent() private readonly deliveryEvent: EventType<common.ServiceDeliveryRecorded>,
  ) {}

  async worklist(
    actor: Actor,
    query: { countyCode?: string; itemCode?: string; overdueOnly?: boolean; offset?: number; limit?: number },
  ): Promise<WorklistPage> {
    const department = serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const asOf = today(this.clock);
    const offset = query.offset ?? 0;
    const { total, rows } = await this.repository.worklist(
      {
        countyCodes: countiesInScope(actor, query.countyCode),
        department,
        itemCode: query.itemCode,
        dueBefore: query.overdueOnly === true ? asOf : undefined,
      },
      offset,
      query.limit ?? 50,
    );
    const childIds = [...new Set(rows.map((r) => r.childId))];
    const [children, keyCare] = await Promise.all([
      this.projection.childrenByIds(childIds),
      this.projection.keyCareOpen(childIds),
    ]);
    const townships = new Map(children.map((c) => [c._id, c.townshipCode] as const));
    const onLedger = new Set(keyCare.map((k) => k._id));
    return {
      asOf,
      total,
      offset,
      rows: rows.map((r) => {
        const late = daysOverdue(r.dueOn, asOf);
        return {
          childId: r.childId,
          countyCode: r.countyCode,
          townshipCode: townships.get(r.childId) ?? '',
          itemCode: r.itemCode,
          itemName: r.itemName ?? '',
          departments: r.departments,
          grantedOn: r.grantedOn,
          dueOn: r.dueOn,
          daysOverdue: late,
          overdue: late > 0,
          keyCare: onLedger.has(r.childId),
          pending: r.delivery?.outcome === 'pending' ? r.delivery : null,
        };
      }),
    };
  }

  /** What this department's items are for one child (within the actor's counties). */
  async forChild(actor: Actor, childId: string): Promise<EntitlementView[]> {
    const department = serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const docs = await this.repository.forChild(childId);
    if (docs.length === 0) throw notFound('儿童的本部门服务权益', childId);
    assertCountyInScope(actor, docs[0].countyCode);
    return docs.filter((d) => department === undefined || d.departments.includes(department)).map(view);
  }

  /**
   * Why the actor's department may not record this item for the child now (no entitlement, a
   * county or item not its own, withdrawn or moved out), or undefined when it may.
   */
  refusal(
    actor: Actor,
    department: DepartmentId,
    input: Pick<RecordDeliveryInput, 'childId' | 'itemCode'>,
    doc: DepartmentEntitlementDocument | null,
  ): DomainError | undefined {
    if (doc === null) return notFound('儿童的本部门服务权益', `${input.childId} ${input.itemCode}`);
    if (!actorCoversCounty(actor, doc.countyCode))
      return permissionDenied(`无权登记区县 ${doc.countyCode} 的儿童：不在本人负责的区县范围内`, {
        countyCode: doc.countyCode,
      });
    if (!doc.departments.includes(department))
      return permissionDenied(`${DEPARTMENTS[department].nameZh}不是服务项目 ${doc.itemCode} 的责任部门`, {
        itemCode: doc.itemCode,
      });
    if (!doc.granted || doc.closedBy !== null)
      return failedPrecondition(
        doc.closedBy === 'moved-out'
          ? `该儿童已迁出，服务项目 ${doc.itemCode} 不再需要登记`
          : `该儿童当前不享有服务项目 ${doc.itemCode}（权益已撤销），不能登记服务`,
        { field: 'itemCode', rule: '须为儿童当前享有的服务项目' },
      );
    return undefined;
  }

  /**
   * Records what became of an entitled item. The actor is a department officer of a
   * responsible department covering the child's county; the item must be owed now; a refusal
   * needs a reason; the date has come. The same record twice is one; a change is a new revision.
   */
  async record(actor: Actor, input: RecordDeliveryInput): Promise<EntitlementView> {
    const department = serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    if (department === undefined) throw permissionDenied('只有责任部门工作人员可以登记服务');
    const day = today(this.clock);
    if (!isLocalDate(input.onDate))
      throw invalidArgument('onDate', '日期格式', `服务日期须为 YYYY-MM-DD 日期：${input.onDate}`);
    if (compareDates(input.onDate, day) > 0)
      throw invalidArgument('onDate', '不晚于今日', `服务日期 ${input.onDate} 不能晚于今日 ${day}`);
    const reason = (input.reason ?? '').normalize('NFKC').trim();
    if (input.outcome === 'refused' && reason === '')
      throw invalidArgument('reason', '拒绝须说明原因', '登记为"拒绝/不需要"时须填写原因（reason）');
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const doc = await this.repository.find(input.childId, input.itemCode);
      const refusal = this.refusal(actor, department, input, doc);
      if (refusal !== undefined) throw refusal;
      if (doc === null) throw new Error('unreachable: refusal covers a missing entitlement');
      const outcome: OutcomeInput = {
        outcome: input.outcome,
        onDate: input.onDate,
        reason,
        recordedBy: actor.userId,
        recordedAt: this.clock.now().toISOString(),
      };
      const change = recordOutcome(stateOf(doc), outcome, ulid);
      if (change === null) return view(doc);
      const event = outboxEntry(
        this.deliveryEvent,
        doc.childId,
        {
          deliveryId: change.delivery.deliveryId,
          childId: doc.childId,
          countyCode: doc.countyCode,
          itemCode: doc.itemCode,
          department: DEPARTMENTS[department].protoNumber as common.Department,
          outcome: OUTCOME_TO_PROTO[change.delivery.outcome],
          reason: change.delivery.reason,
          onDate: change.delivery.onDate,
          recordedAt: change.delivery.recordedAt,
          revision: change.delivery.revision,
        },
        this.config.SERVICE_NAME,
      );
      if (await this.repository.update(doc._id, doc.rev, change.state, [event], this.clock.now())) {
        this.relays.nudgeRelays();
        return view({ ...doc, ...change.state });
      }
    }
    throw conflict('登记服务时发生并发冲突，请重试');
  }
}
