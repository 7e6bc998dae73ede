import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertCountyInScope, type Actor } from '@care/access';
import { today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { DepartmentProjection } from '@care/department-kit';
import { alreadyExists, conflict, notFound } from '@care/errors';
import {
  MENTAL_HEALTH_OUTCOME_LABELS,
  MENTAL_HEALTH_SOURCE_LABELS,
  MENTAL_HEALTH_STATE_LABELS,
  MENTAL_HEALTH_TRANSITIONS,
  applyMentalHealthStep,
  assertMentalHealthRules,
  availableMentalHealthActions,
  mentalHealthDueOn,
  openMentalHealthReferral,
  type MentalHealthAction,
  type MentalHealthRules,
  type MentalHealthSource,
  type MentalHealthState,
  type MentalHealthStatus,
} from '@care/health-rules';
import type { PageRequest } from '@care/persistence';
import { AuditTrail, FieldSealer, InjectClock, normalisePurpose, type Clock } from '@care/service-kit';
import type { HealthInsuranceConfig } from '../config';
import { requireMentalHealthDuty, type MentalHealthAuditAction } from './mental-health-access';
import { mentalHealthRules } from './mental-health-config';
import {
  CLOSED_DUE_KEY,
  stepId,
  type MentalHealthReferralChange,
  type MentalHealthReferralDocument,
  type MentalHealthStepDocument,
} from './mental-health.schema';
import { MentalHealthReferralsRepository, MentalHealthStepsRepository } from './mental-health.repositories';
import { underRules } from './rule-errors';

export interface OpenReferralInput {
  readonly childId: string;
  readonly source: MentalHealthSource;
  readonly concern: string;
  readonly openedOn?: string;
}

export interface ReferralStepInput {
  readonly action: MentalHealthAction;
  readonly revision: number;
  readonly on?: string;
  readonly note?: string;
}

export interface ReferralListQuery extends PageRequest {
  readonly countyCode: string;
  readonly purpose: string;
  readonly state?: MentalHealthState;
  readonly overdueOnly?: boolean;
}

/** A referral in a list: no concern, no notes (read one referral at a time, audited). */
export interface MentalHealthReferralSummaryView {
  readonly id: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly source: MentalHealthSource;
  readonly sourceLabel: string;
  readonly state: MentalHealthState;
  readonly stateLabel: string;
  readonly openedOn: LocalDate;
  readonly stateSince: LocalDate;
  readonly lastStepOn: LocalDate;
  readonly dueOn: LocalDate | null;
  readonly overdue: boolean;
  readonly outcome: string | null;
  readonly outcomeLabel: string | null;
  readonly closedOn: LocalDate | null;
  readonly revision: number;
}

export interface MentalHealthStepView {
  readonly seq: number;
  readonly action: MentalHealthAction | 'open';
  readonly actionLabel: string;
  readonly from: MentalHealthState | null;
  readonly to: MentalHealthState;
  readonly userId: string;
  readonly on: LocalDate;
  readonly note: string;
  readonly recordedAt: string;
}

export interface MentalHealthReferralView extends MentalHealthReferralSummaryView {
  readonly concern: string;
  readonly visitsInState: number;
  readonly steps: readonly MentalHealthStepView[];
  readonly availableActions: readonly { readonly action: MentalHealthAction; readonly label: string }[];
}

export interface MentalHealthReferralPage {
  readonly items: MentalHealthReferralSummaryView[];
  readonly nextCursor?: string;
}

function statusOf(doc: MentalHealthReferralDocument): MentalHealthStatus {
  return {
    state: doc.state,
    openedOn: doc.openedOn,
    stateSince: doc.stateSince,
    lastStepOn: doc.lastStepOn,
    visitsInState: doc.visitsInState,
    ...(doc.outcome === null ? {} : { outcome: doc.outcome }),
    ...(doc.closedOn === null ? {} : { closedOn: doc.closedOn }),
  };
}

/**
 * Mental-health referrals (心理健康转介, seed §11): a concern reported by a school, community or
 * family is referred to a health institution, assessed, and goes to intervention or medical care
 * (严重精神障碍管理), then follow-up, then closed, by the transition table of @care/health-rules.
 * Only a health officer with the mental-health duty reaches any of it; every read and every step
 * is recorded in the kit's hash-chained audit trail with its purpose; the concern and notes are
 * sealed at rest; nothing of a referral is published, and logs carry only ids and states.
 */
@Injectable()
export class MentalHealthService {
  private readonly logger = new Logger('MentalHealthService');
  private readonly rules: MentalHealthRules;

  constructor(
    private readonly referrals: MentalHealthReferralsRepository,
    private readonly steps: MentalHealthStepsRepository,
    private readonly projection: DepartmentProjection,
    private readonly sealer: FieldSealer,
    private readonly audit: AuditTrail,
    @InjectConfig() config: HealthInsuranceConfig,
    @InjectClock() private readonly clock: Clock,
  ) {
    this.rules = mentalHealthRules(config);
    assertMentalHealthRules(this.rules);
  }

  async open(actor: Actor, input: OpenReferralInput): Promise<MentalHealthReferralView> {
    requireMentalHealthDuty(actor);
    const child = await this.projection.child(input.childId);
    if (child === null) throw notFound('登记服务中的儿童', input.childId);
    assertCountyInScope(actor, child.countyCode);
    const asOf = today(this.clock);
    const status = underRules(() => openMentalHealthReferral(input.openedOn ?? asOf, asOf));
    const now = this.clock.now();
    const dueOn = mentalHealthDueOn(status, this.rules) ?? null;
    const doc: MentalHealthReferralDocument = {
      _id: randomUUID(),
      countyCode: child.countyCode,
      childId: input.childId,
      source: input.source,
      concern: this.sealer.seal(input.concern),
      state: status.state,
      openedOn: status.openedOn,
      stateSince: status.stateSince,
      lastStepOn: status.lastStepOn,
      visitsInState: status.visitsInState,
      outcome: null,
      closedOn: null,
      dueOn,
      dueKey: dueOn ?? CLOSED_DUE_KEY,
      openKey: input.childId,
      openedBy: { userId: actor.userId, department: actor.department, recordedAt: now.toISOString() },
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.referrals.create(doc);
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000)
        throw alreadyExists('该儿童未结案的心理健康转介', 'childId', {
          rule: '每名儿童同时只有一件未结案转介',
        });
      throw error;
    }
    await this.record(actor, 'mental-health-open', doc, '登记心理健康关注（转介来源报告）');
    this.logger.log({
      msg: 'mental-health referral opened',
      referralId: doc._id,
      countyCode: doc.countyCode,
    });
    return this.view(doc, []);
  }

  async act(actor: Actor, id: string, input: ReferralStepInput): Promise<MentalHealthReferralView> {
    requireMentalHealthDuty(actor);
    const before = await this.load(actor, id);
    if (before.rev !== input.revision)
      throw conflict(
        `转介记录已被他人更新（当前版本 ${before.rev}，提交的版本 ${input.revision}），请刷新后重试`,
        {
          revision: before.rev,
        },
      );
    const asOf = today(this.clock);
    const result = underRules(() =>
      applyMentalHealthStep(
        statusOf(before),
        { action: input.action, on: input.on ?? asOf },
        asOf,
        this.rules,
      ),
    );
    const next = result.status;
    const now = this.clock.now();
    const dueOn = mentalHealthDueOn(next, this.rules) ?? null;
    const change: MentalHealthReferralChange = {
      state: next.state,
      stateSince: next.stateSince,
      lastStepOn: next.lastStepOn,
      visitsInState: next.visitsInState,
      outcome: next.outcome ?? null,
      closedOn: next.closedOn ?? null,
      dueOn,
      dueKey: dueOn ?? CLOSED_DUE_KEY,
      openKey: next.state === 'closed' ? before._id : before.openKey,
      updatedAt: now,
    };
    const seq = before.rev + 1;
    const step: MentalHealthStepDocument = {
      _id: stepId(before._id, seq),
      referralId: before._id,
      countyCode: before.countyCode,
      seq,
      action: input.action,
      from: result.from,
      to: result.to,
      userId: actor.userId,
      department: actor.department,
      on: next.lastStepOn,
      note: input.note === undefined || input.note === '' ? '' : this.sealer.seal(input.note),
      recordedAt: now.toISOString(),
      change,
    };
    // The commit point: of the writers that read this revision, one inserts step `seq`.
    if (!(await this.steps.claim(step)))
      throw conflict('转介记录已被他人同时更新，本次办理未保存，请刷新后重试', { revision: before.rev });
    await this.referrals.applyChange(before, change);
    const after: MentalHealthReferralDocument = { ...before, ...change, rev: seq };
    await this.record(
      actor,
      'mental-health-step',
      after,
      `心理健康转介办理：${MENTAL_HEALTH_TRANSITIONS[input.action].label}`,
    );
    this.logger.log({
      msg: 'mental-health referral step',
      referralId: id,
      action: input.action,
      to: result.to,
    });
    return this.view(after, await this.steps.forReferral(after.countyCode, after._id, after.rev));
  }

  /** One referral in full, after its read is audited with the stated purpose. */
  async get(actor: Actor, id: string, purpose: string): Promise<MentalHealthReferralView> {
    requireMentalHealthDuty(actor);
    const stated = normalisePurpose(purpose);
    const doc = await this.load(actor, id);
    await this.record(actor, 'mental-health-read', doc, stated);
    return this.view(doc, await this.steps.forReferral(doc.countyCode, doc._id, doc.rev));
  }

  async list(actor: Actor, query: ReferralListQuery): Promise<MentalHealthReferralPage> {
    requireMentalHealthDuty(actor);
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
      action: 'mental-health-list',
      recordId: `county:${query.countyCode}`,
      field: 'summary',
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
    action: MentalHealthAuditAction,
    doc: MentalHealthReferralDocument,
    purpose: string,
  ): Promise<unknown> {
    return this.audit.record({
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      action,
      recordId: doc._id,
      field: '*',
      purpose,
      countyCode: doc.countyCode,
    });
  }

  /** 404 when absent, 403 outside the actor's counties; a claimed but unapplied step is applied first. */
  private async load(actor: Actor, id: string): Promise<MentalHealthReferralDocument> {
    let doc = await this.referrals.byId(id);
    if (doc === null) throw notFound('心理健康转介记录', id);
    assertCountyInScope(actor, doc.countyCode);
    for (let pending = await this.steps.next(doc.countyCode, doc._id, doc.rev); pending !== null;) {
      await this.referrals.applyChange(doc, pending.change);
      this.logger.warn({
        msg: 'mental-health step completed for its writer',
        referralId: id,
        seq: pending.seq,
      });
      doc = { ...doc, ...pending.change, rev: pending.seq };
      pending = await this.steps.next(doc.countyCode, doc._id, doc.rev);
    }
    return doc;
  }

  private summary(doc: MentalHealthReferralDocument, asOf: LocalDate): MentalHealthReferralSummaryView {
    return {
      id: doc._id,
      childId: doc.childId,
      countyCode: doc.countyCode,
      source: doc.source,
      sourceLabel: MENTAL_HEALTH_SOURCE_LABELS[doc.source],
      state: doc.state,
      stateLabel: MENTAL_HEALTH_STATE_LABELS[doc.state],
      openedOn: doc.openedOn,
      stateSince: doc.stateSince,
      lastStepOn: doc.lastStepOn,
      dueOn: doc.dueOn,
      overdue: doc.dueOn !== null && doc.dueOn < asOf,
      outcome: doc.outcome,
      outcomeLabel: doc.outcome === null ? null : MENTAL_HEALTH_OUTCOME_LABELS[doc.outcome],
      closedOn: doc.closedOn,
      revision: doc.rev,
    };
  }

  private view(
    doc: MentalHealthReferralDocument,
    log: readonly MentalHealthStepDocument[],
  ): MentalHealthReferralView {
    return {
      ...this.summary(doc, today(this.clock)),
      concern: this.sealer.open(doc.concern),
      visitsInState: doc.visitsInState,
      steps: [
        {
          seq: 1,
          action: 'open',
          actionLabel: `报告（${MENTAL_HEALTH_SOURCE_LABELS[doc.source]}）`,
          from: null,
          to: 'reported',
          userId: doc.openedBy.userId,
          on: doc.openedOn,
          note: '',
          recordedAt: doc.openedBy.recordedAt,
        },
        ...log.map((s): MentalHealthStepView => ({
          seq: s.seq,
          action: s.action,
          actionLabel: MENTAL_HEALTH_TRANSITIONS[s.action].label,
          from: s.from,
          to: s.to,
          userId: s.userId,
          on: s.on,
          note: s.note === '' ? '' : this.sealer.open(s.note),
          recordedAt: s.recordedAt,
        })),
      ],
      availableActions: availableMentalHealthActions(statusOf(doc)).map((action) => ({
        action,
        label: MENTAL_HEALTH_TRANSITIONS[action].label,
      })),
    };
  }
}
