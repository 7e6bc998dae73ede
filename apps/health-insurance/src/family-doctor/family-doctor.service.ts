import { Injectable, Logger } from '@nestjs/common';
import { assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { addDays, isLocalDate, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import {
  DeliveriesService,
  DepartmentEntitlementsRepository,
  DepartmentProjection,
  serviceDepartmentScope,
  type DepartmentChildDocument,
} from '@care/department-kit';
import { assertNever, conflict, invalidArgument, notFound, permissionDenied } from '@care/errors';
import {
  checkRenewal,
  checkSigning,
  checkTermination,
  CONTRACT_ACTION_LABELS,
  contractStatus,
  isInForce,
  moveOutTermination,
  TERMINATION_REASON_LABELS,
  type ContractAction,
  type ContractPolicy,
  type ContractState,
  type ContractStatus,
  type TerminationReason,
} from '@care/health-rules';
import { InjectClock, type Clock } from '@care/service-kit';
import { deliverOnce } from '../child-health/deliver-once';
import type { HealthInsuranceConfig } from '../config';
import { rulesRefusal } from '../medical-insurance/refusal';
import { contractPolicy } from './family-doctor-config';
import {
  contractId,
  contractStepId,
  type ContractChange,
  type FamilyDoctorContractDocument,
  type FamilyDoctorStepDocument,
} from './family-doctor-contract.schema';
import { FamilyDoctorContractsRepository, FamilyDoctorStepsRepository } from './family-doctor.repositories';

const MAX_WRITE_ATTEMPTS = 5;
/** Who ends a contract on the registry's move-out (no officer acts). */
const REGISTRY_ACTOR = 'registry';

export interface SignContractInput {
  readonly childId: string;
  readonly teamCode: string;
  readonly institutionCode: string;
  readonly startDate?: string;
  readonly termMonths?: number;
}

export interface ContractActionInput {
  readonly action: ContractAction;
  /** The revision the officer saw: a step on a changed contract is refused (409). */
  readonly revision: number;
  readonly termMonths?: number;
  readonly reason?: string;
  readonly on?: string;
}

export interface ContractStepView {
  readonly seq: number;
  readonly action: ContractAction;
  readonly actionLabel: string;
  readonly on: LocalDate;
  readonly termMonths: number | null;
  readonly reason: TerminationReason | null;
  readonly userId: string;
  readonly recordedAt: string;
}

export interface ContractView {
  readonly id: string;
  readonly childId: string;
  readonly number: number;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly teamCode: string;
  readonly institutionCode: string;
  readonly startDate: LocalDate;
  readonly endDate: LocalDate;
  readonly termMonths: number;
  readonly renewals: number;
  readonly state: ContractState;
  /** As of today: expiry is derived, never written. */
  readonly status: ContractStatus;
  readonly statusLabel: string;
  readonly daysLeft: number;
  readonly endedOn: LocalDate | null;
  readonly endReason: TerminationReason | null;
  readonly endReasonLabel: string;
  readonly revision: number;
  readonly signedBy: string;
}

export interface ContractDetail extends ContractView {
  readonly steps: readonly ContractStepView[];
  readonly availableActions: readonly { readonly action: ContractAction; readonly label: string }[];
}

export interface ContractResult {
  readonly contract: ContractDetail;
  /** The same signing or step was already recorded: nothing was written. */
  readonly replay: boolean;
  /** The catalogue item (FAMILY_DOCTOR_ITEM_CODE) is recorded as delivered for the child. */
  readonly deliveryRecorded: boolean;
}

export interface ChildFamilyDoctorStatus {
  readonly childId: string;
  readonly countyCode: string;
  readonly asOf: LocalDate;
  /** A contract in force today. */
  readonly signed: boolean;
  readonly current: ContractView | null;
  /** A new signing is possible (no contract in force, a migrant child who has not moved out). */
  readonly canSign: boolean;
  readonly contracts: readonly ContractView[];
}

export interface ExpiringContractsPage {
  readonly asOf: LocalDate;
  readonly countyCode: string;
  readonly withinDays: number;
  readonly items: readonly ContractView[];
  readonly nextCursor?: string;
}

/**
 * 家庭医生签约 (市卫健委) for migrant children: sign (one contract in force per child; not for a
 * child who moved out), renew, terminate with a reason code, the registry's move-out ending a
 * contract in force, each child's status, and one county's contracts expiring soon. Signing
 * records the delivery of the family-doctor item of the service list (FAMILY_DOCTOR_ITEM_CODE,
 * HZ-06) once. Changes are an append-only step log whose unique `<contractId>:<seq>` is the
 * commit point (FerretDB v1 loses concurrent conditional updates of one document, ADR 0004).
 */
@Injectable()
export class FamilyDoctorService {
  private readonly logger = new Logger('FamilyDoctor');
  private readonly policy: ContractPolicy;

  constructor(
    private readonly contracts: FamilyDoctorContractsRepository,
    private readonly steps: FamilyDoctorStepsRepository,
    private readonly projection: DepartmentProjection,
    private readonly entitlements: DepartmentEntitlementsRepository,
    private readonly deliveries: DeliveriesService,
    @InjectConfig() private readonly config: HealthInsuranceConfig,
    @InjectClock() private readonly clock: Clock,
  ) {
    this.policy = contractPolicy(config);
  }

  async sign(actor: Actor, input: SignContractInput): Promise<ContractResult> {
    this.requireHealth(actor);
    const child = await this.loadChild(actor, input.childId);
    const asOf = today(this.clock);
    const latest = await this.latest(child._id);
    if (latest !== null && isInForce(latest, asOf)) return this.replayOrHeld(actor, latest, input);
    const checked = checkSigning(
      input,
      {
        asOf,
        birthDate: isLocalDate(child.facts.birthDate) ? child.facts.birthDate : null,
        isMigrant: child.facts.isMigrant,
        movedOut: child.facts.movedOut,
        latest,
      },
      this.policy,
    );
    if (!checked.ok) throw rulesRefusal(checked.problems, '家庭医生签约');
    const s = checked.value;
    const number = (latest?.number ?? 0) + 1;
    const now = this.clock.now();
    const doc: FamilyDoctorContractDocument = {
      _id: contractId(child._id, number),
      childId: child._id,
      number,
      countyCode: child.countyCode,
      townshipCode: child.townshipCode,
      teamCode: s.teamCode,
      institutionCode: s.institutionCode,
      startDate: s.startDate,
      endDate: s.endDate,
      termMonths: s.termMonths,
      renewals: 0,
      state: 'signed',
      endedOn: null,
      endReason: null,
      signedBy: { userId: actor.userId, department: actor.department, recordedAt: now.toISOString() },
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.contracts.create(doc))) {
      // Another signing for the child landed first: the same one is this replay.
      const winner = await this.latest(child._id);
      if (winner === null || !isInForce(winner, asOf)) throw conflict('签约时发生并发冲突，请重试');
      return this.replayOrHeld(actor, winner, input);
    }
    this.logger.log({ msg: 'contract signed', countyCode: doc.countyCode, number });
    return {
      contract: this.detail(doc, []),
      replay: false,
      deliveryRecorded: await this.deliver(actor, doc),
    };
  }

  async act(
    actor: Actor,
    childId: string,
    number: number,
    input: ContractActionInput,
  ): Promise<ContractResult> {
    this.requireHealth(actor);
    const before = await this.load(actor, contractId(childId, number));
    if (before.rev !== input.revision) return this.replayOrStale(actor, before, input);
    const asOf = today(this.clock);
    let change: ContractChange;
    let on: LocalDate = asOf;
    let termMonths: number | null = null;
    let reason: TerminationReason | null = null;
    switch (input.action) {
      case 'renew': {
        const checked = checkRenewal(before, { termMonths: input.termMonths }, asOf, this.policy);
        if (!checked.ok) throw rulesRefusal(checked.problems, '续约');
        termMonths = checked.value.termMonths;
        change = { ...unchanged(before), endDate: checked.value.endDate, renewals: before.renewals + 1 };
        break;
      }
      case 'terminate': {
        const checked = checkTermination(before, { reason: input.reason, on: input.on }, asOf);
        if (!checked.ok) throw rulesRefusal(checked.problems, '解约');
        on = checked.value.on;
        reason = checked.value.reason;
        change = { ...unchanged(before), state: 'terminated', endedOn: on, endReason: reason };
        break;
      }
      default:
        return assertNever(input.action, 'action');
    }
    change = { ...change, updatedAt: this.clock.now() };
    const step = this.step(
      before,
      input.action,
      { on, termMonths, reason },
      actor.userId,
      actor.department,
      change,
    );
    if (!(await this.steps.claim(step))) return this.replayOrStale(actor, before, input);
    await this.contracts.applyChange(before, change);
    const after: FamilyDoctorContractDocument = { ...before, ...change, rev: step.seq };
    this.logger.log({ msg: 'contract step', countyCode: after.countyCode, action: input.action });
    return {
      contract: this.detail(after, await this.logOf(after)),
      replay: false,
      deliveryRecorded: await this.deliver(actor, after),
    };
  }

  async get(actor: Actor, childId: string, number: number): Promise<ContractDetail> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const doc = await this.load(actor, contractId(childId, number));
    return this.detail(doc, await this.logOf(doc));
  }

  /** The child's contract in force (if any) and every contract, latest first. */
  async status(actor: Actor, childId: string): Promise<ChildFamilyDoctorStatus> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const child = await this.loadChild(actor, childId);
    const asOf = today(this.clock);
    const all = await this.contracts.forChild(childId);
    if (all[0] !== undefined) all[0] = await this.completed(all[0]);
    const current = all[0] !== undefined && isInForce(all[0], asOf) ? all[0] : null;
    return {
      childId,
      countyCode: child.countyCode,
      asOf,
      signed: current !== null,
      current: current === null ? null : this.view(current),
      canSign: current === null && child.facts.isMigrant && !child.facts.movedOut,
      contracts: all.map((c) => this.view(c)),
    };
  }

  /** One county's contracts in force whose last day is within `withinDays` of today, the earliest first. */
  async expiring(
    actor: Actor,
    query: { countyCode?: string; withinDays?: number; pageSize?: number; cursor?: string },
  ): Promise<ExpiringContractsPage> {
    serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    const counties = countiesInScope(actor, query.countyCode);
    if (counties.length !== 1)
      throw invalidArgument('countyCode', '须指定县区', '本人负责多个县区：须指定县区代码（countyCode）');
    const countyCode = counties[0];
    const asOf = today(this.clock);
    const withinDays = query.withinDays ?? this.config.FAMILY_DOCTOR_EXPIRING_DAYS;
    const page = await this.contracts.expiring(countyCode, asOf, addDays(asOf, withinDays), {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
    return {
      asOf,
      countyCode,
      withinDays,
      items: page.items.map((c) => this.view(c)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /**
   * The registry's ChildMovedOut: the child's contract in force on the move-out day ends that day
   * ('moved-out'). Idempotent: a redelivered event finds the contract already ended.
   */
  async endOnMoveOut(childId: string, movedOutOn: LocalDate): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const latest = await this.latest(childId);
      if (latest === null) return false;
      const termination = moveOutTermination(latest, movedOutOn);
      if (termination === null) return false;
      const change: ContractChange = {
        ...unchanged(latest),
        state: 'terminated',
        endedOn: termination.on,
        endReason: termination.reason,
        updatedAt: this.clock.now(),
      };
      const step = this.step(
        latest,
        'terminate',
        { on: termination.on, termMonths: null, reason: termination.reason },
        REGISTRY_ACTOR,
        REGISTRY_ACTOR,
        change,
      );
      if (!(await this.steps.claim(step))) continue;
      await this.contracts.applyChange(latest, change);
      this.logger.log({ msg: 'contract ended on move-out', countyCode: latest.countyCode });
      return true;
    }
    throw conflict('迁出时结束家庭医生签约发生并发冲突，将重试');
  }

  private requireHealth(actor: Actor): void {
    if (serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS) !== 'health')
      throw permissionDenied('只有卫生健康部门工作人员可以办理家庭医生签约');
  }

  private async loadChild(actor: Actor, childId: string): Promise<DepartmentChildDocument> {
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记在册的儿童', childId);
    assertCountyInScope(actor, child.countyCode);
    return child;
  }

  /** The child's latest contract with its log applied, or null. */
  private async latest(childId: string): Promise<FamilyDoctorContractDocument | null> {
    const [latest] = await this.contracts.forChild(childId);
    return latest === undefined ? null : this.completed(latest);
  }

  /** The contract, 404 when absent and 403 outside the actor's counties, with its log applied. */
  private async load(actor: Actor, id: string): Promise<FamilyDoctorContractDocument> {
    const doc = await this.contracts.byId(id);
    if (doc === null) throw notFound('家庭医生签约', id);
    assertCountyInScope(actor, doc.countyCode);
    return this.completed(doc);
  }

  /** A step in the log that its writer did not get to apply (it stopped between the two writes) is applied first. */
  private async completed(doc: FamilyDoctorContractDocument): Promise<FamilyDoctorContractDocument> {
    let current = doc;
    for (
      let pending = await this.steps.at(current.countyCode, current._id, current.rev + 1);
      pending !== null;
    ) {
      await this.contracts.applyChange(current, pending.change);
      this.logger.warn({ msg: 'contract step completed for its writer', seq: pending.seq });
      current = { ...current, ...pending.change, rev: pending.seq };
      pending = await this.steps.at(current.countyCode, current._id, current.rev + 1);
    }
    return current;
  }

  /** A signing while a contract is in force: the same signing is a replay, another is refused (409). */
  private async replayOrHeld(
    actor: Actor,
    held: FamilyDoctorContractDocument,
    input: SignContractInput,
  ): Promise<ContractResult> {
    const same =
      held.teamCode === input.teamCode &&
      held.institutionCode === input.institutionCode &&
      (input.startDate === undefined || input.startDate === held.startDate) &&
      (input.termMonths === undefined || input.termMonths === held.termMonths);
    if (!same)
      throw conflict(
        `该儿童已有有效的家庭医生签约（至 ${held.endDate}，版本 ${held.rev}），不能重复签约；更换团队请先解约`,
        { field: 'childId', rule: '一名儿童只有一份有效签约', revision: held.rev },
      );
    return {
      contract: this.detail(held, await this.logOf(held)),
      replay: true,
      deliveryRecorded: await this.deliver(actor, held),
    };
  }

  /**
   * A step asked at a revision that is no longer the current one: the very step recorded at that
   * revision (same action and, where given, term, reason and day) is a replay; anything else is
   * refused as stale (409).
   */
  private async replayOrStale(
    actor: Actor,
    before: FamilyDoctorContractDocument,
    input: ContractActionInput,
  ): Promise<ContractResult> {
    const current = await this.load(actor, before._id);
    const step =
      input.revision < current.rev
        ? await this.steps.at(current.countyCode, current._id, input.revision + 1)
        : null;
    if (
      step !== null &&
      step.action === input.action &&
      step.userId !== REGISTRY_ACTOR &&
      (input.termMonths === undefined || step.termMonths === input.termMonths) &&
      (input.action !== 'terminate' || step.reason === input.reason) &&
      (input.on === undefined || input.action !== 'terminate' || step.on === input.on)
    )
      return {
        contract: this.detail(current, await this.logOf(current)),
        replay: true,
        deliveryRecorded: await this.deliver(actor, current),
      };
    throw conflict(
      `家庭医生签约已被更新（当前版本 ${current.rev}，提交的版本 ${input.revision}），请刷新后重试`,
      { revision: current.rev },
    );
  }

  private step(
    before: FamilyDoctorContractDocument,
    action: ContractAction,
    what: { on: LocalDate; termMonths: number | null; reason: TerminationReason | null },
    userId: string,
    department: string,
    change: ContractChange,
  ): FamilyDoctorStepDocument {
    const seq = before.rev + 1;
    return {
      _id: contractStepId(before._id, seq),
      contractId: before._id,
      countyCode: before.countyCode,
      seq,
      action,
      ...what,
      userId,
      department,
      recordedAt: this.clock.now().toISOString(),
      change,
    };
  }

  private logOf(doc: FamilyDoctorContractDocument): Promise<FamilyDoctorStepDocument[]> {
    return this.steps.forContract(doc.countyCode, doc._id, doc.rev);
  }

  /** Signing delivers the item, dated on the contract's start; a renewal or an item already delivered adds nothing. */
  private deliver(actor: Actor, doc: FamilyDoctorContractDocument): Promise<boolean> {
    return deliverOnce(
      { entitlements: this.entitlements, deliveries: this.deliveries, logger: this.logger },
      actor,
      {
        childId: doc.childId,
        itemCode: this.config.FAMILY_DOCTOR_ITEM_CODE,
        onDate: doc.startDate,
        today: today(this.clock),
      },
    );
  }

  private view(doc: FamilyDoctorContractDocument): ContractView {
    const { status, statusLabel, daysLeft } = contractStatus(
      doc,
      today(this.clock),
      this.policy.expiringDays,
    );
    return {
      id: doc._id,
      childId: doc.childId,
      number: doc.number,
      countyCode: doc.countyCode,
      townshipCode: doc.townshipCode,
      teamCode: doc.teamCode,
      institutionCode: doc.institutionCode,
      startDate: doc.startDate,
      endDate: doc.endDate,
      termMonths: doc.termMonths,
      renewals: doc.renewals,
      state: doc.state,
      status,
      statusLabel,
      daysLeft,
      endedOn: doc.endedOn,
      endReason: doc.endReason,
      endReasonLabel: doc.endReason === null ? '' : TERMINATION_REASON_LABELS[doc.endReason],
      revision: doc.rev,
      signedBy: doc.signedBy.userId,
    };
  }

  private detail(
    doc: FamilyDoctorContractDocument,
    log: readonly FamilyDoctorStepDocument[],
  ): ContractDetail {
    const asOf = today(this.clock);
    const inForce = isInForce(doc, asOf);
    const renewable = inForce && checkRenewal(doc, {}, asOf, this.policy).ok;
    return {
      ...this.view(doc),
      steps: log.map((s) => ({
        seq: s.seq,
        action: s.action,
        actionLabel: CONTRACT_ACTION_LABELS[s.action],
        on: s.on,
        termMonths: s.termMonths,
        reason: s.reason,
        userId: s.userId,
        recordedAt: s.recordedAt,
      })),
      availableActions: [
        ...(renewable ? (['renew'] as const) : []),
        ...(inForce ? (['terminate'] as const) : []),
      ].map((action) => ({ action, label: CONTRACT_ACTION_LABELS[action] })),
    };
  }
}

/** The contract's changeable fields as they are (a step sets some of them). */
function unchanged(doc: FamilyDoctorContractDocument): ContractChange {
  return {
    endDate: doc.endDate,
    renewals: doc.renewals,
    state: doc.state,
    endedOn: doc.endedOn,
    endReason: doc.endReason,
    updatedAt: doc.updatedAt,
  };
}
