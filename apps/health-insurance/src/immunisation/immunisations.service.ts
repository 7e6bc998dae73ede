import { Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { isEntitledToAnything } from '@care/catalogue';
import { compareDates, isLocalDate, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import {
  DEPARTMENT_CHILDREN,
  DeliveriesService,
  DepartmentEntitlementsRepository,
  DepartmentProjection,
  serviceDepartmentScope,
  type DepartmentChildDocument,
} from '@care/department-kit';
import { DomainError, failedPrecondition, invalidArgument, notFound, permissionDenied } from '@care/errors';
import {
  immunisationStatus,
  validateDose,
  type DoseInput,
  type DoseStatus,
  type GivenDose,
  type ImmunisationPolicy,
  type ImmunisationStatus,
} from '@care/health-rules';
import { decodeCursor, InjectModel, isDuplicateKey, normalizePageSize } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import type { HealthInsuranceConfig } from '../config';
import { doseId, IMMUNISATION_DOSES, type ImmunisationDoseDocument } from './immunisation-dose.schema';
import { doseRefusal, OVERDUE_SORT, overduePage } from './overdue-list';

/** Ids per `$in` query: FerretDB v1 evaluates `$in` after a scan, so keep the lists short. */
const ID_CHUNK = 200;

export interface ChildImmunisationView {
  readonly childId: string;
  readonly countyCode: string;
  readonly asOf: LocalDate;
  readonly edition: string;
  readonly policy: ImmunisationPolicy;
  /** Every dose due up to today is given. */
  readonly upToDate: boolean;
  readonly nextDue: ImmunisationStatus['nextDue'];
  readonly counts: ImmunisationStatus['counts'];
  readonly maxDaysOverdue: number;
  readonly doses: readonly DoseStatus[];
}

export interface RecordDoseResult {
  readonly dose: { childId: string; vaccine: string; dose: number; date: LocalDate; recordedBy: string };
  /** The same dose was already recorded: nothing was stored. */
  readonly replay: boolean;
  /** The catalogue item (IMMUNISATION_ITEM_CODE) is recorded as delivered for the child. */
  readonly deliveryRecorded: boolean;
  readonly status: ChildImmunisationView;
}

export interface OverdueRow {
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly mostOverdueDueOn: LocalDate;
  readonly maxDaysOverdue: number;
  readonly overdueCount: number;
  /** On the key-care ledger (重点关爱): visit first. */
  readonly keyCare: boolean;
  readonly overdue: readonly Pick<DoseStatus, 'vaccine' | 'dose' | 'label' | 'dueOn' | 'daysOverdue'>[];
}

export interface OverduePage {
  readonly asOf: LocalDate;
  readonly items: readonly OverdueRow[];
  /** Absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * 预防接种 (市卫健委): the doses given to migrant children, each child's status against the
 * national schedule (2021 edition) and the list of children with overdue doses (补种). When a
 * child has every dose due so far, the service item of the immunisation programme is recorded
 * as delivered in the department's records (the catalogue closes the child's gap). Children's
 * facts (birth date, county) come from the department's projection of the registry's events.
 */
@Injectable()
export class ImmunisationsService {
  private readonly logger = new Logger('Immunisations');
  private readonly policy: ImmunisationPolicy;

  constructor(
    @InjectModel(IMMUNISATION_DOSES) private readonly doses: Model<ImmunisationDoseDocument>,
    @InjectModel(DEPARTMENT_CHILDREN) private readonly children: Model<DepartmentChildDocument>,
    private readonly projection: DepartmentProjection,
    private readonly entitlements: DepartmentEntitlementsRepository,
    private readonly deliveries: DeliveriesService,
    @InjectConfig() private readonly config: HealthInsuranceConfig,
    @InjectClock() private readonly clock: Clock,
  ) {
    this.policy = {
      infantGraceMonths: config.IMMUNISATION_GRACE_MONTHS_INFANT,
      childGraceMonths: config.IMMUNISATION_GRACE_MONTHS_CHILD,
    };
  }

  async record(actor: Actor, childId: string, input: DoseInput): Promise<RecordDoseResult> {
    if (serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS) !== 'health')
      throw permissionDenied('只有卫生健康部门工作人员可以登记预防接种');
    const child = await this.loadChild(actor, childId);
    const asOf = today(this.clock);
    let given = await this.given(childId);
    const checked = validateDose(input, { birthDate: child.facts.birthDate, asOf, given });
    if (!checked.ok) throw doseRefusal(checked.problems);
    const { vaccine, dose, date } = checked.value;
    let replay = checked.replay;
    let recordedBy = actor.userId;
    // A replay also re-runs the delivery step below: a crash between the insert and the
    // delivery record is mended by the same request again.
    if (replay) recordedBy = (await this.stored(childId, vaccine, dose))?.recordedBy ?? recordedBy;
    else {
      const doc: ImmunisationDoseDocument = {
        _id: doseId(childId, vaccine, dose),
        childId,
        vaccine,
        dose,
        date,
        countyCode: child.countyCode,
        recordedBy,
        recordedAt: this.clock.now(),
      };
      try {
        await this.doses.collection.insertOne(doc as never);
        given = [...given, { vaccine, dose, date }];
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another request recorded the dose meanwhile: the same date is this replay, another is refused.
        const stored = await this.stored(childId, vaccine, dose);
        if (stored === null || stored.date !== date)
          throw invalidArgument(
            'dose',
            '剂次不重复',
            `字段 dose：该剂次已登记（接种日期 ${stored?.date ?? '未知'}），不能重复登记`,
          );
        replay = true;
        recordedBy = stored.recordedBy;
        given = await this.given(childId);
      }
    }
    const status = immunisationStatus(child.facts.birthDate, given, asOf, this.policy);
    const deliveryRecorded = await this.ensureDelivery(actor, childId, status);
    this.logger.log({ msg: replay ? 'dose replayed' : 'dose recorded', childId, vaccine, dose });
    return {
      dose: { childId, vaccine, dose, date, recordedBy },
      replay,
      deliveryRecorded,
      status: this.view(child, status),
    };
  }

  async forChild(actor: Actor, childId: string): Promise<ChildImmunisationView> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const child = await this.loadChild(actor, childId);
    const status = immunisationStatus(
      child.facts.birthDate,
      await this.given(childId),
      today(this.clock),
      this.policy,
    );
    return this.view(child, status);
  }

  /**
   * Children of the actor's counties (or the one asked for) with an overdue dose, the longest
   * overdue first (the due date of the most overdue dose; then the child id). The status moves
   * with the calendar, so the list is computed from the projection and the doses on each
   * request and paged by a keyset cursor over that order.
   */
  async overdue(
    actor: Actor,
    query: { countyCode?: string; pageSize?: number; cursor?: string },
  ): Promise<OverduePage> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const counties = countiesInScope(actor, query.countyCode);
    // A bad page request fails before the county is scanned.
    normalizePageSize(query.pageSize);
    if (query.cursor !== undefined) decodeCursor(OVERDUE_SORT, query.cursor);
    const asOf = today(this.clock);
    const candidates: DepartmentChildDocument[] = [];
    for (const countyCode of counties) {
      const docs = await this.children.find({ countyCode }).lean<DepartmentChildDocument[]>().exec();
      candidates.push(
        ...docs.filter(
          (c) =>
            isEntitledToAnything(c.facts) &&
            isLocalDate(c.facts.birthDate) &&
            compareDates(c.facts.birthDate, asOf) <= 0,
        ),
      );
    }
    const given = await this.givenByChild(candidates.map((c) => c._id));
    const rows: (OverdueRow & { status: ImmunisationStatus })[] = [];
    for (const child of candidates) {
      const status = immunisationStatus(child.facts.birthDate, given.get(child._id) ?? [], asOf, this.policy);
      if (status.mostOverdueDueOn === null) continue;
      const overdue = status.doses
        .filter((d) => d.status === 'overdue')
        .sort((a, b) => compareDates(a.dueOn, b.dueOn));
      rows.push({
        childId: child._id,
        countyCode: child.countyCode,
        townshipCode: child.townshipCode,
        mostOverdueDueOn: status.mostOverdueDueOn,
        maxDaysOverdue: status.maxDaysOverdue,
        overdueCount: overdue.length,
        keyCare: false,
        overdue: overdue.map(({ vaccine, dose, label, dueOn, daysOverdue }) => ({
          vaccine,
          dose,
          label,
          dueOn,
          daysOverdue,
        })),
        status,
      });
    }
    const page = overduePage(rows, query);
    const onLedger = new Set(
      (await this.projection.keyCareOpen(page.items.map((r) => r.childId))).map((k) => k._id),
    );
    return {
      asOf,
      items: page.items.map(({ status: _status, ...row }) => ({
        ...row,
        keyCare: onLedger.has(row.childId),
      })),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  private async loadChild(actor: Actor, childId: string): Promise<DepartmentChildDocument> {
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记在册的儿童', childId);
    assertCountyInScope(actor, child.countyCode);
    if (!isLocalDate(child.facts.birthDate))
      throw failedPrecondition('登记服务尚未提供该儿童的出生日期，不能按免疫程序计算', {
        field: 'childId',
        rule: '须有出生日期',
      });
    return child;
  }

  private stored(childId: string, vaccine: string, dose: number): Promise<ImmunisationDoseDocument | null> {
    return this.doses
      .findById(doseId(childId, vaccine, dose))
      .lean<ImmunisationDoseDocument>()
      .exec();
  }

  private async given(childId: string): Promise<GivenDose[]> {
    const docs = await this.doses.find({ childId }).lean<ImmunisationDoseDocument[]>().exec();
    return docs.map((d) => ({ vaccine: d.vaccine, dose: d.dose, date: d.date }));
  }

  private async givenByChild(childIds: readonly string[]): Promise<Map<string, GivenDose[]>> {
    const out = new Map<string, GivenDose[]>();
    for (let i = 0; i < childIds.length; i += ID_CHUNK) {
      const chunk = childIds.slice(i, i + ID_CHUNK);
      const docs = await this.doses
        .find({ childId: { $in: chunk } })
        .lean<ImmunisationDoseDocument[]>()
        .exec();
      for (const d of docs)
        out.set(d.childId, [
          ...(out.get(d.childId) ?? []),
          { vaccine: d.vaccine, dose: d.dose, date: d.date },
        ]);
    }
    return out;
  }

  /**
   * Records the immunisation item as delivered once the child is up to date (every dose due
   * so far given), dated on the latest dose given. Once only: an entitlement already delivered
   * is left alone (later doses are the programme going on, not a new delivery). A child the
   * catalogue has not granted the item to (over the item's age, not a migrant child) keeps
   * `deliveryRecorded: false`: the doses stand, there is no gap to close.
   */
  private async ensureDelivery(actor: Actor, childId: string, status: ImmunisationStatus): Promise<boolean> {
    const itemCode = this.config.IMMUNISATION_ITEM_CODE;
    const entitlement = await this.entitlements.find(childId, itemCode);
    if (entitlement === null || !entitlement.granted || entitlement.closedBy !== null) return false;
    if (entitlement.delivery?.outcome === 'delivered') return true;
    if (!status.upToDate || status.counts.given === 0) return false;
    const onDate = status.doses
      .map((d) => d.givenOn)
      .filter((d): d is LocalDate => d !== null)
      .reduce((a, b) => (compareDates(a, b) >= 0 ? a : b));
    try {
      await this.deliveries.record(actor, { childId, itemCode, outcome: 'delivered', onDate });
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'not-found' || error.code === 'failed-precondition')
      ) {
        this.logger.log({
          msg: 'immunisations up to date; the child has no open immunisation entitlement',
          childId,
        });
        return false;
      }
      throw error;
    }
    return true;
  }

  private view(child: DepartmentChildDocument, status: ImmunisationStatus): ChildImmunisationView {
    return {
      childId: child._id,
      countyCode: child.countyCode,
      asOf: status.asOf,
      edition: status.edition,
      policy: this.policy,
      upToDate: status.upToDate,
      nextDue: status.nextDue,
      counts: status.counts,
      maxDaysOverdue: status.maxDaysOverdue,
      doses: status.doses,
    };
  }
}
