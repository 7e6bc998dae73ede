import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertCountyInScope, type Actor } from '@care/access';
import { today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { DepartmentProjection } from '@care/department-kit';
import { alreadyExists, conflict, notFound } from '@care/errors';
import type { PageRequest } from '@care/persistence';
import { AuditTrail, FieldSealer, InjectClock, normalisePurpose, type Clock } from '@care/service-kit';
import {
  CLOSURE_OUTCOME_LABELS,
  GUARDIANSHIP_CONCERN_LABELS,
  GUARDIANSHIP_PARTY_LABELS,
  GUARDIANSHIP_STATE_LABELS,
  GUARDIANSHIP_TRANSITIONS,
  applyGuardianshipStep,
  assertGuardianshipRules,
  availableActions,
  caseDueOn,
  daysPastDue,
  isPastDue,
  openGuardianshipCase,
  type GuardianshipAction,
  type GuardianshipCaseStatus,
  type GuardianshipConcern,
  type GuardianshipParty,
  type GuardianshipRules,
  type GuardianshipState,
} from '@care/welfare-rules';
import type { WelfareConfig } from '../config';
import { requireParty } from './guardianship-access';
import { recordRead } from '../case-reads';
import { CLOSED_DUE_KEY, type GuardianshipCaseDocument } from './guardianship-case.schema';
import { GuardianshipCasesRepository } from './guardianship-cases.repository';
import {
  stepId,
  type GuardianshipCaseChange,
  type GuardianshipStepDocument,
} from './guardianship-step.schema';
import { GuardianshipStepsRepository } from './guardianship-steps.repository';
import { guardianshipRules } from './guardianship-config';
import { underRules } from './rule-errors';

export interface OpenCaseInput {
  readonly childId: string;
  readonly concern: GuardianshipConcern;
  readonly summary: string;
  /** Default today. */
  readonly openedOn?: string;
}

export interface ActInput {
  readonly action: GuardianshipAction;
  /** The revision the actor saw: a step on a changed case is refused (409). */
  readonly revision: number;
  /** Default today. */
  readonly on?: string;
  readonly note?: string;
}

export interface CaseListQuery extends PageRequest {
  readonly countyCode: string;
  readonly state?: GuardianshipState;
  readonly overdueOnly?: boolean;
}

/** A case in a list: no narrative, no notes (they are read one case at a time). */
export interface GuardianshipCaseSummaryView {
  readonly id: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly concern: GuardianshipConcern;
  readonly concernLabel: string;
  readonly state: GuardianshipState;
  readonly stateLabel: string;
  readonly openedOn: LocalDate;
  readonly stateSince: LocalDate;
  readonly lastStepOn: LocalDate;
  readonly dueOn: LocalDate | null;
  readonly overdue: boolean;
  readonly daysOverdue: number;
  readonly outcome: string | null;
  readonly outcomeLabel: string | null;
  readonly closedOn: LocalDate | null;
  readonly revision: number;
}

export interface GuardianshipStepView {
  readonly seq: number;
  readonly action: GuardianshipAction | 'open';
  readonly actionLabel: string;
  readonly from: GuardianshipState | null;
  readonly to: GuardianshipState;
  readonly party: GuardianshipParty;
  readonly partyLabel: string;
  readonly userId: string;
  readonly department: string;
  readonly on: LocalDate;
  readonly note: string;
  readonly recordedAt: string;
}

export interface GuardianshipCaseView extends GuardianshipCaseSummaryView {
  readonly summary: string;
  readonly visitsInState: number;
  readonly steps: readonly GuardianshipStepView[];
  /** The steps the caller's party may take now. */
  readonly availableActions: readonly { readonly action: GuardianshipAction; readonly label: string }[];
}

export interface GuardianshipCasePage {
  readonly items: GuardianshipCaseSummaryView[];
  readonly nextCursor?: string;
}

function statusOf(doc: GuardianshipCaseDocument): GuardianshipCaseStatus {
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
 * Guardianship cases (监护缺失/监护不力 处置, seed §10 and §9): opened by the committee, civil
 * affairs or a judicial organ for a child of the registry, stepped through the transition table
 * of @care/welfare-rules by the party each step belongs to, within the child's county only.
 * Narratives and notes are personal free text: sealed at rest (the kit's FieldSealer, SM4 +
 * HMAC-SM3 under this service's own keys), opened only to answer one case, never logged.
 */
@Injectable()
export class GuardianshipService {
  private readonly logger = new Logger('GuardianshipService');
  private readonly rules: GuardianshipRules;

  constructor(
    private readonly cases: GuardianshipCasesRepository,
    private readonly steps: GuardianshipStepsRepository,
    private readonly projection: DepartmentProjection,
    private readonly sealer: FieldSealer,
    private readonly audit: AuditTrail,
    @InjectConfig() config: WelfareConfig,
    @InjectClock() private readonly clock: Clock,
  ) {
    this.rules = guardianshipRules(config);
    assertGuardianshipRules(this.rules);
  }

  async open(actor: Actor, input: OpenCaseInput): Promise<GuardianshipCaseView> {
    const party = requireParty(actor);
    const child = await this.projection.child(input.childId);
    if (child === null) throw notFound('登记服务中的儿童', input.childId);
    assertCountyInScope(actor, child.countyCode);
    const asOf = today(this.clock);
    const status = underRules(() => openGuardianshipCase(party, input.openedOn ?? asOf, asOf));
    const now = this.clock.now();
    const id = randomUUID();
    const dueOn = caseDueOn(status, this.rules) ?? null;
    const doc: GuardianshipCaseDocument = {
      _id: id,
      countyCode: child.countyCode,
      townshipCode: child.townshipCode,
      childId: input.childId,
      concern: input.concern,
      summary: this.sealer.seal(input.summary),
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
      openedBy: {
        state: status.state,
        party,
        userId: actor.userId,
        department: actor.department,
        recordedAt: now.toISOString(),
      },
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.cases.create(doc);
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000)
        throw alreadyExists('该儿童未结案的监护缺失案件', 'childId', {
          rule: '每名儿童同时只有一件未结案案件',
        });
      throw error;
    }
    this.logger.log({
      msg: 'guardianship case opened',
      caseId: id,
      countyCode: doc.countyCode,
      state: doc.state,
    });
    return this.view(doc, [], party);
  }

  async act(actor: Actor, caseId: string, input: ActInput): Promise<GuardianshipCaseView> {
    const party = requireParty(actor);
    const before = await this.load(actor, caseId);
    if (before.rev !== input.revision)
      throw conflict(
        `案件已被他人更新（当前版本 ${before.rev}，提交的版本 ${input.revision}），请刷新后重试`,
        {
          revision: before.rev,
        },
      );
    const asOf = today(this.clock);
    const result = underRules(() =>
      applyGuardianshipStep(
        statusOf(before),
        { action: input.action, party, on: input.on ?? asOf },
        asOf,
        this.rules,
      ),
    );
    const next = result.status;
    const now = this.clock.now();
    const dueOn = caseDueOn(next, this.rules) ?? null;
    const change: GuardianshipCaseChange = {
      state: next.state,
      stateSince: next.stateSince,
      lastStepOn: next.lastStepOn,
      visitsInState: next.visitsInState,
      outcome: next.outcome ?? null,
      closedOn: next.closedOn ?? null,
      dueOn,
      dueKey: dueOn ?? CLOSED_DUE_KEY,
      // A closed case frees the child for a new one.
      openKey: next.state === 'closed' ? before._id : before.openKey,
      updatedAt: now,
    };
    const seq = before.rev + 1;
    const step: GuardianshipStepDocument = {
      _id: stepId(before._id, seq),
      caseId: before._id,
      countyCode: before.countyCode,
      seq,
      action: input.action,
      from: result.from,
      to: result.to,
      party,
      userId: actor.userId,
      department: actor.department,
      on: next.lastStepOn,
      note: input.note === undefined || input.note === '' ? '' : this.sealer.seal(input.note),
      recordedAt: now.toISOString(),
      change,
    };
    // The commit point: of the writers that read this revision, one inserts step `seq`.
    if (!(await this.steps.claim(step)))
      throw conflict('案件已被他人同时更新，本次办理未保存，请刷新后重试', { revision: before.rev });
    await this.cases.applyChange(before, change);
    this.logger.log({
      msg: 'guardianship case step',
      caseId,
      countyCode: before.countyCode,
      action: input.action,
      from: result.from,
      to: result.to,
    });
    const after: GuardianshipCaseDocument = { ...before, ...change, rev: seq };
    await this.audited(actor, after, `办理：${GUARDIANSHIP_TRANSITIONS[input.action].label}`);
    return this.view(after, await this.steps.forCase(after.countyCode, after._id, after.rev), party);
  }

  /** One case in full, after its read is audited with the stated purpose (用途). */
  async get(actor: Actor, caseId: string, purpose: string): Promise<GuardianshipCaseView> {
    const party = requireParty(actor);
    const stated = normalisePurpose(purpose);
    const doc = await this.load(actor, caseId);
    await this.audited(actor, doc, stated);
    return this.view(doc, await this.steps.forCase(doc.countyCode, doc._id, doc.rev), party);
  }

  /** The narrative and notes are about to be shown to the actor: the audit trail records it first. */
  private async audited(actor: Actor, doc: GuardianshipCaseDocument, purpose: string): Promise<void> {
    await recordRead(this.audit, actor, {
      action: 'read-case',
      recordId: doc._id,
      countyCode: doc.countyCode,
      fields: 'summary,notes',
      purpose,
    });
  }

  async list(actor: Actor, query: CaseListQuery): Promise<GuardianshipCasePage> {
    requireParty(actor);
    assertCountyInScope(actor, query.countyCode);
    const asOf = today(this.clock);
    const page = await this.cases.list(
      query.countyCode,
      { state: query.state, dueBefore: query.overdueOnly === true ? asOf : undefined },
      { pageSize: query.pageSize, cursor: query.cursor },
    );
    return {
      items: page.items.map((doc) => this.summary(doc, asOf)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /**
   * The case, refused with 404 when absent and 403 when outside the actor's counties. A step in
   * the log that its writer did not get to apply (it stopped between the two writes) is applied
   * first, so nobody sees or builds on a half-written step.
   */
  private async load(actor: Actor, caseId: string): Promise<GuardianshipCaseDocument> {
    let doc = await this.cases.byId(caseId);
    if (doc === null) throw notFound('监护缺失案件', caseId);
    assertCountyInScope(actor, doc.countyCode);
    for (let pending = await this.steps.next(doc.countyCode, doc._id, doc.rev); pending !== null;) {
      await this.cases.applyChange(doc, pending.change);
      this.logger.warn({ msg: 'guardianship step completed for its writer', caseId, seq: pending.seq });
      doc = { ...doc, ...pending.change, rev: pending.seq };
      pending = await this.steps.next(doc.countyCode, doc._id, doc.rev);
    }
    return doc;
  }

  private summary(doc: GuardianshipCaseDocument, asOf: LocalDate): GuardianshipCaseSummaryView {
    return {
      id: doc._id,
      childId: doc.childId,
      countyCode: doc.countyCode,
      townshipCode: doc.townshipCode,
      concern: doc.concern,
      concernLabel: GUARDIANSHIP_CONCERN_LABELS[doc.concern],
      state: doc.state,
      stateLabel: GUARDIANSHIP_STATE_LABELS[doc.state],
      openedOn: doc.openedOn,
      stateSince: doc.stateSince,
      lastStepOn: doc.lastStepOn,
      // The due day stored with the last step: the one the list is ordered by.
      dueOn: doc.dueOn,
      overdue: isPastDue(doc.dueOn, asOf),
      daysOverdue: daysPastDue(doc.dueOn, asOf),
      outcome: doc.outcome,
      outcomeLabel: doc.outcome === null ? null : CLOSURE_OUTCOME_LABELS[doc.outcome],
      closedOn: doc.closedOn,
      revision: doc.rev,
    };
  }

  private view(
    doc: GuardianshipCaseDocument,
    log: readonly GuardianshipStepDocument[],
    party: GuardianshipParty,
  ): GuardianshipCaseView {
    const opening: GuardianshipStepView = {
      seq: 1,
      action: 'open',
      actionLabel: '登记立案',
      from: null,
      to: doc.openedBy.state,
      party: doc.openedBy.party,
      partyLabel: GUARDIANSHIP_PARTY_LABELS[doc.openedBy.party],
      userId: doc.openedBy.userId,
      department: doc.openedBy.department,
      on: doc.openedOn,
      note: '',
      recordedAt: doc.openedBy.recordedAt,
    };
    return {
      ...this.summary(doc, today(this.clock)),
      summary: this.sealer.open(doc.summary),
      visitsInState: doc.visitsInState,
      steps: [
        opening,
        ...log.map((s): GuardianshipStepView => ({
          seq: s.seq,
          action: s.action,
          actionLabel: GUARDIANSHIP_TRANSITIONS[s.action].label,
          from: s.from,
          to: s.to,
          party: s.party,
          partyLabel: GUARDIANSHIP_PARTY_LABELS[s.party],
          userId: s.userId,
          department: s.department,
          on: s.on,
          note: s.note === '' ? '' : this.sealer.open(s.note),
          recordedAt: s.recordedAt,
        })),
      ],
      availableActions: availableActions(statusOf(doc), party).map((action) => ({
        action,
        label: GUARDIANSHIP_TRANSITIONS[action].label,
      })),
    };
  }
}
