import { Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { isEntitledToAnything } from '@care/catalogue';
import { addMonths, compareDates, isLocalDate, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import {
  DEPARTMENT_CHILDREN,
  DeliveriesService,
  DepartmentEntitlementsRepository,
  DepartmentProjection,
  serviceDepartmentScope,
  type DepartmentChildDocument,
} from '@care/department-kit';
import { failedPrecondition, invalidArgument, notFound, permissionDenied } from '@care/errors';
import {
  CHILD_HEALTH_SCHEDULE,
  childHealthStatus,
  sameVisit,
  validateVisit,
  type ChildHealthStatus,
  type CheckedVisit,
  type VisitInput,
  type VisitStatus,
} from '@care/health-rules';
import { decodeCursor, InjectModel, normalizePageSize } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import type { HealthInsuranceConfig } from '../config';
import { OVERDUE_SORT, overduePage } from '../immunisation/overdue-list';
import { rulesRefusal } from '../medical-insurance/refusal';
import { visitId, type ChildHealthVisitDocument } from './child-health-visit.schema';
import { ChildHealthVisitsRepository } from './child-health-visits.repository';
import { deliverOnce } from './deliver-once';

/** A child is listed while a visit can still be made: the last window closes at 42 months. */
const LAST_WINDOW_MONTHS = 42;

export interface ChildHealthView {
  readonly childId: string;
  readonly countyCode: string;
  readonly asOf: LocalDate;
  readonly edition: string;
  readonly managed: boolean;
  readonly managedOn: LocalDate | null;
  readonly nextDue: ChildHealthStatus['nextDue'];
  readonly counts: ChildHealthStatus['counts'];
  readonly maxDaysOverdue: number;
  readonly visits: readonly (VisitStatus & {
    readonly institutionCode: string | null;
    readonly results: readonly string[];
  })[];
}

export interface RecordVisitResult {
  readonly visit: CheckedVisit & { readonly childId: string; readonly recordedBy: string };
  /** The same visit was already recorded: nothing was stored. */
  readonly replay: boolean;
  /** The catalogue item (CHILD_HEALTH_ITEM_CODE) is recorded as delivered for the child. */
  readonly deliveryRecorded: boolean;
  readonly status: ChildHealthView;
}

export interface OverdueVisitRow {
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  /** The day the longest-overdue visit became overdue (the list's order; the field name is the shared overdue list's). */
  readonly mostOverdueDueOn: LocalDate;
  readonly maxDaysOverdue: number;
  /** On the key-care ledger (重点关爱): visit first. */
  readonly keyCare: boolean;
  readonly overdue: readonly Pick<
    VisitStatus,
    'visit' | 'nameZh' | 'overdueFrom' | 'lastDay' | 'daysOverdue'
  >[];
}

export interface OverdueVisitPage {
  readonly asOf: LocalDate;
  readonly items: readonly OverdueVisitRow[];
  readonly nextCursor?: string;
}

function checked(doc: ChildHealthVisitDocument): CheckedVisit {
  return { visit: doc.visit, date: doc.date, institutionCode: doc.institutionCode, results: doc.results };
}

/**
 * 0～3岁儿童健康管理 (市卫健委, 国家基本公共卫生服务规范（第三版）): the visits done for migrant
 * children (新生儿家庭访视, 满月, 3…36月龄), each child's done / due / overdue / missed visits, and
 * the county's list of children with a visit overdue. Once a child has the visits the schedule
 * counts as managed, the health-management item of the service list (CHILD_HEALTH_ITEM_CODE,
 * HZ-01) is recorded as delivered through the department kit, once. Birth date and county come
 * from the department's projection of the registry's events.
 */
@Injectable()
export class ChildHealthService {
  private readonly logger = new Logger('ChildHealth');

  constructor(
    private readonly visits: ChildHealthVisitsRepository,
    @InjectModel(DEPARTMENT_CHILDREN) private readonly children: Model<DepartmentChildDocument>,
    private readonly projection: DepartmentProjection,
    private readonly entitlements: DepartmentEntitlementsRepository,
    private readonly deliveries: DeliveriesService,
    @InjectConfig() private readonly config: HealthInsuranceConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async record(actor: Actor, childId: string, input: VisitInput): Promise<RecordVisitResult> {
    if (serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS) !== 'health')
      throw permissionDenied('只有卫生健康部门工作人员可以登记儿童健康管理访视');
    const child = await this.loadChild(actor, childId);
    const asOf = today(this.clock);
    let stored = await this.visits.forChild(childId);
    const result = validateVisit(input, {
      birthDate: child.facts.birthDate,
      asOf,
      recorded: stored.map(checked),
    });
    if (!result.ok) throw rulesRefusal(result.problems, '访视记录');
    const value = result.value;
    let replay = result.replay;
    let recordedBy = stored.find((d) => d.visit === value.visit)?.recordedBy ?? actor.userId;
    // A replay also re-runs the delivery below: a crash between the insert and the delivery
    // record is mended by the same request again.
    if (!replay) {
      const doc: ChildHealthVisitDocument = {
        _id: visitId(childId, value.visit),
        childId,
        ...value,
        results: [...value.results],
        countyCode: child.countyCode,
        recordedBy: actor.userId,
        recordedAt: this.clock.now(),
      };
      if (await this.visits.create(doc)) stored = [...stored, doc];
      else {
        // Another request recorded the visit meanwhile: the same visit is this replay, another is refused.
        stored = await this.visits.forChild(childId);
        const other = stored.find((d) => d.visit === value.visit);
        if (other === undefined || !sameVisit(checked(other), value))
          throw invalidArgument(
            'visit',
            '访视不重复',
            `字段 visit：该次访视已登记（访视日期 ${other?.date ?? '未知'}），不能重复登记不同的内容`,
          );
        replay = true;
        recordedBy = other.recordedBy;
      }
    }
    const status = childHealthStatus(child.facts.birthDate, stored.map(checked), asOf);
    const deliveryRecorded =
      status.managedOn !== null &&
      (await deliverOnce(
        { entitlements: this.entitlements, deliveries: this.deliveries, logger: this.logger },
        actor,
        { childId, itemCode: this.config.CHILD_HEALTH_ITEM_CODE, onDate: status.managedOn, today: asOf },
      ));
    this.logger.log({ msg: replay ? 'visit replayed' : 'visit recorded', visit: value.visit });
    return {
      visit: { ...value, childId, recordedBy },
      replay,
      deliveryRecorded,
      status: this.view(child, status, stored),
    };
  }

  async forChild(actor: Actor, childId: string): Promise<ChildHealthView> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const child = await this.loadChild(actor, childId);
    const stored = await this.visits.forChild(childId);
    return this.view(
      child,
      childHealthStatus(child.facts.birthDate, stored.map(checked), today(this.clock)),
      stored,
    );
  }

  /**
   * Migrant children of the actor's counties (or the one asked for) still living here with a
   * visit overdue that can still be made, the longest overdue first (then the child id). The
   * status moves with the calendar, so the list is computed on each request from the projection
   * and the visits and paged by a keyset cursor over that order.
   */
  async overdue(
    actor: Actor,
    query: { countyCode?: string; pageSize?: number; cursor?: string },
  ): Promise<OverdueVisitPage> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const counties = countiesInScope(actor, query.countyCode);
    normalizePageSize(query.pageSize);
    if (query.cursor !== undefined) decodeCursor(OVERDUE_SORT, query.cursor);
    const asOf = today(this.clock);
    const bornAfter = addMonths(asOf, -LAST_WINDOW_MONTHS);
    const candidates: DepartmentChildDocument[] = [];
    for (const countyCode of counties) {
      const docs = await this.children.find({ countyCode }).lean<DepartmentChildDocument[]>().exec();
      candidates.push(
        ...docs.filter(
          (c) =>
            isEntitledToAnything(c.facts) &&
            isLocalDate(c.facts.birthDate) &&
            compareDates(c.facts.birthDate, bornAfter) > 0 &&
            compareDates(c.facts.birthDate, asOf) <= 0,
        ),
      );
    }
    const done = await this.visits.byChild(candidates.map((c) => c._id));
    const rows: OverdueVisitRow[] = [];
    for (const child of candidates) {
      const status = childHealthStatus(child.facts.birthDate, (done.get(child._id) ?? []).map(checked), asOf);
      if (status.mostOverdueFrom === null) continue;
      rows.push({
        childId: child._id,
        countyCode: child.countyCode,
        townshipCode: child.townshipCode,
        mostOverdueDueOn: status.mostOverdueFrom,
        maxDaysOverdue: status.maxDaysOverdue,
        keyCare: false,
        overdue: status.visits
          .filter((v) => v.status === 'overdue')
          .map(({ visit, nameZh, overdueFrom, lastDay, daysOverdue }) => ({
            visit,
            nameZh,
            overdueFrom,
            lastDay,
            daysOverdue,
          })),
      });
    }
    const page = overduePage(rows, query);
    const onLedger = new Set(
      (await this.projection.keyCareOpen(page.items.map((r) => r.childId))).map((k) => k._id),
    );
    return {
      asOf,
      items: page.items.map((row) => ({ ...row, keyCare: onLedger.has(row.childId) })),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  private async loadChild(actor: Actor, childId: string): Promise<DepartmentChildDocument> {
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记在册的儿童', childId);
    assertCountyInScope(actor, child.countyCode);
    if (!isLocalDate(child.facts.birthDate))
      throw failedPrecondition('登记服务尚未提供该儿童的出生日期，不能按服务规范计算访视时间', {
        field: 'childId',
        rule: '须有出生日期',
      });
    return child;
  }

  private view(
    child: DepartmentChildDocument,
    status: ChildHealthStatus,
    stored: readonly ChildHealthVisitDocument[],
  ): ChildHealthView {
    const byVisit = new Map(stored.map((d) => [d.visit, d] as const));
    return {
      childId: child._id,
      countyCode: child.countyCode,
      asOf: status.asOf,
      edition: `${CHILD_HEALTH_SCHEDULE.title}`,
      managed: status.managed,
      managedOn: status.managedOn,
      nextDue: status.nextDue,
      counts: status.counts,
      maxDaysOverdue: status.maxDaysOverdue,
      visits: status.visits.map((v) => {
        const doc = v.status === 'done' ? byVisit.get(v.visit) : undefined;
        return { ...v, institutionCode: doc?.institutionCode ?? null, results: doc?.results ?? [] };
      }),
    };
  }
}
