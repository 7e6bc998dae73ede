import { Inject, Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import type { LocalDate, MigrantRuleConfig } from '@care/child-rules';
import { ConsumerRegistry } from '@care/events';
import { invalidArgument, notFound, permissionDenied } from '@care/errors';
import { normalizeIdNumber } from '@care/identity';
import type { Page, PageRequest } from '@care/persistence';
import { PersonalDataService } from '../personal-data';
import { actorCoversCounty, type Actor } from '@care/access';
import { InjectClock, type Clock } from '@care/service-kit';
import { today } from '@care/child-rules';
import { MIGRANT_RULE_CONFIG } from './child-aggregate';
import {
  applyMoveIn,
  applyMoveOut,
  applyPatch,
  applyRecompute,
  applyVerified,
  buildNewChild,
  checkIdNumber,
  type ChangeContext,
  type ChildPatch,
  type ChildTransition,
  type NewChildInput,
} from './child-builder';
import { ChildPresenter, NO_REVEAL, type ChildView, type RevealRequest } from './child-presenter';
import { ChildrenRepository, type CountyScope } from './children.repository';
import type { ChildRecord } from './child.types';
import { staleBefore } from './staleness';

/** How many times a system change (the daily job) retries after losing a version race. */
const SYSTEM_RETRIES = 3;

/**
 * The use cases of the child registry. Every change re-runs the migrant-child rule and writes
 * the new state together with its events (outbox) in one conditional single-document update.
 */
@Injectable()
export class ChildrenService {
  constructor(
    private readonly repository: ChildrenRepository,
    private readonly personalData: PersonalDataService,
    private readonly presenter: ChildPresenter,
    @Inject(MIGRANT_RULE_CONFIG) private readonly rules: MigrantRuleConfig,
    @InjectClock() private readonly clock: Clock,
    private readonly events: ConsumerRegistry,
  ) {}

  /** "Today" in Asia/Shanghai by the injected clock. */
  today(): LocalDate {
    return today(this.clock);
  }

  changeContext(): ChangeContext {
    const now = this.clock.now();
    return { now, today: today(this.clock), rules: this.rules, sealer: this.personalData };
  }

  private assertCounty(actor: Actor, countyCode: string): void {
    if (!actorCoversCounty(actor, countyCode)) {
      throw permissionDenied('该儿童记录不在本人负责的区县范围内', { countyCode });
    }
  }

  /** 登记: a child with or without an ID number (without: flagged missingIdNumber for follow-up). */
  async register(actor: Actor, input: Omit<NewChildInput, 'source'>): Promise<ChildView> {
    const ctx = this.changeContext();
    const record = buildNewChild(
      { ...input, source: 'manual' },
      { ...ctx, childId: ulid(ctx.now.getTime()) },
    );
    this.assertCounty(actor, record.countyCode);
    await this.repository.insert(record);
    this.events.nudgeRelays();
    return this.presenter.present(record, actor, NO_REVEAL, ctx.today);
  }

  /** A record the actor may see, or not-found (a record in another county is as good as absent). */
  async load(actor: Actor, childId: string): Promise<ChildRecord> {
    const record = await this.repository.findInCounties(actor.countyCodes, childId);
    if (record === null) throw notFound('儿童', childId);
    return record;
  }

  async get(actor: Actor, childId: string, reveal: RevealRequest = NO_REVEAL): Promise<ChildView> {
    return this.presenter.present(await this.load(actor, childId), actor, reveal, this.today());
  }

  /** 按身份证号查找 (through the blind index: the number itself is never stored in clear). */
  async findByIdNumber(actor: Actor, rawIdNumber: string): Promise<ChildRecord> {
    const normalized = normalizeIdNumber(rawIdNumber ?? '');
    if (normalized === '') throw invalidArgument('idNumber', '必填', '身份证号（idNumber）：必填');
    const id = checkIdNumber(normalized, this.today());
    const record = await this.repository.findByIdNumberIndex(
      actor.countyCodes,
      this.personalData.idNumberIndexCandidates(id.normalized),
    );
    if (record === null) throw notFound('儿童');
    return record;
  }

  async searchByIdNumber(
    actor: Actor,
    rawIdNumber: string,
    reveal: RevealRequest = NO_REVEAL,
  ): Promise<ChildView> {
    return this.presenter.present(await this.findByIdNumber(actor, rawIdNumber), actor, reveal, this.today());
  }

  private async change(
    actor: Actor,
    childId: string,
    expectedVersion: number | undefined,
    apply: (before: ChildRecord, ctx: ChangeContext) => ChildTransition,
  ): Promise<ChildView> {
    const before = await this.load(actor, childId);
    if (expectedVersion !== undefined && expectedVersion !== before.version) {
      throw invalidArgument(
        'version',
        '与当前版本一致',
        `记录已更新（当前版本 ${before.version}），请刷新后再修改`,
        { currentVersion: before.version },
      );
    }
    const ctx = this.changeContext();
    const t = apply(before, ctx);
    await this.repository.commit({ before, after: t.after, events: t.events });
    if (t.events.length > 0) this.events.nudgeRelays();
    return this.presenter.present(t.after, actor, NO_REVEAL, ctx.today);
  }

  /** 更新: facts or personal fields; `version` is the version the caller read (optimistic concurrency). */
  update(actor: Actor, childId: string, version: number, patch: ChildPatch): Promise<ChildView> {
    return this.change(actor, childId, version, (before, ctx) => applyPatch(before, patch, ctx));
  }

  /** 迁入新居住地: the record follows the child (its county may change). */
  moveIn(
    actor: Actor,
    childId: string,
    version: number | undefined,
    move: { divisionCode: string; movedInOn: LocalDate; address: string },
  ): Promise<ChildView> {
    return this.change(actor, childId, version, (before, ctx) => applyMoveIn(before, move, ctx));
  }

  /** 迁出 with its date (迁出时间). */
  moveOut(
    actor: Actor,
    childId: string,
    version: number | undefined,
    move: { movedOutOn: LocalDate; toDivisionCode?: string },
  ): Promise<ChildView> {
    return this.change(actor, childId, version, (before, ctx) => applyMoveOut(before, move, ctx));
  }

  /** 核实: the record was checked (screening found the child as recorded). */
  markVerified(actor: Actor, childId: string, verifiedOn?: LocalDate): Promise<ChildView> {
    return this.change(actor, childId, undefined, (before, ctx) =>
      applyVerified(before, verifiedOn ?? ctx.today, ctx),
    );
  }

  /**
   * The same verification for system callers that have already checked the county (screening
   * rounds of R-ledger): retries a lost version race, since a verification is not a user edit.
   */
  async markVerifiedBySystem(
    scope: CountyScope,
    childId: string,
    verifiedOn: LocalDate,
  ): Promise<ChildRecord> {
    return this.systemChange(scope, childId, (before, ctx) => applyVerified(before, verifiedOn, ctx));
  }

  /** Re-runs the rule for one record as of `asOf` (the daily job); returns whether the status changed. */
  async recompute(
    scope: CountyScope,
    childId: string,
    asOf: LocalDate,
  ): Promise<{ statusChanged: boolean; record: ChildRecord } | undefined> {
    let statusChanged = false;
    try {
      const record = await this.systemChange(scope, childId, (before, ctx) => {
        const t = applyRecompute(before, { ...ctx, today: asOf });
        statusChanged = t.after.determination.isMigrant !== before.determination.isMigrant;
        return t;
      });
      return { statusChanged, record };
    } catch (error) {
      if ((error as { code?: unknown }).code === 'not-found') return undefined;
      throw error;
    }
  }

  private async systemChange(
    scope: CountyScope,
    childId: string,
    apply: (before: ChildRecord, ctx: ChangeContext) => ChildTransition,
  ): Promise<ChildRecord> {
    for (let attempt = 1; ; attempt += 1) {
      const before = await this.repository.findOne(scope, { _id: childId });
      if (before === null) throw notFound('儿童', childId);
      const t = apply(before, this.changeContext());
      try {
        await this.repository.commit({ before, after: t.after, events: t.events });
        if (t.events.length > 0) this.events.nudgeRelays();
        return t.after;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'conflict' || attempt >= SYSTEM_RETRIES) throw error;
      }
    }
  }

  private async presentPage(
    actor: Actor,
    page: Page<ChildRecord>,
  ): Promise<{ items: ChildView[]; nextCursor?: string }> {
    const day = this.today();
    const items = await Promise.all(page.items.map((r) => this.presenter.present(r, actor, NO_REVEAL, day)));
    return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
  }

  /** 按县区/乡镇列出 (keyset paging). */
  async list(
    actor: Actor,
    countyCode: string,
    townshipCode: string | undefined,
    page: PageRequest,
  ): Promise<{ items: ChildView[]; nextCursor?: string }> {
    this.assertCounty(actor, countyCode);
    return this.presentPage(actor, await this.repository.pageByArea({ countyCode }, townshipCode, page));
  }

  /** 待补录身份证号. */
  async listMissingIdNumber(
    actor: Actor,
    countyCode: string,
    page: PageRequest,
  ): Promise<{ items: ChildView[]; nextCursor?: string }> {
    this.assertCounty(actor, countyCode);
    return this.presentPage(actor, await this.repository.pageMissingIdNumber({ countyCode }, page));
  }

  /** 超过6个月未核实 (stale) records of a county as of a date (default today). */
  async listStale(
    actor: Actor,
    countyCode: string,
    asOf: LocalDate | undefined,
    page: PageRequest,
  ): Promise<{ asOf: LocalDate; items: ChildView[]; nextCursor?: string }> {
    this.assertCounty(actor, countyCode);
    const day = asOf ?? this.today();
    const result = await this.presentPage(
      actor,
      await this.repository.pageVerifiedBefore({ countyCode }, staleBefore(day), page),
    );
    return { asOf: day, ...result, items: result.items.map((v) => ({ ...v, isStale: true })) };
  }
}
