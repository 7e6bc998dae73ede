import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ulid } from 'ulid';
import type { LocalDate } from '@care/child-rules';
import { countyOf, resolveDivision } from '@care/divisions';
import { conflict, failedPrecondition, invalidArgument, notFound } from '@care/errors';
import { normalizePageSize, type PageRequest } from '@care/persistence';
import { type Actor, assertCountyInScope } from '@care/access';
import { InjectClock, type Clock } from '@care/service-kit';
import { today } from '@care/child-rules';
import { ChildrenRepository } from '../children/children.repository';
import { ChildrenService } from '../children/children.service';
import type { ChildRecord } from '../children/child.types';
import { isRoundPeriod, roundPeriodBounds, type RoundPeriod } from './round-period';
import {
  ScreeningAssignmentRepository,
  ScreeningRoundRepository,
  type CountyScope,
  type TownshipCounts,
} from './screening.repository';
import {
  outcomeVerifiesChild,
  periodNotOpenableReason,
  summariseRound,
  visitDateProblem,
  type RoundSummary,
  type ScreeningOutcome,
  type ScreeningWorkerKind,
} from './screening-rules';
import type { ScreeningAssignmentRecord, ScreeningRoundRecord, TownshipAssignment } from './screening.types';

/** Children read per page while assigning a township or listing coverage. */
const CHILD_PAGE = 500;
/** Pending verifications re-applied per pass and county. */
const REPAIR_BATCH = 200;

export interface RoundView {
  roundId: string;
  countyCode: string;
  period: RoundPeriod;
  startsOn: LocalDate;
  endsOn: LocalDate;
  status: ScreeningRoundRecord['status'];
  openedOn: LocalDate;
  openedBy: string;
  closedOn: LocalDate | null;
  closedBy: string;
  townships: TownshipAssignment[];
  /** Live while open, frozen at closing. */
  summary: RoundSummary;
  /** Per-township tallies (live; for a closed round as they were left). */
  byTownship: (RoundSummary & { townshipCode: string })[];
  version: number;
}

export interface AssignTownshipInput {
  readonly townshipCode: string;
  readonly workerId: string;
  readonly workerKind: ScreeningWorkerKind;
  readonly workerName?: string;
}

export interface RecordResultInput {
  readonly childId: string;
  readonly outcome: ScreeningOutcome;
  readonly visitedOn: LocalDate;
  readonly workerId: string;
  readonly workerKind?: ScreeningWorkerKind;
  readonly note?: string;
}

export interface ResultView {
  roundId: string;
  childId: string;
  townshipCode: string;
  outcome: ScreeningOutcome;
  visitedOn: LocalDate;
  workerId: string;
  note: string;
  /** False when the child's lastVerifiedOn could not be updated yet: the repair pass will. */
  verificationApplied: boolean;
}

/** A child of the county without a result in the round (未覆盖). */
export interface UncoveredChild {
  childId: string;
  townshipCode: string;
  /** Assigned to a worker but not yet visited (else not assigned at all). */
  assigned: boolean;
  workerId: string;
  lastVerifiedOn: LocalDate;
}

/**
 * 监测摸排: rounds per county and half-year, their assignments and results. A result updates the
 * child's last-verified date through ChildrenService; the result is written first and is the
 * source of truth, so a crash between the two writes is repaired by re-applying it.
 */
@Injectable()
export class ScreeningService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScreeningService.name);

  constructor(
    private readonly rounds: ScreeningRoundRepository,
    private readonly assignments: ScreeningAssignmentRepository,
    private readonly children: ChildrenService,
    private readonly childRecords: ChildrenRepository,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /** Results left half-applied by a crash are re-applied at start (never fails the boot). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const repaired = await this.repairPendingVerifications();
      if (repaired > 0) this.logger.log({ msg: 'screening: re-applied pending verifications', repaired });
    } catch (error) {
      this.logger.warn({
        msg: 'screening: repair pass at start failed; the next pass retries',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private today(): LocalDate {
    return today(this.clock);
  }

  /** 开启摸排轮次: one open round per county and half-year. */
  async openRound(actor: Actor, countyCode: string, period: string): Promise<RoundView> {
    assertCountyInScope(actor, countyCode);
    if (!isRoundPeriod(period))
      throw invalidArgument(
        'period',
        'YYYY-H1 或 YYYY-H2',
        `摸排周期须为“年份-H1”（上半年）或“年份-H2”（下半年），如 2026-H1`,
      );
    const day = this.today();
    const reason = periodNotOpenableReason(period, day);
    if (reason) throw failedPrecondition(reason, { field: 'period', rule: '本半年或下一个半年' });
    const now = this.clock.now();
    const round: ScreeningRoundRecord = {
      _id: ulid(now.getTime()),
      version: 1,
      countyCode,
      period,
      status: 'open',
      openSlot: `${countyCode}:${period}`,
      openedOn: day,
      openedBy: actor.userId,
      closedOn: null,
      closedBy: '',
      townships: [],
      summary: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.rounds.insert(round);
    return this.view(round);
  }

  private async loadRound(actor: Actor, countyCode: string, roundId: string): Promise<ScreeningRoundRecord> {
    assertCountyInScope(actor, countyCode);
    const round = await this.rounds.findById({ countyCode }, roundId);
    if (round === null) throw notFound('摸排轮次', roundId);
    return round;
  }

  private async loadOpenRound(
    actor: Actor,
    countyCode: string,
    roundId: string,
  ): Promise<ScreeningRoundRecord> {
    const round = await this.loadRound(actor, countyCode, roundId);
    if (round.status !== 'open')
      throw failedPrecondition(`摸排轮次 ${round.period} 已结束，不能再分配或登记结果`, {
        field: 'roundId',
        rule: '轮次进行中',
      });
    return round;
  }

  async getRound(actor: Actor, countyCode: string, roundId: string): Promise<RoundView> {
    return this.view(await this.loadRound(actor, countyCode, roundId));
  }

  /** Rounds of a county (newest last), optionally of one half-year. */
  async listRounds(
    actor: Actor,
    countyCode: string,
    period: string | undefined,
    page: PageRequest,
  ): Promise<{ items: RoundView[]; nextCursor?: string }> {
    assertCountyInScope(actor, countyCode);
    if (period !== undefined && !isRoundPeriod(period))
      throw invalidArgument('period', 'YYYY-H1 或 YYYY-H2', '摸排周期须为“年份-H1”或“年份-H2”，如 2026-H1');
    const result = await this.rounds.list({ countyCode }, period, page);
    const items = await Promise.all(result.items.map((r) => this.view(r)));
    return result.nextCursor === undefined ? { items } : { items, nextCursor: result.nextCursor };
  }

  /**
   * 分配乡镇和摸排人员: every child living in the township (not moved out) is assigned to the
   * worker. Re-assigning moves the unvisited children to the new worker and adds children
   * registered since; results already recorded stay.
   */
  async assignTownship(
    actor: Actor,
    countyCode: string,
    roundId: string,
    input: AssignTownshipInput,
  ): Promise<RoundView> {
    const round = await this.loadOpenRound(actor, countyCode, roundId);
    const township = resolveDivision(input.townshipCode);
    if (township?.level !== 'township' || countyOf(input.townshipCode) !== countyCode) {
      throw invalidArgument(
        'townshipCode',
        '本区县的9位乡镇（街道）代码',
        `乡镇（街道）代码 ${input.townshipCode} 不是区县 ${countyCode} 的乡镇（街道）`,
      );
    }
    const workerId = input.workerId.trim();
    if (workerId === '') throw invalidArgument('workerId', '必填', '摸排人员（workerId）必填');
    const scope: CountyScope = { countyCode };
    const day = this.today();
    const now = this.clock.now();
    let assigned = 0;
    let cursor: string | undefined;
    do {
      const page = await this.childRecords.pageByArea(scope, input.townshipCode, {
        pageSize: CHILD_PAGE,
        cursor,
      });
      const residents = page.items
        .filter((c) => !c.movedOut)
        .map((c) => ({ childId: c._id, townshipCode: c.townshipCode }));
      if (residents.length > 0)
        assigned += await this.assignments.assign(
          scope,
          round._id,
          residents,
          { workerId, workerKind: input.workerKind },
          day,
          now,
        );
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const entry: TownshipAssignment = {
      townshipCode: input.townshipCode,
      workerId,
      workerKind: input.workerKind,
      workerName: (input.workerName ?? '').trim(),
      assignedOn: day,
      children: assigned,
    };
    const townships = [...round.townships.filter((t) => t.townshipCode !== input.townshipCode), entry].sort(
      (a, b) => a.townshipCode.localeCompare(b.townshipCode),
    );
    if (!(await this.rounds.commit(scope, round, { townships, updatedAt: now }))) {
      throw conflict('摸排轮次已被他人修改，请刷新后重试', { roundId });
    }
    return this.view({ ...round, townships, version: round.version + 1, updatedAt: now });
  }

  /**
   * 登记摸排结果 for one child. Found / confirmed advance the child's lastVerifiedOn (the result
   * is stored first with a pending flag; see ScreeningAssignmentRecord). A child of the county not
   * in the plan (e.g. registered after the assignment) is added to the round by the result.
   */
  async recordResult(
    actor: Actor,
    countyCode: string,
    roundId: string,
    input: RecordResultInput,
  ): Promise<ResultView> {
    const round = await this.loadOpenRound(actor, countyCode, roundId);
    const problem = visitDateProblem(input.visitedOn, round.openedOn, this.today());
    if (problem) throw invalidArgument('visitedOn', '本轮开启日期至今天', problem);
    const workerId = input.workerId.trim();
    if (workerId === '') throw invalidArgument('workerId', '必填', '摸排人员（workerId）必填');
    const scope: CountyScope = { countyCode };
    const child = await this.childRecords.findOne(scope, { _id: input.childId });
    if (child === null) throw notFound('儿童', input.childId);
    const existing = await this.assignments.findAssignment(scope, roundId, input.childId);
    if (existing === null && child.movedOut)
      throw failedPrecondition('该儿童已迁出，不在本轮摸排范围内', { field: 'childId', rule: '未迁出' });
    const verifies = outcomeVerifiesChild(input.outcome);
    const stored = await this.assignments.recordResult(
      scope,
      roundId,
      { childId: child._id, townshipCode: child.townshipCode },
      {
        outcome: input.outcome,
        visitedOn: input.visitedOn,
        workerId,
        workerKind: input.workerKind ?? 'child-director',
        note: (input.note ?? '').trim(),
        recordedBy: actor.userId,
        verificationPending: verifies,
        at: this.clock.now(),
      },
    );
    const applied = verifies ? await this.applyVerification(stored) : true;
    return {
      roundId,
      childId: stored.childId,
      townshipCode: stored.townshipCode,
      outcome: input.outcome,
      visitedOn: input.visitedOn,
      workerId,
      note: stored.note,
      verificationApplied: applied,
    };
  }

  /** Advances the child's lastVerifiedOn for a stored result, then clears its flag. False if the child write failed. */
  private async applyVerification(result: ScreeningAssignmentRecord): Promise<boolean> {
    if (!result.visitedOn) return true;
    const scope: CountyScope = { countyCode: result.countyCode };
    try {
      await this.children.markVerifiedBySystem(scope, result.childId, result.visitedOn);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // The child left the county (or the registry) since: nothing to verify here any more.
      if (code !== 'not-found') {
        this.logger.warn({
          msg: 'screening: verification not applied yet; the repair pass retries',
          roundId: result.roundId,
          childId: result.childId,
          error: error instanceof Error ? error.message : String(error),
        });
        return false;
      }
    }
    await this.assignments.clearPending(scope, result._id, result.resultVersion);
    return true;
  }

  /**
   * Re-applies results whose verification did not reach the child record (a crash or an error
   * between the two writes). Idempotent: lastVerifiedOn only moves forward. Returns how many
   * were applied. R-core's daily job may call it; it also runs at start and before closing.
   */
  async repairPendingVerifications(countyCode?: string): Promise<number> {
    const counties = countyCode === undefined ? await this.assignments.countiesWithPending() : [countyCode];
    let applied = 0;
    for (const county of counties) {
      for (;;) {
        const pending = await this.assignments.findPending({ countyCode: county }, REPAIR_BATCH);
        let progressed = 0;
        for (const result of pending) {
          if (await this.applyVerification(result)) progressed += 1;
        }
        applied += progressed;
        if (pending.length < REPAIR_BATCH || progressed === 0) break;
      }
    }
    return applied;
  }

  /** 结束摸排轮次: re-applies pending verifications, then freezes the tally. */
  async closeRound(actor: Actor, countyCode: string, roundId: string): Promise<RoundView> {
    const round = await this.loadOpenRound(actor, countyCode, roundId);
    await this.repairPendingVerifications(countyCode);
    const { summary } = await this.tally(round);
    const now = this.clock.now();
    const set = {
      status: 'closed' as const,
      openSlot: `closed:${round._id}`,
      closedOn: this.today(),
      closedBy: actor.userId,
      summary,
      updatedAt: now,
    };
    if (!(await this.rounds.commit({ countyCode }, round, set)))
      throw conflict('摸排轮次已被他人修改，请刷新后重试', { roundId });
    return this.view({ ...round, ...set, version: round.version + 1 });
  }

  /** 摸排进度: the county's open rounds with their live tallies. */
  async progress(
    actor: Actor,
    countyCode: string,
  ): Promise<{ countyCode: string; asOf: LocalDate; rounds: RoundView[] }> {
    assertCountyInScope(actor, countyCode);
    const open = await this.rounds.findOpenRounds({ countyCode });
    return { countyCode, asOf: this.today(), rounds: await Promise.all(open.map((r) => this.view(r))) };
  }

  /**
   * 未覆盖儿童: children living in the county (not moved out) without a result in the round —
   * assigned but not visited, or never assigned. Walks the county's children in keyset order and
   * drops the covered ones, so a page may hold fewer than pageSize items; follow nextCursor.
   */
  async listUncovered(
    actor: Actor,
    countyCode: string,
    roundId: string,
    townshipCode: string | undefined,
    page: PageRequest,
  ): Promise<{ items: UncoveredChild[]; nextCursor?: string }> {
    const round = await this.loadRound(actor, countyCode, roundId);
    const pageSize = normalizePageSize(page.pageSize);
    const scope: CountyScope = { countyCode };
    const items: UncoveredChild[] = [];
    let cursor = page.cursor;
    // Bounded work per call: at most a few child pages, then hand back a cursor.
    for (let reads = 0; reads < 5; reads += 1) {
      const children = await this.childRecords.pageByArea(scope, townshipCode, { pageSize, cursor });
      const residents = children.items.filter((c) => !c.movedOut);
      const results = await this.assignments.resultsFor(
        scope,
        round._id,
        residents.map((c) => c._id),
      );
      for (const child of residents) {
        const assignment = results.get(child._id);
        if (assignment?.outcome) continue;
        items.push(uncovered(child, assignment));
      }
      cursor = children.nextCursor;
      if (cursor === undefined || items.length >= pageSize) break;
    }
    return cursor === undefined ? { items } : { items, nextCursor: cursor };
  }

  private async tally(
    round: ScreeningRoundRecord,
  ): Promise<{ summary: RoundSummary; byTownship: (RoundSummary & { townshipCode: string })[] }> {
    const rows: TownshipCounts[] = await this.assignments.countsByTownship(
      { countyCode: round.countyCode },
      round._id,
    );
    const total = rows.reduce(
      (sum, r) => ({
        assigned: sum.assigned + r.assigned,
        found: sum.found + r.found,
        confirmed: sum.confirmed + r.confirmed,
        notFound: sum.notFound + r.notFound,
      }),
      {
        assigned: 0,
        found: 0,
        confirmed: 0,
        notFound: 0,
      },
    );
    return {
      summary: summariseRound(total),
      byTownship: rows.map((r) => ({ townshipCode: r.townshipCode, ...summariseRound(r) })),
    };
  }

  private async view(round: ScreeningRoundRecord): Promise<RoundView> {
    const { startsOn, endsOn } = roundPeriodBounds(round.period);
    const live = await this.tally(round);
    return {
      roundId: round._id,
      countyCode: round.countyCode,
      period: round.period,
      startsOn,
      endsOn,
      status: round.status,
      openedOn: round.openedOn,
      openedBy: round.openedBy,
      closedOn: round.closedOn,
      closedBy: round.closedBy,
      townships: round.townships,
      summary: round.summary ?? live.summary,
      byTownship: live.byTownship,
      version: round.version,
    };
  }
}

function uncovered(child: ChildRecord, assignment: ScreeningAssignmentRecord | undefined): UncoveredChild {
  return {
    childId: child._id,
    townshipCode: child.townshipCode,
    assigned: assignment !== undefined,
    workerId: assignment?.workerId ?? '',
    lastVerifiedOn: child.lastVerifiedOn,
  };
}
