import { Injectable, Logger } from '@nestjs/common';
import { assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { compareDates, parseLocalDate, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import {
  DeliveriesService,
  DepartmentEntitlementsRepository,
  DepartmentProjection,
  serviceDepartmentScope,
  type DepartmentChildDocument,
} from '@care/department-kit';
import { DomainError, conflict, invalidArgument, notFound, permissionDenied } from '@care/errors';
import {
  checkEnrolment,
  checkEnrolmentStep,
  checkSettlementFiling,
  contributionText,
  effectiveEnrolmentState,
  enrolmentPeriodOn,
  enrolmentPeriodText,
  ENROLMENT_STATE_LABELS,
  ENROLMENT_TRANSITIONS,
  HUKOU_ENROLMENT_LABELS,
  MEDICAL_INSURANCE_STANDARD,
  RESIDENCE_BASIS_LABELS,
  SETTLEMENT_FILING_STATUS_LABELS,
  SETTLEMENT_FILING_TYPE_LABELS,
  settlementFilingStatus,
  yearCoverage,
  YEAR_COVERAGE_LABELS,
  type Contribution,
  type EffectiveEnrolmentState,
  type EnrolmentAction,
  type EnrolmentState,
  type SettlementFilingStatus,
  type SettlementFilingType,
  type YearCoverage,
} from '@care/health-rules';
import { InjectClock, type Clock } from '@care/service-kit';
import type { HealthInsuranceConfig } from '../config';
import {
  enrolmentId,
  enrolmentStepId,
  type EnrolmentApplication,
  type EnrolmentChange,
  type MedicalInsuranceEnrolmentDocument,
  type MedicalInsuranceStepDocument,
} from './enrolment.schema';
import {
  EnrolmentsRepository,
  EnrolmentStepsRepository,
  SettlementFilingsRepository,
} from './medical-insurance.repositories';
import { rulesRefusal } from './refusal';
import { settlementFilingId, type SettlementFilingDocument } from './settlement-filing.schema';

export interface ApplyEnrolmentInput {
  readonly childId: string;
  readonly residencePermit: boolean;
  readonly migrantWorkerChild: boolean;
  readonly hukouEnrolment: string;
  readonly hukouStopDate?: string;
  readonly severeDisability?: boolean;
  readonly coverageYear?: number;
  /** Default today. */
  readonly appliedOn?: string;
}

export interface EnrolmentActionInput {
  readonly action: EnrolmentAction;
  /** The revision the officer saw: a step on a changed enrolment is refused (409). */
  readonly revision: number;
  /** Default today. */
  readonly on?: string;
  readonly reason?: string;
}

export interface RecordFilingInput {
  readonly childId: string;
  readonly type: string;
  readonly insuredRegionCode: string;
  readonly startDate: string;
  readonly validUntil: string;
}

export interface EnrolmentStepView {
  readonly seq: number;
  readonly action: EnrolmentAction | 'apply';
  readonly actionLabel: string;
  readonly from: EnrolmentState | null;
  readonly to: EnrolmentState;
  readonly on: LocalDate;
  readonly reason: string;
  readonly userId: string;
  readonly department: string;
  readonly recordedAt: string;
}

export interface EnrolmentView {
  readonly childId: string;
  readonly countyCode: string;
  readonly coverageYear: number;
  readonly coverageStart: LocalDate;
  readonly coverageEnd: LocalDate;
  /** As of today: `lapsed` / `renewed` once the year has ended. */
  readonly state: EffectiveEnrolmentState;
  readonly stateLabel: string;
  readonly application: EnrolmentApplication & {
    readonly basisLabels: readonly string[];
    readonly hukouEnrolmentLabel: string;
  };
  readonly contribution: Contribution & { readonly text: string };
  readonly enrolledOn: LocalDate | null;
  readonly closedOn: LocalDate | null;
  readonly reason: string;
  readonly revision: number;
  readonly steps: readonly EnrolmentStepView[];
  readonly availableActions: readonly { readonly action: EnrolmentAction; readonly label: string }[];
}

export interface EnrolmentResult {
  readonly enrolment: EnrolmentView;
  /** The same application or step was already recorded: nothing was written. */
  readonly replay: boolean;
  /** The catalogue item (MEDICAL_INSURANCE_ITEM_CODE) is recorded as delivered for the child. */
  readonly deliveryRecorded: boolean;
}

export interface SettlementFilingView {
  readonly id: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly type: SettlementFilingType;
  readonly typeLabel: string;
  readonly insuredRegionCode: string;
  readonly startDate: LocalDate;
  readonly validUntil: LocalDate;
  readonly status: SettlementFilingStatus;
  readonly statusLabel: string;
  readonly daysLeft: number;
  readonly recordedBy: string;
}

export interface SettlementFilingResult {
  readonly filing: SettlementFilingView;
  readonly replay: boolean;
  readonly deliveryRecorded: boolean;
}

export interface SettlementFilingPage {
  readonly asOf: LocalDate;
  readonly countyCode: string;
  readonly items: readonly SettlementFilingView[];
  readonly nextCursor?: string;
}

export interface ChildMedicalInsuranceStatus {
  readonly childId: string;
  readonly countyCode: string;
  readonly asOf: LocalDate;
  /** The child's insurance here in the current calendar year. */
  readonly year: number;
  readonly coverage: YearCoverage;
  readonly coverageLabel: string;
  /** Insured for today (an enrolment of this year in force). */
  readonly insuredToday: boolean;
  readonly enrolmentPeriod: {
    readonly text: string;
    readonly open: boolean;
    readonly opensOn: LocalDate;
    readonly closesOn: LocalDate;
    readonly coverageYear: number;
  };
  readonly standard: { readonly title: string; readonly demo: boolean };
  readonly enrolments: readonly Omit<EnrolmentView, 'steps' | 'availableActions'>[];
  /** 异地就医备案 not yet expired. */
  readonly settlementFilings: readonly SettlementFilingView[];
}

const SETTLEMENT_FILING_SUMMARY = '异地就医备案';

/**
 * 城乡居民基本医疗保险 (市医保局) for migrant children: the enrolment where the child lives
 * (居住地参保) for a coverage year, checked by @care/health-rules with every unmet condition
 * named; its steps (enrol, refuse, transfer out) on an append-only log with revisions (409 on a
 * stale one, a replayed step harmless); the lapse at year end derived on read; and the 异地就医
 * 备案 of children insured at the hukou place. An enrolment or a filing records the delivery
 * of the medical-insurance item of the service list (MEDICAL_INSURANCE_ITEM_CODE) once.
 * Statements of the officer are facts about the family, never logged.
 */
@Injectable()
export class MedicalInsuranceService {
  private readonly logger = new Logger('MedicalInsurance');

  constructor(
    private readonly enrolments: EnrolmentsRepository,
    private readonly steps: EnrolmentStepsRepository,
    private readonly filings: SettlementFilingsRepository,
    private readonly projection: DepartmentProjection,
    private readonly entitlements: DepartmentEntitlementsRepository,
    private readonly deliveries: DeliveriesService,
    @InjectConfig() private readonly config: HealthInsuranceConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async apply(actor: Actor, input: ApplyEnrolmentInput): Promise<EnrolmentResult> {
    this.requireMedicalInsurance(actor);
    const child = await this.loadChild(actor, input.childId);
    const asOf = today(this.clock);
    const checked = checkEnrolment({ ...input, appliedOn: input.appliedOn ?? asOf }, child, asOf);
    if (!checked.ok) throw rulesRefusal(checked.problems, '参保申请');
    const d = checked.value;
    const id = enrolmentId(child._id, d.coverageYear);
    const application: EnrolmentApplication = {
      residencePermit: input.residencePermit,
      migrantWorkerChild: input.migrantWorkerChild,
      basis: d.basis,
      hukouEnrolment: d.hukouEnrolment,
      hukouStopDate: d.hukouStopDate,
      severeDisability: d.severeDisability,
      newborn: d.newborn,
      appliedOn: d.appliedOn,
    };
    const now = this.clock.now();
    const doc: MedicalInsuranceEnrolmentDocument = {
      _id: id,
      childId: child._id,
      countyCode: child.countyCode,
      townshipCode: child.townshipCode,
      coverageYear: d.coverageYear,
      coverageStart: d.coverageStart,
      coverageEnd: d.coverageEnd,
      application,
      contribution: d.contribution,
      state: 'applied',
      enrolledOn: null,
      closedOn: null,
      reason: '',
      appliedBy: { userId: actor.userId, department: actor.department, recordedAt: now.toISOString() },
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    if (await this.enrolments.create(doc)) {
      this.logger.log({
        msg: 'enrolment applied',
        countyCode: doc.countyCode,
        coverageYear: doc.coverageYear,
      });
      return { enrolment: await this.view(doc, []), replay: false, deliveryRecorded: false };
    }
    // The child already has an enrolment for the year: the same application is a replay.
    const existing = await this.load(actor, id);
    if (!sameApplication(existing.application, application, input.appliedOn !== undefined))
      throw conflict(
        `该儿童 ${d.coverageYear} 年度已有参保记录（${ENROLMENT_STATE_LABELS[existing.state]}，版本 ${existing.rev}），不能重复申请`,
        { field: 'childId', rule: '同一年度不重复参保', revision: existing.rev },
      );
    return {
      enrolment: await this.view(existing, await this.logOf(existing)),
      replay: true,
      deliveryRecorded:
        existing.state === 'enrolled'
          ? await this.ensureDelivery(actor, existing.childId, existing.enrolledOn)
          : false,
    };
  }

  async act(
    actor: Actor,
    childId: string,
    year: number,
    input: EnrolmentActionInput,
  ): Promise<EnrolmentResult> {
    this.requireMedicalInsurance(actor);
    const id = enrolmentId(childId, year);
    const before = await this.load(actor, id);
    const reason = (input.reason ?? '').normalize('NFKC').trim();
    if (before.rev !== input.revision) return this.replayOrStale(actor, before, input, reason);
    const asOf = today(this.clock);
    const checked = checkEnrolmentStep(
      {
        state: before.state,
        appliedOn: before.application.appliedOn,
        coverageEnd: before.coverageEnd,
        enrolledOn: before.enrolledOn,
      },
      { action: input.action, on: input.on ?? asOf, reason: input.reason },
      asOf,
    );
    if (!checked.ok) throw rulesRefusal(checked.problems, '办理事项');
    const now = this.clock.now();
    const change: EnrolmentChange = {
      state: checked.to,
      enrolledOn: checked.action === 'enrol' ? checked.on : before.enrolledOn,
      closedOn: checked.action === 'enrol' ? null : checked.on,
      reason: checked.reason,
      updatedAt: now,
    };
    const seq = before.rev + 1;
    const step: MedicalInsuranceStepDocument = {
      _id: enrolmentStepId(id, seq),
      enrolmentId: id,
      countyCode: before.countyCode,
      seq,
      action: checked.action,
      from: checked.from,
      to: checked.to,
      on: checked.on,
      reason: checked.reason,
      userId: actor.userId,
      department: actor.department,
      recordedAt: now.toISOString(),
      change,
    };
    // The commit point: of the writers that read this revision, one inserts step `seq`.
    if (!(await this.steps.claim(step))) return this.replayOrStale(actor, before, input, reason);
    await this.enrolments.applyChange(before, change);
    const after: MedicalInsuranceEnrolmentDocument = { ...before, ...change, rev: seq };
    this.logger.log({
      msg: 'enrolment step',
      countyCode: before.countyCode,
      coverageYear: before.coverageYear,
      action: checked.action,
      from: checked.from,
      to: checked.to,
    });
    const deliveryRecorded =
      after.state === 'enrolled' ? await this.ensureDelivery(actor, childId, after.enrolledOn) : false;
    return { enrolment: await this.view(after, await this.logOf(after)), replay: false, deliveryRecorded };
  }

  async get(actor: Actor, childId: string, year: number): Promise<EnrolmentView> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const doc = await this.load(actor, enrolmentId(childId, year));
    return this.view(doc, await this.logOf(doc));
  }

  /** The child's insurance here (for other services too): this year's coverage, every enrolment, the filings in force. */
  async status(actor: Actor, childId: string): Promise<ChildMedicalInsuranceStatus> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记在册的儿童', childId);
    assertCountyInScope(actor, child.countyCode);
    const asOf = today(this.clock);
    const year = parseLocalDate(asOf).year;
    const docs = await this.enrolments.forChild(child.countyCode, childId);
    const byYear = new Map(docs.map((d) => [d.coverageYear, d] as const));
    const thisYear = byYear.get(year) ?? null;
    const coverage = yearCoverage(thisYear?.state ?? null, byYear.get(year - 1)?.state ?? null);
    const period = enrolmentPeriodOn(asOf);
    const filings = (await this.filings.forChild(child.countyCode, childId))
      .map((f) => this.filingView(f, asOf))
      .filter((f) => f.status !== 'expired');
    return {
      childId,
      countyCode: child.countyCode,
      asOf,
      year,
      coverage,
      coverageLabel: YEAR_COVERAGE_LABELS[coverage],
      insuredToday:
        thisYear !== null && thisYear.state === 'enrolled' && compareDates(thisYear.coverageStart, asOf) <= 0,
      enrolmentPeriod: { text: enrolmentPeriodText(), ...period },
      standard: { title: MEDICAL_INSURANCE_STANDARD.title, demo: MEDICAL_INSURANCE_STANDARD.demo },
      enrolments: docs
        .map((d) => this.summary(d, asOf, byYear.get(d.coverageYear + 1)?.state ?? null))
        .sort((a, b) => b.coverageYear - a.coverageYear),
      settlementFilings: filings,
    };
  }

  async fileSettlement(actor: Actor, input: RecordFilingInput): Promise<SettlementFilingResult> {
    this.requireMedicalInsurance(actor);
    const child = await this.loadChild(actor, input.childId);
    const asOf = today(this.clock);
    const enrolledHereYears = (await this.enrolments.forChild(child.countyCode, child._id))
      .filter((d) => d.state === 'enrolled')
      .map((d) => d.coverageYear);
    const checked = checkSettlementFiling(input, {
      countyCode: child.countyCode,
      isMigrant: child.facts.isMigrant,
      movedOut: child.facts.movedOut,
      asOf,
      enrolledHereYears,
    });
    if (!checked.ok) throw rulesRefusal(checked.problems, SETTLEMENT_FILING_SUMMARY);
    const f = checked.value;
    const doc: SettlementFilingDocument = {
      _id: settlementFilingId(child._id, f.insuredRegionCode, f.startDate),
      childId: child._id,
      countyCode: child.countyCode,
      townshipCode: child.townshipCode,
      type: f.type,
      insuredRegionCode: f.insuredRegionCode,
      startDate: f.startDate,
      validUntil: f.validUntil,
      recordedBy: actor.userId,
      recordedAt: this.clock.now(),
    };
    let stored = doc;
    let replay = false;
    if (!(await this.filings.create(doc))) {
      const existing = await this.filings.byId(child.countyCode, doc._id);
      if (existing === null || existing.type !== doc.type || existing.validUntil !== doc.validUntil)
        throw conflict(
          `该儿童参保地 ${f.insuredRegionCode}、开始日期 ${f.startDate} 的异地就医备案已登记（有效期至 ${existing?.validUntil ?? '未知'}），不能重复登记`,
          { field: 'startDate', rule: '备案不重复' },
        );
      stored = existing;
      replay = true;
    } else this.logger.log({ msg: 'settlement filing recorded', countyCode: doc.countyCode });
    const onDate = compareDates(stored.startDate, asOf) <= 0 ? stored.startDate : asOf;
    return {
      filing: this.filingView(stored, asOf),
      replay,
      deliveryRecorded: await this.ensureDelivery(actor, child._id, onDate),
    };
  }

  /**
   * One county's 备案 (the only county of the actor when none is asked for), the earliest last
   * valid day first (expiring soon at the top); expired ones only when asked for.
   */
  async listFilings(
    actor: Actor,
    query: { countyCode?: string; includeExpired?: boolean; pageSize?: number; cursor?: string },
  ): Promise<SettlementFilingPage> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const counties = countiesInScope(actor, query.countyCode);
    if (counties.length !== 1)
      throw invalidArgument('countyCode', '须指定县区', '本人负责多个县区：须指定县区代码（countyCode）');
    const countyCode = counties[0];
    const asOf = today(this.clock);
    const page = await this.filings.list(countyCode, query.includeExpired === true ? undefined : asOf, {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
    return {
      asOf,
      countyCode,
      items: page.items.map((f) => this.filingView(f, asOf)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  private requireMedicalInsurance(actor: Actor): void {
    if (serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS) !== 'medical-insurance')
      throw permissionDenied('只有医疗保障部门工作人员可以办理城乡居民医保参保和异地就医备案');
  }

  private async loadChild(actor: Actor, childId: string): Promise<DepartmentChildDocument> {
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记在册的儿童', childId);
    assertCountyInScope(actor, child.countyCode);
    return child;
  }

  /**
   * The enrolment, 404 when absent and 403 outside the actor's counties. A step in the log that
   * its writer did not get to apply (it stopped between the two writes) is applied first.
   */
  private async load(actor: Actor, id: string): Promise<MedicalInsuranceEnrolmentDocument> {
    let doc = await this.enrolments.byId(id);
    if (doc === null) throw notFound('城乡居民医保参保记录', id);
    assertCountyInScope(actor, doc.countyCode);
    for (let pending = await this.steps.at(doc.countyCode, id, doc.rev + 1); pending !== null;) {
      await this.enrolments.applyChange(doc, pending.change);
      this.logger.warn({ msg: 'enrolment step completed for its writer', seq: pending.seq });
      doc = { ...doc, ...pending.change, rev: pending.seq };
      pending = await this.steps.at(doc.countyCode, id, doc.rev + 1);
    }
    return doc;
  }

  /**
   * A step asked at a revision that is no longer the current one: the very step recorded at
   * that revision (same action, reason and, if given, day) is a replay and changes nothing;
   * anything else is refused as stale (409).
   */
  private async replayOrStale(
    actor: Actor,
    before: MedicalInsuranceEnrolmentDocument,
    input: EnrolmentActionInput,
    reason: string,
  ): Promise<EnrolmentResult> {
    const current = await this.load(actor, before._id);
    const step =
      input.revision < current.rev
        ? await this.steps.at(current.countyCode, current._id, input.revision + 1)
        : null;
    if (
      step !== null &&
      step.action === input.action &&
      step.reason === reason &&
      (input.on === undefined || step.on === input.on)
    ) {
      const deliveryRecorded =
        current.state === 'enrolled'
          ? await this.ensureDelivery(actor, current.childId, current.enrolledOn)
          : false;
      return {
        enrolment: await this.view(current, await this.logOf(current)),
        replay: true,
        deliveryRecorded,
      };
    }
    throw conflict(
      `参保记录已被他人更新（当前版本 ${current.rev}，提交的版本 ${input.revision}），请刷新后重试`,
      { revision: current.rev },
    );
  }

  private logOf(doc: MedicalInsuranceEnrolmentDocument): Promise<MedicalInsuranceStepDocument[]> {
    return this.steps.forEnrolment(doc.countyCode, doc._id, doc.rev);
  }

  /**
   * Records the medical-insurance item as delivered, once: an entitlement already delivered is
   * left alone (a renewal or a filing is the service going on). A child the catalogue has not
   * granted the item to keeps `deliveryRecorded: false`: the enrolment stands.
   */
  private async ensureDelivery(actor: Actor, childId: string, onDate: LocalDate | null): Promise<boolean> {
    const itemCode = this.config.MEDICAL_INSURANCE_ITEM_CODE;
    const entitlement = await this.entitlements.find(childId, itemCode);
    if (entitlement === null || !entitlement.granted || entitlement.closedBy !== null) return false;
    if (entitlement.delivery?.outcome === 'delivered') return true;
    const day = today(this.clock);
    const on = onDate === null || compareDates(onDate, day) > 0 ? day : onDate;
    try {
      await this.deliveries.record(actor, { childId, itemCode, outcome: 'delivered', onDate: on });
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'not-found' || error.code === 'failed-precondition')
      ) {
        this.logger.log({
          msg: 'medical insurance recorded; the child has no open medical-insurance entitlement',
        });
        return false;
      }
      throw error;
    }
    return true;
  }

  private summary(
    doc: MedicalInsuranceEnrolmentDocument,
    asOf: LocalDate,
    nextYear: EnrolmentState | null,
  ): Omit<EnrolmentView, 'steps' | 'availableActions'> {
    const state = effectiveEnrolmentState(doc, asOf, nextYear);
    return {
      childId: doc.childId,
      countyCode: doc.countyCode,
      coverageYear: doc.coverageYear,
      coverageStart: doc.coverageStart,
      coverageEnd: doc.coverageEnd,
      state,
      stateLabel: ENROLMENT_STATE_LABELS[state],
      application: {
        ...doc.application,
        basisLabels: doc.application.basis.map((b) => RESIDENCE_BASIS_LABELS[b]),
        hukouEnrolmentLabel: HUKOU_ENROLMENT_LABELS[doc.application.hukouEnrolment],
      },
      contribution: { ...doc.contribution, text: contributionText(doc.contribution) },
      enrolledOn: doc.enrolledOn,
      closedOn: doc.closedOn,
      reason: doc.reason,
      revision: doc.rev,
    };
  }

  private async view(
    doc: MedicalInsuranceEnrolmentDocument,
    log: readonly MedicalInsuranceStepDocument[],
  ): Promise<EnrolmentView> {
    const asOf = today(this.clock);
    const next =
      compareDates(asOf, doc.coverageEnd) > 0 && doc.state === 'enrolled'
        ? await this.enrolments.byId(enrolmentId(doc.childId, doc.coverageYear + 1))
        : null;
    const opening: EnrolmentStepView = {
      seq: 1,
      action: 'apply',
      actionLabel: '申请参保',
      from: null,
      to: 'applied',
      on: doc.application.appliedOn,
      reason: '',
      userId: doc.appliedBy.userId,
      department: doc.appliedBy.department,
      recordedAt: doc.appliedBy.recordedAt,
    };
    return {
      ...this.summary(doc, asOf, next?.state ?? null),
      steps: [
        opening,
        ...log.map((s): EnrolmentStepView => ({
          seq: s.seq,
          action: s.action,
          actionLabel: ENROLMENT_TRANSITIONS[s.action].label,
          from: s.from,
          to: s.to,
          on: s.on,
          reason: s.reason,
          userId: s.userId,
          department: s.department,
          recordedAt: s.recordedAt,
        })),
      ],
      availableActions: (Object.keys(ENROLMENT_TRANSITIONS) as EnrolmentAction[])
        .filter((a) => ENROLMENT_TRANSITIONS[a].from === doc.state)
        .filter((a) => a !== 'transfer-out' || compareDates(asOf, doc.coverageEnd) <= 0)
        .map((action) => ({ action, label: ENROLMENT_TRANSITIONS[action].label })),
    };
  }

  private filingView(doc: SettlementFilingDocument, asOf: LocalDate): SettlementFilingView {
    const { status, daysLeft } = settlementFilingStatus(
      doc,
      asOf,
      this.config.MEDICAL_INSURANCE_FILING_EXPIRING_DAYS,
    );
    return {
      id: doc._id,
      childId: doc.childId,
      countyCode: doc.countyCode,
      townshipCode: doc.townshipCode,
      type: doc.type,
      typeLabel: SETTLEMENT_FILING_TYPE_LABELS[doc.type],
      insuredRegionCode: doc.insuredRegionCode,
      startDate: doc.startDate,
      validUntil: doc.validUntil,
      status,
      statusLabel: SETTLEMENT_FILING_STATUS_LABELS[status],
      daysLeft,
      recordedBy: doc.recordedBy,
    };
  }
}

/** The same statements (the day only when the replay states it). */
function sameApplication(a: EnrolmentApplication, b: EnrolmentApplication, compareDay: boolean): boolean {
  return (
    a.residencePermit === b.residencePermit &&
    a.migrantWorkerChild === b.migrantWorkerChild &&
    a.hukouEnrolment === b.hukouEnrolment &&
    a.hukouStopDate === b.hukouStopDate &&
    a.severeDisability === b.severeDisability &&
    (!compareDay || a.appliedOn === b.appliedOn)
  );
}
