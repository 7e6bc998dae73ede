import { Injectable, Logger } from '@nestjs/common';
import { assertCountyInScope, type Actor } from '@care/access';
import { addDays, compareDates, daysBetween, isLocalDate, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import {
  DeliveriesService,
  DepartmentEntitlementsRepository,
  DepartmentProjection,
} from '@care/department-kit';
import { DomainError, alreadyExists, conflict, notFound } from '@care/errors';
import {
  FOLLOW_UP_STANDING_LABELS,
  SEVERE_MENTAL_DISORDER_PROGRAMME as PROGRAMME,
  assertManagementRules,
  changeConsent,
  findAdherence,
  findDiagnosisCategory,
  findStability,
  followUpStanding,
  nextFollowUpOn,
  recordFollowUp,
  registerPatient,
  validateFollowUp,
  validatePatientRecord,
  type FollowUpStanding,
  type ManagementRules,
  type ManagementStatus,
} from '@care/health-rules';
import type { PageRequest } from '@care/persistence';
import { AuditTrail, FieldSealer, InjectClock, normalisePurpose, type Clock } from '@care/service-kit';
import type { HealthInsuranceConfig } from '../config';
import { rulesRefusal } from '../medical-insurance/refusal';
import {
  requireSevereMentalDisorderDuty,
  type SevereMentalDisorderAuditAction,
} from './severe-mental-disorder-access';
import { managementRules } from './severe-mental-disorder-config';
import { PatientRecordsRepository, PatientsRepository } from './severe-mental-disorder.repositories';
import {
  NOTHING_DUE_KEY,
  logEntryId,
  type PatientChange,
  type PatientDocument,
  type PatientRecordDocument,
} from './severe-mental-disorder.schema';

export interface RegisterPatientInput {
  readonly childId: string;
  readonly diagnosisCategory: string;
  readonly diagnosingInstitutionCode: string;
  readonly diagnosisDate: string;
  readonly guardianConsent: boolean;
  readonly registeredOn?: string;
}

export interface FollowUpRecordInput {
  readonly revision: number;
  readonly on?: string;
  readonly riskLevel: number;
  readonly stability: string;
  readonly adherence: string;
  readonly note?: string;
}

export interface ConsentInput {
  readonly revision: number;
  readonly guardianConsent: boolean;
  readonly on?: string;
  readonly note?: string;
}

/** A patient in a list: no diagnosis, no notes (read one record at a time, audited). */
export interface PatientSummaryView {
  readonly childId: string;
  readonly countyCode: string;
  readonly guardianConsent: boolean;
  readonly managedSince: LocalDate | null;
  readonly lastFollowUpOn: LocalDate | null;
  readonly lastRiskLevel: number | null;
  readonly lastStability: string | null;
  readonly lastStabilityLabel: string | null;
  readonly followUps: number;
  readonly nextFollowUpOn: LocalDate | null;
  readonly standing: FollowUpStanding;
  readonly standingLabel: string;
  readonly daysOverdue: number;
  readonly revision: number;
}

export interface PatientRecordView {
  readonly seq: number;
  readonly kind: 'follow-up' | 'consent';
  readonly on: LocalDate;
  readonly riskLevel: number | null;
  readonly stability: string | null;
  readonly stabilityLabel: string | null;
  readonly adherence: string | null;
  readonly adherenceLabel: string | null;
  readonly guardianConsent: boolean | null;
  readonly note: string;
  readonly userId: string;
  readonly recordedAt: string;
}

export interface PatientView extends PatientSummaryView {
  readonly diagnosisCategory: string;
  readonly diagnosisLabel: string;
  readonly diagnosingInstitutionCode: string;
  readonly diagnosisDate: LocalDate;
  readonly registeredOn: LocalDate;
  readonly records: readonly PatientRecordView[];
}

export interface FollowUpResult extends PatientView {
  /** The catalogue item (SEVERE_MENTAL_DISORDER_ITEM_CODE) is recorded as delivered for the child. */
  readonly deliveryRecorded: boolean;
}

export interface DueFollowUpsPage {
  readonly asOf: LocalDate;
  readonly items: PatientSummaryView[];
  readonly nextCursor?: string;
}

function statusOf(doc: PatientDocument): ManagementStatus {
  return {
    registeredOn: doc.registeredOn,
    guardianConsent: doc.guardianConsent,
    ...(doc.managedSince === null ? {} : { managedSince: doc.managedSince }),
    lastRecordOn: doc.lastRecordOn,
    ...(doc.lastFollowUpOn === null ? {} : { lastFollowUpOn: doc.lastFollowUpOn }),
    ...(doc.lastStability === null ? {} : { lastStability: doc.lastStability }),
    followUps: doc.followUps,
  };
}

/**
 * 严重精神障碍患者管理 (国家基本公共卫生服务规范（第三版）): the record of a child diagnosed with one of
 * the programme's disorders and living at home, the follow-ups with their risk assessment, and the
 * follow-ups due per county. Only a 卫健委 officer with the severe-mental-disorder duty reaches
 * any of it, in their counties; every read and write is in the kit's audit trail with its
 * purpose; the diagnosis and notes are sealed at rest; nothing is published except the delivery
 * of the catalogue item (child id and item code only), and logs carry only ids.
 */
@Injectable()
export class SevereMentalDisorderPatientsService {
  private readonly logger = new Logger('SevereMentalDisorderPatients');
  private readonly rules: ManagementRules;

  constructor(
    private readonly patients: PatientsRepository,
    private readonly records: PatientRecordsRepository,
    private readonly projection: DepartmentProjection,
    private readonly entitlements: DepartmentEntitlementsRepository,
    private readonly deliveries: DeliveriesService,
    private readonly sealer: FieldSealer,
    private readonly audit: AuditTrail,
    @InjectConfig() private readonly config: HealthInsuranceConfig,
    @InjectClock() private readonly clock: Clock,
  ) {
    this.rules = managementRules(config);
    assertManagementRules(this.rules);
  }

  async register(actor: Actor, input: RegisterPatientInput): Promise<PatientView> {
    requireSevereMentalDisorderDuty(actor);
    const child = await this.projection.child(input.childId);
    if (child === null) throw notFound('登记服务中的儿童', input.childId);
    assertCountyInScope(actor, child.countyCode);
    const asOf = today(this.clock);
    const registeredOn = input.registeredOn ?? asOf;
    const birthDate = isLocalDate(child.facts.birthDate) ? child.facts.birthDate : undefined;
    const checked = validatePatientRecord(input, { asOf, ...(birthDate === undefined ? {} : { birthDate }) });
    const problems = checked.ok ? [] : [...checked.problems];
    if (!isLocalDate(registeredOn) || compareDates(registeredOn, asOf) > 0)
      problems.push({
        field: 'registeredOn',
        rule: '不晚于今日',
        message: `登记日期须为不晚于今日（${asOf}）的日期`,
      });
    else if (isLocalDate(input.diagnosisDate) && compareDates(registeredOn, input.diagnosisDate) < 0)
      problems.push({ field: 'registeredOn', rule: '不早于诊断日期', message: '登记日期不能早于诊断日期' });
    if (problems.length > 0) throw rulesRefusal(problems, '患者信息');
    const status = registerPatient(registeredOn, input.guardianConsent);
    const now = this.clock.now();
    const due = nextFollowUpOn(status, this.rules) ?? null;
    const doc: PatientDocument = {
      _id: input.childId,
      countyCode: child.countyCode,
      diagnosisCategory: this.sealer.seal(input.diagnosisCategory),
      diagnosingInstitutionCode: input.diagnosingInstitutionCode,
      diagnosisDate: input.diagnosisDate,
      guardianConsent: input.guardianConsent,
      registeredOn,
      managedSince: status.managedSince ?? null,
      lastRecordOn: status.lastRecordOn,
      lastFollowUpOn: null,
      lastStability: null,
      lastRiskLevel: null,
      followUps: 0,
      nextFollowUpOn: due,
      dueKey: due ?? NOTHING_DUE_KEY,
      registeredBy: { userId: actor.userId, department: actor.department, recordedAt: now.toISOString() },
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.patients.create(doc)))
      throw alreadyExists('该儿童的严重精神障碍患者管理记录', 'childId', { rule: '每名儿童一份管理记录' });
    await this.record(actor, 'severe-mental-disorder-register', doc, '纳入严重精神障碍患者管理（登记）');
    this.logger.log({ msg: 'severe-mental-disorder patient registered', childId: doc._id });
    return this.view(doc, []);
  }

  /** One patient in full, after the read is audited with the stated purpose. */
  async get(actor: Actor, childId: string, purpose: string): Promise<PatientView> {
    requireSevereMentalDisorderDuty(actor);
    const stated = normalisePurpose(purpose);
    const doc = await this.load(actor, childId);
    await this.record(actor, 'severe-mental-disorder-read', doc, stated);
    return this.view(doc, await this.records.forPatient(doc.countyCode, doc._id, doc.rev));
  }

  async followUp(actor: Actor, childId: string, input: FollowUpRecordInput): Promise<FollowUpResult> {
    requireSevereMentalDisorderDuty(actor);
    const before = await this.load(actor, childId);
    this.checkRevision(before, input.revision);
    const asOf = today(this.clock);
    const visit = {
      on: input.on ?? asOf,
      riskLevel: input.riskLevel,
      stability: input.stability,
      adherence: input.adherence,
    };
    const checked = validateFollowUp(statusOf(before), visit, asOf);
    if (!checked.ok) throw rulesRefusal(checked.problems, '随访记录');
    const next = recordFollowUp(statusOf(before), visit);
    const after = await this.commit(actor, before, next, {
      kind: 'follow-up',
      on: visit.on,
      riskLevel: visit.riskLevel,
      stability: visit.stability,
      adherence: visit.adherence,
      guardianConsent: null,
      note: input.note,
    });
    await this.record(actor, 'severe-mental-disorder-follow-up', after, '严重精神障碍患者随访');
    const deliveryRecorded = await this.ensureDelivery(actor, after._id, visit.on);
    this.logger.log({ msg: 'severe-mental-disorder follow-up', childId: after._id, seq: after.rev });
    return {
      ...this.view(after, await this.records.forPatient(after.countyCode, after._id, after.rev)),
      deliveryRecorded,
    };
  }

  async consent(actor: Actor, childId: string, input: ConsentInput): Promise<PatientView> {
    requireSevereMentalDisorderDuty(actor);
    const before = await this.load(actor, childId);
    this.checkRevision(before, input.revision);
    const asOf = today(this.clock);
    const on = input.on ?? asOf;
    const changed = changeConsent(statusOf(before), { guardianConsent: input.guardianConsent, on }, asOf);
    if (!changed.ok) throw rulesRefusal(changed.problems, '监护人同意变更');
    const after = await this.commit(actor, before, changed.value, {
      kind: 'consent',
      on,
      riskLevel: null,
      stability: null,
      adherence: null,
      guardianConsent: input.guardianConsent,
      note: input.note,
    });
    await this.record(actor, 'severe-mental-disorder-consent', after, '变更监护人同意纳入管理');
    this.logger.log({ msg: 'severe-mental-disorder consent changed', childId: after._id, seq: after.rev });
    return this.view(after, await this.records.forPatient(after.countyCode, after._id, after.rev));
  }

  /**
   * The county's managed patients whose follow-up is due within SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS
   * or overdue, the earliest date first (keyset pages); the read is audited with its purpose.
   */
  async due(
    actor: Actor,
    query: PageRequest & { readonly countyCode: string; readonly purpose: string },
  ): Promise<DueFollowUpsPage> {
    requireSevereMentalDisorderDuty(actor);
    const stated = normalisePurpose(query.purpose);
    assertCountyInScope(actor, query.countyCode);
    const asOf = today(this.clock);
    const page = await this.patients.dueBy(query.countyCode, addDays(asOf, this.rules.dueSoonDays), {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
    await this.audit.record({
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      action: 'severe-mental-disorder-list' satisfies SevereMentalDisorderAuditAction,
      recordId: `county:${query.countyCode}`,
      field: 'follow-ups-due',
      purpose: stated,
      countyCode: query.countyCode,
      recordCount: page.items.length,
    });
    return {
      asOf,
      items: page.items.map((doc) => this.summary(doc, asOf)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /** A managed patient for the rehabilitation referral (the caller audits its own action). */
  async managedPatient(actor: Actor, childId: string): Promise<PatientDocument> {
    return this.load(actor, childId);
  }

  private checkRevision(doc: PatientDocument, revision: number): void {
    if (doc.rev !== revision)
      throw conflict(`管理记录已被他人更新（当前版本 ${doc.rev}，提交的版本 ${revision}），请刷新后重试`, {
        revision: doc.rev,
      });
  }

  /** Claims log entry `rev + 1` (the commit point), then applies it to the record. */
  private async commit(
    actor: Actor,
    before: PatientDocument,
    next: ManagementStatus,
    entry: Pick<
      PatientRecordDocument,
      'kind' | 'on' | 'riskLevel' | 'stability' | 'adherence' | 'guardianConsent'
    > & { readonly note?: string },
  ): Promise<PatientDocument> {
    const now = this.clock.now();
    const due = nextFollowUpOn(next, this.rules) ?? null;
    const change: PatientChange = {
      guardianConsent: next.guardianConsent,
      managedSince: next.managedSince ?? null,
      lastRecordOn: next.lastRecordOn,
      lastFollowUpOn: next.lastFollowUpOn ?? null,
      lastStability: next.lastStability ?? null,
      lastRiskLevel: entry.kind === 'follow-up' ? entry.riskLevel : before.lastRiskLevel,
      followUps: next.followUps,
      nextFollowUpOn: due,
      dueKey: due ?? NOTHING_DUE_KEY,
      updatedAt: now,
    };
    const seq = before.rev + 1;
    const claimed = await this.records.claim({
      _id: logEntryId(before._id, seq),
      childId: before._id,
      countyCode: before.countyCode,
      seq,
      kind: entry.kind,
      on: entry.on,
      riskLevel: entry.riskLevel,
      stability: entry.stability,
      adherence: entry.adherence,
      guardianConsent: entry.guardianConsent,
      note: entry.note === undefined || entry.note === '' ? '' : this.sealer.seal(entry.note),
      userId: actor.userId,
      department: actor.department,
      recordedAt: now.toISOString(),
      change,
    });
    if (!claimed)
      throw conflict('管理记录已被他人同时更新，本次登记未保存，请刷新后重试', { revision: before.rev });
    await this.patients.applyChange(before, change);
    return { ...before, ...change, rev: seq };
  }

  private record(
    actor: Actor,
    action: SevereMentalDisorderAuditAction,
    doc: PatientDocument,
    purpose: string,
  ): Promise<unknown> {
    return this.audit.record({
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      action,
      recordId: `patient:${doc._id}`,
      field: '*',
      purpose,
      countyCode: doc.countyCode,
    });
  }

  /** 404 when absent, 403 outside the actor's counties; a claimed but unapplied entry is applied first. */
  private async load(actor: Actor, childId: string): Promise<PatientDocument> {
    let doc = await this.patients.byChild(childId);
    if (doc === null) throw notFound('严重精神障碍患者管理记录', childId);
    assertCountyInScope(actor, doc.countyCode);
    for (let pending = await this.records.next(doc.countyCode, doc._id, doc.rev); pending !== null;) {
      await this.patients.applyChange(doc, pending.change);
      this.logger.warn({
        msg: 'severe-mental-disorder entry completed for its writer',
        childId,
        seq: pending.seq,
      });
      doc = { ...doc, ...pending.change, rev: pending.seq };
      pending = await this.records.next(doc.countyCode, doc._id, doc.rev);
    }
    return doc;
  }

  /**
   * Records the catalogue's 健康管理服务 item for this group as delivered at the first follow-up
   * of a managed patient, through the kit (the event carries the child id, county, item code,
   * department, outcome and date: nothing of the record). Once: an item already delivered is left
   * alone; a child without the entitlement keeps `deliveryRecorded: false`.
   */
  private async ensureDelivery(actor: Actor, childId: string, onDate: LocalDate): Promise<boolean> {
    const itemCode = this.config.SEVERE_MENTAL_DISORDER_ITEM_CODE;
    const entitlement = await this.entitlements.find(childId, itemCode);
    if (entitlement === null || !entitlement.granted || entitlement.closedBy !== null) return false;
    if (entitlement.delivery?.outcome === 'delivered') return true;
    try {
      await this.deliveries.record(actor, { childId, itemCode, outcome: 'delivered', onDate });
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'not-found' || error.code === 'failed-precondition')
      ) {
        this.logger.log({
          msg: 'follow-up recorded; the child has no open health-management entitlement',
          childId,
        });
        return false;
      }
      throw error;
    }
    return true;
  }

  private summary(doc: PatientDocument, asOf: LocalDate): PatientSummaryView {
    const due = doc.nextFollowUpOn ?? undefined;
    const standing = followUpStanding(due, asOf, this.rules);
    return {
      childId: doc._id,
      countyCode: doc.countyCode,
      guardianConsent: doc.guardianConsent,
      managedSince: doc.managedSince,
      lastFollowUpOn: doc.lastFollowUpOn,
      lastRiskLevel: doc.lastRiskLevel,
      lastStability: doc.lastStability,
      lastStabilityLabel:
        doc.lastStability === null ? null : (findStability(PROGRAMME, doc.lastStability)?.label ?? null),
      followUps: doc.followUps,
      nextFollowUpOn: doc.nextFollowUpOn,
      standing,
      standingLabel: FOLLOW_UP_STANDING_LABELS[standing],
      daysOverdue: standing === 'overdue' && due !== undefined ? daysBetween(due, asOf) : 0,
      revision: doc.rev,
    };
  }

  private view(doc: PatientDocument, log: readonly PatientRecordDocument[]): PatientView {
    const category = this.sealer.open(doc.diagnosisCategory);
    return {
      ...this.summary(doc, today(this.clock)),
      diagnosisCategory: category,
      diagnosisLabel: findDiagnosisCategory(PROGRAMME, category)?.label ?? category,
      diagnosingInstitutionCode: doc.diagnosingInstitutionCode,
      diagnosisDate: doc.diagnosisDate,
      registeredOn: doc.registeredOn,
      records: log.map((r) => ({
        seq: r.seq,
        kind: r.kind,
        on: r.on,
        riskLevel: r.riskLevel,
        stability: r.stability,
        stabilityLabel: r.stability === null ? null : (findStability(PROGRAMME, r.stability)?.label ?? null),
        adherence: r.adherence,
        adherenceLabel: r.adherence === null ? null : (findAdherence(PROGRAMME, r.adherence)?.label ?? null),
        guardianConsent: r.guardianConsent,
        note: r.note === '' ? '' : this.sealer.open(r.note),
        userId: r.userId,
        recordedAt: r.recordedAt,
      })),
    };
  }
}
