import { Injectable, Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { assertCountyInScope, type Actor } from '@care/access';
import { today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import {
  DeliveriesService,
  DepartmentEntitlementsRepository,
  DepartmentProjection,
  REGISTRY_DEPENDENCY,
  RegistryChildIdentities,
} from '@care/department-kit';
import {
  DomainError,
  alreadyExists,
  conflict,
  failedPrecondition,
  notFound,
  permissionDenied,
} from '@care/errors';
import type { PageRequest } from '@care/persistence';
import { AuditTrail, FieldSealer, InjectClock, normalisePurpose, type Clock } from '@care/service-kit';
import { recordExport, recordRead } from '../case-reads';
import {
  ASSISTANCE_DEPARTMENT_LABELS,
  ASSISTANCE_END_REASON_LABELS,
  ASSISTANCE_PARTY_LABELS,
  ASSISTANCE_PERIOD_LABELS,
  ASSISTANCE_STATE_LABELS,
  ASSISTANCE_TRANSITIONS,
  HUKOU_ANSWER_LABELS,
  HUYOU_LIST_COLUMNS,
  MOVE_OUT_RULE,
  MOVE_OUT_STEP,
  SYSTEM_PARTY,
  applicationDueOn,
  applyAssistanceStep,
  assertAssistanceRules,
  assistanceDaysPastDue,
  availableAssistanceActions,
  decideOnMoveOut,
  fenToYuan,
  findAssistanceKind,
  huyouChildIds,
  huyouListRows,
  isAssistancePastDue,
  isClosedAssistanceState,
  submitAssistanceApplication,
  type AssistanceAction,
  type AssistanceApplicationStatus,
  type AssistanceDepartment,
  type AssistanceEndReason,
  type AssistanceKind,
  type AssistanceParty,
  type AssistanceRules,
  type AssistanceState,
  type AssistanceSystemAction,
  type AssistanceSystemParty,
  type HuyouIdentity,
  type MoveOutKeep,
} from '@care/welfare-rules';
import type { WelfareConfig } from '../config';
import { departmentScope, partyOf, requireParty } from './assistance-access';
import {
  APPROVED_DUE_KEY,
  CLOSED_DUE_KEY,
  type AssistanceApplicationDocument,
} from './assistance-application.schema';
import { AssistanceApplicationsRepository } from './assistance-applications.repository';
import { assistanceRules } from './assistance-config';
import {
  assistanceStepId,
  type AssistanceApplicationChange,
  type AssistanceStepDocument,
  type AssistanceStepInput,
} from './assistance-step.schema';
import { AssistanceStepsRepository } from './assistance-steps.repository';
import { underRules } from './rule-errors';

export interface SubmitInput {
  readonly childId: string;
  readonly kind: string;
  readonly hukouCountyCode?: string;
  /** Default today. */
  readonly submittedOn?: string;
  readonly note?: string;
}

export interface ActInput extends AssistanceStepInput {
  readonly action: AssistanceAction;
  /** The revision the actor saw: a step on a changed application is refused (409). */
  readonly revision: number;
  readonly note?: string;
}

export interface ApplicationListQuery extends PageRequest {
  readonly countyCode: string;
  readonly state?: AssistanceState;
  readonly overdueOnly?: boolean;
}

/**
 * What became of the delivery of the kind's item (the catalogue's gap): recorded (published,
 * or already delivered), the child is not entitled to it in the catalogue (nothing to close),
 * or not yet recorded (a replay of the approval records it).
 */
export type DeliveryStatus = 'recorded' | 'not-entitled' | 'not-recorded';

export interface AssistanceApplicationSummaryView {
  readonly id: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly department: AssistanceDepartment;
  readonly departmentLabel: string;
  readonly itemCode: string;
  readonly state: AssistanceState;
  readonly stateLabel: string;
  readonly submittedOn: LocalDate;
  readonly stateSince: LocalDate;
  readonly lastStepOn: LocalDate;
  readonly dueOn: LocalDate | null;
  readonly overdue: boolean;
  readonly daysOverdue: number;
  readonly hukouCountyCode: string | null;
  readonly hukouAnswer: string | null;
  readonly hukouAnswerLabel: string | null;
  readonly hukouAnsweredOn: LocalDate | null;
  readonly period: string;
  readonly periodLabel: string;
  readonly amountFen: number | null;
  readonly amountYuan: string | null;
  readonly startMonth: string | null;
  readonly approvedOn: LocalDate | null;
  readonly endReason: AssistanceEndReason | null;
  readonly endReasonLabel: string | null;
  readonly revision: number;
}

export interface AssistanceStepView {
  readonly seq: number;
  readonly action: AssistanceAction | AssistanceSystemAction | 'submit';
  readonly actionLabel: string;
  readonly from: AssistanceState | null;
  readonly to: AssistanceState;
  readonly party: AssistanceParty | AssistanceSystemParty;
  readonly partyLabel: string;
  readonly userId: string;
  readonly on: LocalDate;
  readonly note: string;
  readonly recordedAt: string;
}

export interface AssistanceApplicationView extends AssistanceApplicationSummaryView {
  readonly reason: string | null;
  readonly note: string;
  readonly hukouReference: string;
  readonly standard: { readonly amountFen: number; readonly maxAmountFen: number; readonly label: string };
  readonly delivery: { readonly itemCode: string; readonly status: DeliveryStatus } | null;
  readonly steps: readonly AssistanceStepView[];
  readonly availableActions: readonly { readonly action: AssistanceAction; readonly label: string }[];
  /** True when the request repeated the last step already recorded (nothing new was written). */
  readonly replayed: boolean;
}

export interface AssistanceApplicationPage {
  readonly items: AssistanceApplicationSummaryView[];
  readonly nextCursor?: string;
}

/** What a move-out did to each of the child's open applications (for logs and tests; no personal data). */
export interface MoveOutOutcome {
  readonly applicationId: string;
  readonly outcome: 'ended' | MoveOutKeep;
}

/** The purpose the registry audits for the identities of the 护佑健康 list. */
export const HUYOU_IDENTITY_PURPOSE = '护佑健康名单报送';

/** How many times a move-out re-reads an application an officer changed at the same moment. */
const MOVE_OUT_ATTEMPTS = 5;

export interface HuyouListFile {
  readonly fileName: string;
  readonly rowCount: number;
  readonly content: Buffer;
}

function statusOf(doc: AssistanceApplicationDocument): AssistanceApplicationStatus {
  return {
    kind: doc.kind,
    state: doc.state,
    submittedOn: doc.submittedOn,
    stateSince: doc.stateSince,
    lastStepOn: doc.lastStepOn,
    hukouCountyCode: doc.hukouCountyCode,
    hukouAnswer: doc.hukouAnswer,
    hukouAnsweredOn: doc.hukouAnsweredOn,
    hukouReference: doc.hukouReference,
    amountFen: doc.amountFen,
    startMonth: doc.startMonth,
    approvedOn: doc.approvedOn,
    reason: doc.reason,
    endReason: doc.endReason ?? null,
  };
}

function stepLabel(action: AssistanceAction | AssistanceSystemAction): string {
  return action === MOVE_OUT_STEP ? MOVE_OUT_RULE.label : ASSISTANCE_TRANSITIONS[action].label;
}

function partyLabel(party: AssistanceParty | AssistanceSystemParty): string {
  return party === SYSTEM_PARTY ? MOVE_OUT_RULE.partyLabel : ASSISTANCE_PARTY_LABELS[party];
}

function kindOf(id: string): AssistanceKind {
  const kind = findAssistanceKind(id);
  // Only ids of the bundled kinds are stored; a kind removed from the data is a deployment error.
  if (kind === undefined) throw new Error(`assistance kind ${id} is not configured`);
  return kind;
}

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/**
 * Social-assistance applications (救助申请): submitted for a child of the registry in the
 * child's residence county, confirmed by the hukou place where the kind needs it (an officer
 * records its answer until the cross-region gateway exists), reviewed and decided by the
 * kind's department, and, once approved, recorded as the delivery of the kind's service-list
 * item. Notes and reasons are personal free text: sealed at rest (the kit's FieldSealer),
 * opened only to answer one application, never logged.
 */
@Injectable()
export class AssistanceService {
  private readonly logger = new Logger('AssistanceService');
  private readonly rules: AssistanceRules;

  constructor(
    private readonly applications: AssistanceApplicationsRepository,
    private readonly steps: AssistanceStepsRepository,
    private readonly projection: DepartmentProjection,
    private readonly deliveries: DeliveriesService,
    private readonly entitlements: DepartmentEntitlementsRepository,
    private readonly identities: RegistryChildIdentities,
    private readonly sealer: FieldSealer,
    private readonly audit: AuditTrail,
    @InjectConfig() config: WelfareConfig,
    @InjectClock() private readonly clock: Clock,
  ) {
    this.rules = assistanceRules(config);
    assertAssistanceRules(this.rules);
  }

  async submit(actor: Actor, input: SubmitInput): Promise<AssistanceApplicationView> {
    const party = requireParty(actor);
    const kind = findAssistanceKind(input.kind);
    if (kind === undefined) throw notFound('救助类别', input.kind.slice(0, 64));
    const child = await this.projection.child(input.childId);
    if (child === null) throw notFound('登记服务中的儿童', input.childId);
    assertCountyInScope(actor, child.countyCode);
    if (child.facts.movedOut)
      throw failedPrecondition('该儿童已迁出本地，不能在本地提交救助申请', {
        field: 'childId',
        rule: '须为在本地居住的儿童',
      });
    const asOf = today(this.clock);
    const status = underRules(() =>
      submitAssistanceApplication(
        kind,
        {
          party,
          on: input.submittedOn ?? asOf,
          residenceCountyCode: child.countyCode,
          hukouCountyCode: input.hukouCountyCode,
        },
        asOf,
      ),
    );
    const now = this.clock.now();
    const id = randomUUID();
    const dueOn = applicationDueOn(status, this.rules) ?? null;
    const doc: AssistanceApplicationDocument = {
      _id: id,
      countyCode: child.countyCode,
      townshipCode: child.townshipCode,
      childId: input.childId,
      department: kind.department,
      itemCode: kind.itemCode,
      ...status,
      note: this.sealText(input.note ?? ''),
      dueOn,
      dueKey: dueOn ?? CLOSED_DUE_KEY,
      openKey: `${input.childId}|${kind.id}`,
      submittedBy: {
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
      await this.applications.create(doc);
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000)
        throw alreadyExists(`该儿童未办结的「${kind.nameZh}」申请`, 'kind', {
          rule: '每名儿童每个救助类别同时只有一件未办结申请',
        });
      throw error;
    }
    this.logger.log({
      msg: 'assistance application submitted',
      applicationId: id,
      countyCode: doc.countyCode,
      kind: kind.id,
    });
    return this.view(doc, [], partyOf(actor), null, false);
  }

  async act(actor: Actor, id: string, input: ActInput): Promise<AssistanceApplicationView> {
    const party = requireParty(actor);
    const before = await this.load(actor, id);
    if (before.rev !== input.revision) {
      // The same request again after it landed (a retry, a double click): answer as then.
      if (input.revision === before.rev - 1) {
        const last = await this.steps.at(before.countyCode, before._id, before.rev);
        if (last !== null && this.isSameStep(last, actor, input)) return this.replay(actor, before, party);
      }
      throw conflict(
        `申请已被他人更新（当前版本 ${before.rev}，提交的版本 ${input.revision}），请刷新后重试`,
        { revision: before.rev },
      );
    }
    const kind = kindOf(before.kind);
    const asOf = today(this.clock);
    const stepInput: AssistanceStepInput = {
      ...(input.on === undefined ? {} : { on: input.on }),
      ...(input.reason === undefined ? {} : { reason: this.sealText(input.reason) }),
      ...(input.amountFen === undefined ? {} : { amountFen: input.amountFen }),
      ...(input.startMonth === undefined ? {} : { startMonth: input.startMonth }),
      ...(input.reference === undefined ? {} : { reference: input.reference }),
    };
    const result = underRules(() =>
      applyAssistanceStep(
        kind,
        { ...statusOf(before), reason: this.openText(before.reason) },
        { ...stepInput, reason: input.reason, action: input.action, party, on: input.on ?? asOf },
        asOf,
      ),
    );
    const next = result.status;
    const now = this.clock.now();
    const dueOn = applicationDueOn(next, this.rules) ?? null;
    const closed = isClosedAssistanceState(next.state);
    const change: AssistanceApplicationChange = {
      state: next.state,
      stateSince: next.stateSince,
      lastStepOn: next.lastStepOn,
      hukouAnswer: next.hukouAnswer,
      hukouAnsweredOn: next.hukouAnsweredOn,
      hukouReference: next.hukouReference,
      amountFen: next.amountFen,
      startMonth: next.startMonth,
      approvedOn: next.approvedOn,
      // The reason the rules kept (trimmed), sealed; a step without one clears it.
      reason: this.sealText(next.reason),
      endReason: next.endReason,
      dueOn,
      dueKey: dueOn ?? (closed ? CLOSED_DUE_KEY : APPROVED_DUE_KEY),
      // A closed application frees the child for a new one of the same kind.
      openKey: closed ? before._id : before.openKey,
      updatedAt: now,
    };
    const seq = before.rev + 1;
    const step: AssistanceStepDocument = {
      _id: assistanceStepId(before._id, seq),
      applicationId: before._id,
      countyCode: before.countyCode,
      seq,
      action: input.action,
      from: result.from,
      to: result.to,
      party,
      userId: actor.userId,
      department: actor.department,
      on: next.lastStepOn,
      input: stepInput,
      note: this.sealText(input.note ?? ''),
      recordedAt: now.toISOString(),
      change,
    };
    // The commit point: of the writers that read this revision, one inserts step `seq`.
    if (!(await this.steps.claim(step))) {
      const winner = await this.steps.at(before.countyCode, before._id, seq);
      if (winner !== null && this.isSameStep(winner, actor, input))
        return this.replay(actor, await this.load(actor, id), party);
      throw conflict('申请已被他人同时更新，本次办理未保存，请刷新后重试', { revision: before.rev });
    }
    await this.applications.applyChange(before, change);
    this.logger.log({
      msg: 'assistance application step',
      applicationId: id,
      countyCode: before.countyCode,
      kind: before.kind,
      action: input.action,
      from: result.from,
      to: result.to,
    });
    const after: AssistanceApplicationDocument = { ...before, ...change, rev: seq };
    const delivery = input.action === 'approve' ? await this.ensureDelivery(actor, after) : null;
    await this.audited(actor, after, `办理：${ASSISTANCE_TRANSITIONS[input.action].label}`);
    return this.view(
      after,
      await this.steps.forApplication(after.countyCode, after._id, after.rev),
      party,
      delivery ?? (await this.deliveryStatus(after)),
      false,
    );
  }

  /** One application in full, after its read is audited with the stated purpose (用途). */
  async get(actor: Actor, id: string, purpose: string): Promise<AssistanceApplicationView> {
    const stated = normalisePurpose(purpose);
    const doc = await this.load(actor, id);
    await this.audited(actor, doc, stated);
    return this.view(
      doc,
      await this.steps.forApplication(doc.countyCode, doc._id, doc.rev),
      partyOf(actor),
      await this.deliveryStatus(doc),
      false,
    );
  }

  async list(actor: Actor, query: ApplicationListQuery): Promise<AssistanceApplicationPage> {
    const department = departmentScope(actor);
    assertCountyInScope(actor, query.countyCode);
    const asOf = today(this.clock);
    const page = await this.applications.list(
      query.countyCode,
      { state: query.state, department, dueBefore: query.overdueOnly === true ? asOf : undefined },
      { pageSize: query.pageSize, cursor: query.cursor },
    );
    return {
      items: page.items.map((doc) => this.summary(doc, asOf)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /**
   * The registry says the child moved out of the city on `movedOutOn` (ChildMovedOut, with the
   * child's record at `registryVersion`): each open application of the child is ended as of that
   * day by a system step in its log (end reason `moved-out`), unless the rules keep it
   * (`decideOnMoveOut`: 临时救助, a one-off already paid, one submitted after the move-out).
   *
   * Idempotent and order-safe: an ended application is closed, so a redelivery changes nothing;
   * and when welfare's projection already holds a NEWER record of the child that says the child
   * lives here (moved back: a later registry version), the older move-out ends nothing.
   * Nothing is published: suspension and ending never are, and the entitlement's delivery state
   * stays as the department kit keeps it (a delivered item stays delivered; the kit closes open
   * items of a moved-out child from the same event).
   */
  async endOnMoveOut(
    childId: string,
    movedOutOn: LocalDate,
    registryVersion: number,
    eventId: string,
  ): Promise<MoveOutOutcome[] | 'stale'> {
    const known = await this.projection.child(childId);
    if (known !== null && known.version > registryVersion && !known.facts.movedOut) {
      this.logger.log({
        msg: 'move-out older than the registry record projected (child back): nothing ended',
        registryVersion,
        projectedVersion: known.version,
      });
      return 'stale';
    }
    const outcomes: MoveOutOutcome[] = [];
    for (const open of await this.applications.openOfChild(childId))
      outcomes.push(await this.endOneOnMoveOut(open._id, movedOutOn, registryVersion, eventId));
    return outcomes;
  }

  private async endOneOnMoveOut(
    id: string,
    movedOutOn: LocalDate,
    registryVersion: number,
    eventId: string,
  ): Promise<MoveOutOutcome> {
    for (let attempt = 1; attempt <= MOVE_OUT_ATTEMPTS; attempt++) {
      const stored = await this.applications.byId(id);
      if (stored === null) throw new Error(`assistance application ${id} vanished`);
      const before = await this.completed(stored);
      const decision = decideOnMoveOut(kindOf(before.kind), statusOf(before), movedOutOn);
      if (decision.outcome === 'keep') return { applicationId: id, outcome: decision.why };
      const next = decision.result.status;
      const now = this.clock.now();
      const change: AssistanceApplicationChange = {
        state: next.state,
        stateSince: next.stateSince,
        lastStepOn: next.lastStepOn,
        hukouAnswer: next.hukouAnswer,
        hukouAnsweredOn: next.hukouAnsweredOn,
        hukouReference: next.hukouReference,
        amountFen: next.amountFen,
        startMonth: next.startMonth,
        approvedOn: next.approvedOn,
        reason: this.sealText(next.reason),
        endReason: next.endReason,
        dueOn: null,
        dueKey: CLOSED_DUE_KEY,
        openKey: before._id,
        updatedAt: now,
      };
      const seq = before.rev + 1;
      const claimed = await this.steps.claim({
        _id: assistanceStepId(before._id, seq),
        applicationId: before._id,
        countyCode: before.countyCode,
        seq,
        action: MOVE_OUT_STEP,
        from: decision.result.from,
        to: decision.result.to,
        party: SYSTEM_PARTY,
        userId: `registry:child-moved-out:${eventId}`,
        department: 'registry',
        on: movedOutOn,
        input: { movedOutOn, registryVersion },
        note: '',
        recordedAt: now.toISOString(),
        change,
      });
      // Lost the seq to an officer's step (or a concurrent delivery): decide again on what landed.
      if (!claimed) continue;
      await this.applications.applyChange(before, change);
      this.logger.log({
        msg: 'assistance application ended on move-out',
        applicationId: id,
        countyCode: before.countyCode,
        kind: before.kind,
        from: decision.result.from,
      });
      return { applicationId: id, outcome: 'ended' };
    }
    throw conflict('救助申请并发更新，迁出终止稍后重试');
  }

  /**
   * The 护佑健康 list of a county as an Excel workbook: the children now receiving an approved
   * assistance of a listed kind, named. Welfare holds no names: they and the ID numbers are read
   * from the registry over gRPC for exactly the children on the list (≤500 a call, audited there
   * once per call with the purpose 护佑健康名单报送), put in the file and nowhere else. The export
   * itself goes to welfare's audit trail before the file is made. All or nothing: the registry
   * down is 503 (no file), a listed child the registry cannot name is 409 (no file).
   */
  async huyouList(actor: Actor, countyCode: string): Promise<HuyouListFile> {
    if (departmentScope(actor) === 'disabled-persons-federation')
      throw permissionDenied('护佑健康名单由民政部门报送省厅，残联工作人员无权导出');
    assertCountyInScope(actor, countyCode);
    const approved = await this.applications.approvedIn(countyCode);
    const applications = approved.map((a) => ({
      childId: a.childId,
      countyCode: a.countyCode,
      townshipCode: a.townshipCode,
      kind: a.kind,
      approvedOn: a.approvedOn ?? a.lastStepOn,
      startMonth: a.startMonth ?? '',
      amountFen: a.amountFen ?? 0,
      hukouCountyCode: a.hukouCountyCode,
    }));
    const listed = huyouChildIds(applications);
    const identities = await this.huyouIdentities(actor, countyCode, listed);
    // Welfare's own record of the file, before it is made (the registry audited the read).
    const exportId = randomUUID();
    await recordExport(this.audit, actor, {
      action: 'export-huyou-list',
      recordId: `huyou-list:${exportId}`,
      countyCode,
      fields: 'name,idNumber',
      purpose: HUYOU_IDENTITY_PURPOSE,
      recordCount: listed.length,
    });
    const children = listed.length === 0 ? [] : await this.projection.childrenByIds(listed);
    const rows = huyouListRows(
      applications,
      children.map((c) => ({ childId: c._id, birthDate: c.facts.birthDate, facts: c.facts })),
      identities,
    );
    const asOf = today(this.clock);
    const book = new ExcelJS.Workbook();
    book.creator = 'welfare';
    const sheet = book.addWorksheet('护佑健康名单');
    sheet.columns = HUYOU_LIST_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    // ID numbers as text: Excel would round 18 digits and drop a trailing X's meaning.
    sheet.getColumn('idNumber').numFmt = '@';
    for (const row of rows) sheet.addRow(row);
    const about = book.addWorksheet('说明');
    about.addRows([
      ['名单', '“护佑健康”孤困儿童大病保险名单（报省厅）'],
      ['县区代码', countyCode],
      ['导出日期', asOf],
      ['儿童人数', rows.length],
      [
        '说明',
        '姓名、身份证号由登记服务按名单儿童逐批提供（登记服务审计日志记录每次读取）；本文件含儿童个人信息，仅用于报送省厅，不得另作他用。',
      ],
      ['导出编号', exportId],
    ]);
    about.getColumn(1).width = 12;
    about.getColumn(2).width = 80;
    const content = Buffer.from(await book.xlsx.writeBuffer());
    this.logger.log({ msg: 'huyou list exported', countyCode, rows: rows.length, exportId });
    return { fileName: `huyou-list-${countyCode}-${asOf}.xlsx`, rowCount: rows.length, content };
  }

  /** The names and ID numbers of the listed children, from the registry; every one or an error. */
  private async huyouIdentities(
    actor: Actor,
    countyCode: string,
    childIds: readonly string[],
  ): Promise<Map<string, HuyouIdentity>> {
    if (childIds.length === 0) return new Map();
    const answers = await this.identities
      .read(actor, countyCode, childIds, HUYOU_IDENTITY_PURPOSE)
      .catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'unavailable')
          throw new DomainError(
            'unavailable',
            '登记服务暂时不可用：护佑健康名单须含儿童姓名和身份证号，本次未生成名单，请稍后重试',
            { details: { dependency: REGISTRY_DEPENDENCY }, cause: error },
          );
        throw error;
      });
    const missing = answers.filter((a) => !a.ok);
    if (missing.length > 0)
      throw failedPrecondition(
        `${missing.length}名名单儿童的姓名、身份证号未能从登记服务读取（未登记，或登记服务中已不在区县 ${countyCode}）：${missing
          .slice(0, 10)
          .map((a) => a.childId)
          .join(
            '、',
          )}${missing.length > 10 ? ' 等' : ''}；名单未生成，请核实这些儿童的登记或救助申请后再导出`,
        { field: 'childId', rule: '名单儿童须在登记服务本县区登记' },
      );
    return new Map(
      answers.flatMap((a) => (a.ok ? [[a.childId, { name: a.name, idNumber: a.idNumber }] as const] : [])),
    );
  }

  /** The stored step is the one this request asks for (the same actor, action and values). */
  private isSameStep(step: AssistanceStepDocument, actor: Actor, input: ActInput): boolean {
    return (
      step.userId === actor.userId &&
      step.action === input.action &&
      (input.on === undefined || input.on === step.on) &&
      sameValue(this.openText(step.input.reason ?? null), input.reason) &&
      sameValue(step.input.amountFen, input.amountFen) &&
      sameValue(step.input.startMonth, input.startMonth) &&
      sameValue(step.input.reference, input.reference) &&
      this.openText(step.note) === (input.note ?? '')
    );
  }

  /** The notes and reasons are about to be shown to the actor: the audit trail records it first. */
  private async audited(actor: Actor, doc: AssistanceApplicationDocument, purpose: string): Promise<void> {
    await recordRead(this.audit, actor, {
      action: 'read-application',
      recordId: doc._id,
      countyCode: doc.countyCode,
      fields: 'notes,reasons',
      purpose,
    });
  }

  /** Free text sealed at rest ('' and null stay as they are). */
  private sealText<T extends string | null>(text: T): T {
    return (text === null || text === '' ? text : this.sealer.seal(text)) as T;
  }

  private openText<T extends string | null>(text: T): T {
    return (text === null || text === '' ? text : this.sealer.open(text)) as T;
  }

  /**
   * The application, refused with 404 when absent, 403 outside the actor's counties or when it
   * belongs to the other department. A step in the log its writer did not get to apply is
   * applied first, so nobody sees or builds on a half-written step.
   */
  private async load(actor: Actor, id: string): Promise<AssistanceApplicationDocument> {
    const doc = await this.applications.byId(id);
    if (doc === null) throw notFound('救助申请', id);
    assertCountyInScope(actor, doc.countyCode);
    const department = departmentScope(actor);
    if (department !== undefined && department !== doc.department)
      throw permissionDenied(
        `该救助申请由${ASSISTANCE_DEPARTMENT_LABELS[doc.department]}办理，${ASSISTANCE_DEPARTMENT_LABELS[department]}工作人员无权查看或办理`,
      );
    return this.completed(doc);
  }

  /** The application with any step its writer did not get to apply applied. */
  private async completed(stored: AssistanceApplicationDocument): Promise<AssistanceApplicationDocument> {
    let doc = stored;
    const id = doc._id;
    for (let pending = await this.steps.at(doc.countyCode, doc._id, doc.rev + 1); pending !== null;) {
      await this.applications.applyChange(doc, pending.change);
      this.logger.warn({
        msg: 'assistance step completed for its writer',
        applicationId: id,
        seq: pending.seq,
      });
      doc = { ...doc, ...pending.change, rev: pending.seq };
      pending = await this.steps.at(doc.countyCode, doc._id, doc.rev + 1);
    }
    return doc;
  }

  /** The answer to a repeated request: the application as it stands; an approval's delivery is made good. */
  private async replay(
    actor: Actor,
    doc: AssistanceApplicationDocument,
    party: AssistanceParty,
  ): Promise<AssistanceApplicationView> {
    const last = await this.steps.at(doc.countyCode, doc._id, doc.rev);
    const delivery =
      last?.action === 'approve' && doc.state === 'approved' ? await this.ensureDelivery(actor, doc) : null;
    await this.audited(actor, doc, '重复提交的办理请求：返回申请现状');
    return this.view(
      doc,
      await this.steps.forApplication(doc.countyCode, doc._id, doc.rev),
      party,
      delivery ?? (await this.deliveryStatus(doc)),
      true,
    );
  }

  /**
   * Records the kind's item as delivered on the approval day, through the department kit (its
   * event closes the child's gap in the catalogue). Once: an item already delivered (another
   * kind of the same item, a replay) is left alone. A child the catalogue has not granted the
   * item (or who moved out) has no gap to close: the approval stands.
   */
  private async ensureDelivery(actor: Actor, doc: AssistanceApplicationDocument): Promise<DeliveryStatus> {
    const current = await this.deliveryStatus(doc);
    if (current === 'recorded' || current === 'not-entitled') return current;
    try {
      await this.deliveries.record(actor, {
        childId: doc.childId,
        itemCode: doc.itemCode,
        outcome: 'delivered',
        onDate: doc.approvedOn ?? doc.lastStepOn,
      });
      return 'recorded';
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'not-found' || error.code === 'failed-precondition')
      ) {
        this.logger.log({
          msg: 'assistance approved; the child has no open entitlement to the item',
          applicationId: doc._id,
          itemCode: doc.itemCode,
        });
        return 'not-entitled';
      }
      throw error;
    }
  }

  private async deliveryStatus(doc: AssistanceApplicationDocument): Promise<DeliveryStatus | null> {
    if (doc.approvedOn === null) return null;
    const entitlement = await this.entitlements.find(doc.childId, doc.itemCode);
    if (entitlement?.delivery?.outcome === 'delivered') return 'recorded';
    if (entitlement === null || !entitlement.granted || entitlement.closedBy !== null) return 'not-entitled';
    return 'not-recorded';
  }

  private summary(doc: AssistanceApplicationDocument, asOf: LocalDate): AssistanceApplicationSummaryView {
    const kind = kindOf(doc.kind);
    return {
      id: doc._id,
      childId: doc.childId,
      countyCode: doc.countyCode,
      townshipCode: doc.townshipCode,
      kind: doc.kind,
      kindLabel: kind.nameZh,
      department: doc.department,
      departmentLabel: ASSISTANCE_DEPARTMENT_LABELS[doc.department],
      itemCode: doc.itemCode,
      state: doc.state,
      stateLabel: ASSISTANCE_STATE_LABELS[doc.state],
      submittedOn: doc.submittedOn,
      stateSince: doc.stateSince,
      lastStepOn: doc.lastStepOn,
      dueOn: doc.dueOn,
      overdue: isAssistancePastDue(doc.dueOn, asOf),
      daysOverdue: assistanceDaysPastDue(doc.dueOn, asOf),
      hukouCountyCode: doc.hukouCountyCode,
      hukouAnswer: doc.hukouAnswer,
      hukouAnswerLabel: doc.hukouAnswer === null ? null : HUKOU_ANSWER_LABELS[doc.hukouAnswer],
      hukouAnsweredOn: doc.hukouAnsweredOn,
      period: kind.standard.period,
      periodLabel: ASSISTANCE_PERIOD_LABELS[kind.standard.period],
      amountFen: doc.amountFen,
      amountYuan: doc.amountFen === null ? null : fenToYuan(doc.amountFen),
      startMonth: doc.startMonth,
      approvedOn: doc.approvedOn,
      endReason: doc.endReason ?? null,
      endReasonLabel: doc.endReason == null ? null : ASSISTANCE_END_REASON_LABELS[doc.endReason],
      revision: doc.rev,
    };
  }

  private view(
    doc: AssistanceApplicationDocument,
    log: readonly AssistanceStepDocument[],
    party: AssistanceParty | undefined,
    delivery: DeliveryStatus | null,
    replayed: boolean,
  ): AssistanceApplicationView {
    const kind = kindOf(doc.kind);
    const submitted: AssistanceStepView = {
      seq: 1,
      action: 'submit',
      actionLabel: '提交申请',
      from: null,
      to: 'submitted',
      party: doc.submittedBy.party,
      partyLabel: ASSISTANCE_PARTY_LABELS[doc.submittedBy.party],
      userId: doc.submittedBy.userId,
      on: doc.submittedOn,
      note: this.openText(doc.note),
      recordedAt: doc.submittedBy.recordedAt,
    };
    return {
      ...this.summary(doc, today(this.clock)),
      reason: this.openText(doc.reason),
      note: this.openText(doc.note),
      hukouReference: doc.hukouReference,
      standard: {
        amountFen: kind.standard.amountFen,
        maxAmountFen: kind.standard.maxAmountFen,
        label: kind.standard.labelZh,
      },
      delivery: delivery === null ? null : { itemCode: doc.itemCode, status: delivery },
      steps: [
        submitted,
        ...log.map((s): AssistanceStepView => ({
          seq: s.seq,
          action: s.action,
          actionLabel: stepLabel(s.action),
          from: s.from,
          to: s.to,
          party: s.party,
          partyLabel: partyLabel(s.party),
          userId: s.userId,
          on: s.on,
          note: this.openText(s.note),
          recordedAt: s.recordedAt,
        })),
      ],
      availableActions:
        party === undefined
          ? []
          : availableAssistanceActions(kind, statusOf(doc), party).map((action) => ({
              action,
              label: ASSISTANCE_TRANSITIONS[action].label,
            })),
      replayed,
    };
  }
}
