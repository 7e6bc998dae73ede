import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertCountyInScope, type Actor } from '@care/access';
import { compareDates, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { alreadyExists, conflict, notFound } from '@care/errors';
import {
  REHABILITATION_END_REASON_RULES,
  REHABILITATION_STATE_LABELS,
  REHABILITATION_TRANSITIONS,
  applyRehabilitationStep,
  assertRehabilitationDueDays,
  availableEndReasons,
  availableRehabilitationActions,
  institutionCodeProblems,
  openRehabilitationReferral,
  rehabilitationDueOn,
  type HealthProblem,
  type RehabilitationAction,
  type RehabilitationDueDays,
  type RehabilitationEndReason,
  type RehabilitationState,
  type RehabilitationStatus,
} from '@care/health-rules';
import type { PageRequest } from '@care/persistence';
import { AuditTrail, FieldSealer, InjectClock, normalisePurpose, type Clock } from '@care/service-kit';
import type { HealthInsuranceConfig } from '../config';
import { rulesRefusal } from '../medical-insurance/refusal';
import {
  requireSevereMentalDisorderDuty,
  type SevereMentalDisorderAuditAction,
} from './severe-mental-disorder-access';
import { SevereMentalDisorderPatientsService } from './patients.service';
import {
  RehabilitationRepository,
  RehabilitationStepsRepository,
} from './severe-mental-disorder.repositories';
import {
  NOTHING_DUE_KEY,
  logEntryId,
  type RehabilitationChange,
  type RehabilitationDocument,
  type RehabilitationStepDocument,
} from './severe-mental-disorder.schema';

export interface OpenRehabilitationInput {
  readonly childId: string;
  readonly institutionCode: string;
  readonly on?: string;
  readonly note?: string;
}

export interface RehabilitationStepInput {
  readonly action: RehabilitationAction;
  readonly revision: number;
  readonly on?: string;
  readonly endReason?: string;
  readonly note?: string;
}

export interface RehabilitationSummaryView {
  readonly id: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly institutionCode: string;
  readonly state: RehabilitationState;
  readonly stateLabel: string;
  readonly referredOn: LocalDate;
  readonly stateSince: LocalDate;
  readonly dueOn: LocalDate | null;
  readonly overdue: boolean;
  readonly endReason: RehabilitationEndReason | null;
  readonly endReasonLabel: string | null;
  readonly endedOn: LocalDate | null;
  readonly revision: number;
}

export interface RehabilitationView extends RehabilitationSummaryView {
  readonly note: string;
  readonly steps: readonly {
    readonly seq: number;
    readonly action: RehabilitationAction;
    readonly actionLabel: string;
    readonly from: RehabilitationState;
    readonly to: RehabilitationState;
    readonly on: LocalDate;
    readonly note: string;
    readonly userId: string;
    readonly recordedAt: string;
  }[];
  readonly availableActions: readonly { readonly action: RehabilitationAction; readonly label: string }[];
  readonly availableEndReasons: readonly {
    readonly reason: RehabilitationEndReason;
    readonly label: string;
  }[];
}

export interface RehabilitationPage {
  readonly items: RehabilitationSummaryView[];
  readonly nextCursor?: string;
}

function statusOf(doc: RehabilitationDocument): RehabilitationStatus {
  return {
    state: doc.state,
    referredOn: doc.referredOn,
    stateSince: doc.stateSince,
    ...(doc.endReason === null ? {} : { endReason: doc.endReason }),
    ...(doc.endedOn === null ? {} : { endedOn: doc.endedOn }),
  };
}

/**
 * 社区康复转介: a managed patient (guardian consented) referred to a community rehabilitation
 * institution; accepted, in rehabilitation, ended with a reason, by the state machine of
 * @care/health-rules, with due dates for the acceptance and the start. Same guard, audit, sealing
 * and nothing-published rules as the patient records.
 */
@Injectable()
export class SevereMentalDisorderRehabilitationService {
  private readonly logger = new Logger('SevereMentalDisorderRehabilitation');
  private readonly dueDays: RehabilitationDueDays;

  constructor(
    private readonly referrals: RehabilitationRepository,
    private readonly steps: RehabilitationStepsRepository,
    private readonly patients: SevereMentalDisorderPatientsService,
    private readonly sealer: FieldSealer,
    private readonly audit: AuditTrail,
    @InjectConfig() config: HealthInsuranceConfig,
    @InjectClock() private readonly clock: Clock,
  ) {
    this.dueDays = config.SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS;
    assertRehabilitationDueDays(this.dueDays);
  }

  async open(actor: Actor, input: OpenRehabilitationInput): Promise<RehabilitationView> {
    requireSevereMentalDisorderDuty(actor);
    const patient = await this.patients.managedPatient(actor, input.childId);
    const asOf = today(this.clock);
    const on = input.on ?? asOf;
    const opened = openRehabilitationReferral(on, asOf, {
      guardianConsent: patient.guardianConsent,
      ...(patient.managedSince === null ? {} : { managedSince: patient.managedSince }),
    });
    const problems: HealthProblem[] = opened.ok ? [] : [...opened.problems];
    problems.push(...institutionCodeProblems('institutionCode', '康复机构代码', input.institutionCode));
    if (!opened.ok || problems.length > 0) throw rulesRefusal(problems, '社区康复转介');
    const status = opened.value;
    const now = this.clock.now();
    const dueOn = rehabilitationDueOn(status, this.dueDays) ?? null;
    const doc: RehabilitationDocument = {
      _id: randomUUID(),
      countyCode: patient.countyCode,
      childId: patient._id,
      institutionCode: input.institutionCode,
      state: status.state,
      referredOn: status.referredOn,
      stateSince: status.stateSince,
      endReason: null,
      endedOn: null,
      dueOn,
      dueKey: dueOn ?? NOTHING_DUE_KEY,
      openKey: patient._id,
      note: input.note === undefined || input.note === '' ? '' : this.sealer.seal(input.note),
      referredBy: { userId: actor.userId, department: actor.department, recordedAt: now.toISOString() },
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.referrals.create(doc)))
      throw alreadyExists('该儿童未结束的社区康复转介', 'childId', {
        rule: '每名儿童同时只有一件未结束转介',
      });
    await this.record(actor, 'severe-mental-disorder-rehabilitation-refer', doc, '社区康复转介');
    this.logger.log({ msg: 'rehabilitation referral opened', referralId: doc._id });
    return this.view(doc, []);
  }

  async act(actor: Actor, id: string, input: RehabilitationStepInput): Promise<RehabilitationView> {
    requireSevereMentalDisorderDuty(actor);
    const before = await this.load(actor, id);
    if (before.rev !== input.revision)
      throw conflict(
        `转介记录已被他人更新（当前版本 ${before.rev}，提交的版本 ${input.revision}），请刷新后重试`,
        { revision: before.rev },
      );
    const asOf = today(this.clock);
    const result = applyRehabilitationStep(
      statusOf(before),
      {
        action: input.action,
        on: input.on ?? asOf,
        ...(input.endReason === undefined ? {} : { endReason: input.endReason }),
      },
      asOf,
    );
    if (!result.ok) throw rulesRefusal(result.problems, '办理事项');
    const next = result.value.status;
    const now = this.clock.now();
    const dueOn = rehabilitationDueOn(next, this.dueDays) ?? null;
    const change: RehabilitationChange = {
      state: next.state,
      stateSince: next.stateSince,
      endReason: next.endReason ?? null,
      endedOn: next.endedOn ?? null,
      dueOn,
      dueKey: dueOn ?? NOTHING_DUE_KEY,
      openKey: next.state === 'ended' ? before._id : before.openKey,
      updatedAt: now,
    };
    const seq = before.rev + 1;
    const step: RehabilitationStepDocument = {
      _id: logEntryId(before._id, seq),
      referralId: before._id,
      countyCode: before.countyCode,
      seq,
      action: input.action,
      from: result.value.from,
      to: result.value.to,
      on: next.stateSince,
      note: input.note === undefined || input.note === '' ? '' : this.sealer.seal(input.note),
      userId: actor.userId,
      department: actor.department,
      recordedAt: now.toISOString(),
      change,
    };
    if (!(await this.steps.claim(step)))
      throw conflict('转介记录已被他人同时更新，本次办理未保存，请刷新后重试', { revision: before.rev });
    await this.referrals.applyChange(before, change);
    const after: RehabilitationDocument = { ...before, ...change, rev: seq };
    await this.record(
      actor,
      'severe-mental-disorder-rehabilitation-step',
      after,
      `社区康复转介办理：${REHABILITATION_TRANSITIONS[input.action].label}`,
    );
    this.logger.log({
      msg: 'rehabilitation referral step',
      referralId: id,
      action: input.action,
      to: next.state,
    });
    return this.view(after, await this.steps.forReferral(after.countyCode, after._id, after.rev));
  }

  async get(actor: Actor, id: string, purpose: string): Promise<RehabilitationView> {
    requireSevereMentalDisorderDuty(actor);
    const stated = normalisePurpose(purpose);
    const doc = await this.load(actor, id);
    await this.record(actor, 'severe-mental-disorder-rehabilitation-read', doc, stated);
    return this.view(doc, await this.steps.forReferral(doc.countyCode, doc._id, doc.rev));
  }

  async list(
    actor: Actor,
    query: PageRequest & {
      readonly countyCode: string;
      readonly purpose: string;
      readonly state?: RehabilitationState;
      readonly overdueOnly?: boolean;
    },
  ): Promise<RehabilitationPage> {
    requireSevereMentalDisorderDuty(actor);
    const stated = normalisePurpose(query.purpose);
    assertCountyInScope(actor, query.countyCode);
    const asOf = today(this.clock);
    const page = await this.referrals.list(
      query.countyCode,
      { state: query.state, dueBefore: query.overdueOnly === true ? asOf : undefined },
      { pageSize: query.pageSize, cursor: query.cursor },
    );
    await this.audit.record({
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      action: 'severe-mental-disorder-rehabilitation-list' satisfies SevereMentalDisorderAuditAction,
      recordId: `county:${query.countyCode}`,
      field: 'rehabilitation-referrals',
      purpose: stated,
      countyCode: query.countyCode,
      recordCount: page.items.length,
    });
    return {
      items: page.items.map((doc) => this.summary(doc, asOf)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  private record(
    actor: Actor,
    action: SevereMentalDisorderAuditAction,
    doc: RehabilitationDocument,
    purpose: string,
  ): Promise<unknown> {
    return this.audit.record({
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      action,
      recordId: `rehabilitation:${doc._id}`,
      field: '*',
      purpose,
      countyCode: doc.countyCode,
    });
  }

  private async load(actor: Actor, id: string): Promise<RehabilitationDocument> {
    let doc = await this.referrals.byId(id);
    if (doc === null) throw notFound('社区康复转介记录', id);
    assertCountyInScope(actor, doc.countyCode);
    for (let pending = await this.steps.next(doc.countyCode, doc._id, doc.rev); pending !== null;) {
      await this.referrals.applyChange(doc, pending.change);
      this.logger.warn({
        msg: 'rehabilitation step completed for its writer',
        referralId: id,
        seq: pending.seq,
      });
      doc = { ...doc, ...pending.change, rev: pending.seq };
      pending = await this.steps.next(doc.countyCode, doc._id, doc.rev);
    }
    return doc;
  }

  private summary(doc: RehabilitationDocument, asOf: LocalDate): RehabilitationSummaryView {
    return {
      id: doc._id,
      childId: doc.childId,
      countyCode: doc.countyCode,
      institutionCode: doc.institutionCode,
      state: doc.state,
      stateLabel: REHABILITATION_STATE_LABELS[doc.state],
      referredOn: doc.referredOn,
      stateSince: doc.stateSince,
      dueOn: doc.dueOn,
      overdue: doc.dueOn !== null && compareDates(doc.dueOn, asOf) < 0,
      endReason: doc.endReason,
      endReasonLabel: doc.endReason === null ? null : REHABILITATION_END_REASON_RULES[doc.endReason].label,
      endedOn: doc.endedOn,
      revision: doc.rev,
    };
  }

  private view(doc: RehabilitationDocument, log: readonly RehabilitationStepDocument[]): RehabilitationView {
    return {
      ...this.summary(doc, today(this.clock)),
      note: doc.note === '' ? '' : this.sealer.open(doc.note),
      steps: log.map((s) => ({
        seq: s.seq,
        action: s.action,
        actionLabel: REHABILITATION_TRANSITIONS[s.action].label,
        from: s.from,
        to: s.to,
        on: s.on,
        note: s.note === '' ? '' : this.sealer.open(s.note),
        userId: s.userId,
        recordedAt: s.recordedAt,
      })),
      availableActions: availableRehabilitationActions(statusOf(doc)).map((action) => ({
        action,
        label: REHABILITATION_TRANSITIONS[action].label,
      })),
      availableEndReasons: availableEndReasons(doc.state).map((reason) => ({
        reason,
        label: REHABILITATION_END_REASON_RULES[reason].label,
      })),
    };
  }
}
