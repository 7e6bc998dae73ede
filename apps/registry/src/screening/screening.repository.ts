import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import { failedPrecondition } from '@care/errors';
import {
  InjectModel,
  isDuplicateKey,
  type Page,
  type PageRequest,
  ScopedRepository,
} from '@care/persistence';
import type { RoundPeriod } from './round-period';
import { SCREENING_ASSIGNMENT_MODEL, SCREENING_ROUND_MODEL } from './screening.schema';
import type { OutcomeCounts, ScreeningOutcome, ScreeningWorkerKind } from './screening-rules';
import { assignmentId, type ScreeningAssignmentRecord, type ScreeningRoundRecord } from './screening.types';

export type CountyScope = { countyCode: string };

/** The only code touching `screening_rounds`; every query is scoped to one county. */
@Injectable()
export class ScreeningRoundRepository extends ScopedRepository<ScreeningRoundRecord, CountyScope> {
  constructor(@InjectModel(SCREENING_ROUND_MODEL) model: Model<ScreeningRoundRecord>) {
    super(model, ['countyCode']);
  }

  /** A new open round; the unique openSlot refuses a second open round for the county and half-year. */
  async insert(round: ScreeningRoundRecord): Promise<void> {
    try {
      await this.model.collection.insertOne(
        round as unknown as Parameters<Model<ScreeningRoundRecord>['collection']['insertOne']>[0],
      );
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw failedPrecondition(
          `区县 ${round.countyCode} 在 ${round.period} 已有进行中的摸排轮次，请先结束该轮次`,
          {
            field: 'period',
            rule: '每个区县每半年只能有一个进行中的摸排轮次',
            details: { countyCode: round.countyCode, period: round.period },
          },
        );
      }
      throw error;
    }
  }

  findById(scope: CountyScope, roundId: string): Promise<ScreeningRoundRecord | null> {
    return this.findOne(scope, { _id: roundId });
  }

  findOpenRounds(scope: CountyScope): Promise<ScreeningRoundRecord[]> {
    return this.find(scope, { status: 'open' }, { sort: { period: 1 } });
  }

  findOpenRound(scope: CountyScope, period: RoundPeriod): Promise<ScreeningRoundRecord | null> {
    return this.findOne(scope, { status: 'open', period });
  }

  /** Rounds of a county, newest first by id (a ULID), optionally one half-year. */
  list(
    scope: CountyScope,
    period: RoundPeriod | undefined,
    page: PageRequest,
  ): Promise<Page<ScreeningRoundRecord>> {
    return this.findPage(scope, period ? { period } : {}, { ...page, sortField: '_id' });
  }

  /** Conditional on the version read; false when the round changed meanwhile. */
  async commit(
    scope: CountyScope,
    before: Pick<ScreeningRoundRecord, '_id' | 'version'>,
    set: Partial<Omit<ScreeningRoundRecord, '_id' | 'countyCode' | 'version'>>,
  ): Promise<boolean> {
    const result = await this.updateOne(
      scope,
      { _id: before._id, version: before.version },
      { $set: { ...set, version: before.version + 1 } },
    );
    return result.matched > 0;
  }
}

export interface ChildToAssign {
  readonly childId: string;
  readonly townshipCode: string;
}

export interface AssignedWorker {
  readonly workerId: string;
  readonly workerKind: ScreeningWorkerKind;
}

export interface ResultInput {
  readonly outcome: ScreeningOutcome;
  readonly visitedOn: LocalDate;
  readonly workerId: string;
  readonly note: string;
  readonly recordedBy: string;
  /** Kind of the reporting worker, for a child found outside the plan (no assignment yet). */
  readonly workerKind: ScreeningWorkerKind;
  readonly verificationPending: boolean;
  readonly at: Date;
}

/**
 * FerretDB drops null-valued fields from an upsert's $setOnInsert (MongoDB keeps them), so an
 * assignment never reported may lack these fields; documents are read back with them as null.
 */
const NULLABLE_FIELDS = ['outcome', 'visitedOn', 'recordedAt'] as const;

function withNulls(doc: ScreeningAssignmentRecord): ScreeningAssignmentRecord {
  const filled = { ...doc };
  for (const key of NULLABLE_FIELDS)
    if (filled[key] === undefined) (filled as Record<string, unknown>)[key] = null;
  return filled;
}

function pageWithNulls(page: Page<ScreeningAssignmentRecord>): Page<ScreeningAssignmentRecord> {
  return page.nextCursor === undefined
    ? { items: page.items.map(withNulls) }
    : { items: page.items.map(withNulls), nextCursor: page.nextCursor };
}

/** Counts of one township (or of the whole round under key ''). */
export interface TownshipCounts extends OutcomeCounts {
  readonly townshipCode: string;
}

/** The only code touching `screening_assignments`; every query is scoped to one county. */
@Injectable()
export class ScreeningAssignmentRepository extends ScopedRepository<ScreeningAssignmentRecord, CountyScope> {
  constructor(@InjectModel(SCREENING_ASSIGNMENT_MODEL) model: Model<ScreeningAssignmentRecord>) {
    super(model, ['countyCode']);
  }

  /**
   * Assigns children to a worker, one keyed upsert each (`<roundId>:<childId>`): children already
   * assigned move to the new worker, their results stay; new children are added.
   */
  async assign(
    scope: CountyScope,
    roundId: string,
    children: readonly ChildToAssign[],
    worker: AssignedWorker,
    assignedOn: LocalDate,
    at: Date,
  ): Promise<number> {
    const result = await this.bulkUpdate(
      scope,
      children.map((c) => ({
        filter: { _id: assignmentId(roundId, c.childId) },
        update: {
          $set: {
            workerId: worker.workerId,
            workerKind: worker.workerKind,
            townshipCode: c.townshipCode,
            updatedAt: at,
          },
          $setOnInsert: {
            roundId,
            childId: c.childId,
            assignedOn,
            outcome: null,
            visitedOn: null,
            resultWorkerId: '',
            note: '',
            recordedBy: '',
            recordedAt: null,
            resultVersion: 0,
            verificationPending: false,
          },
        },
        upsert: true,
      })),
    );
    return result.upserted + result.matched;
  }

  async findAssignment(
    scope: CountyScope,
    roundId: string,
    childId: string,
  ): Promise<ScreeningAssignmentRecord | null> {
    const doc = await this.findOne(scope, { _id: assignmentId(roundId, childId) });
    return doc === null ? null : withNulls(doc);
  }

  /**
   * Writes a child's result (creating the assignment for a child found outside the plan) and
   * returns it as stored, with its new resultVersion.
   */
  async recordResult(
    scope: CountyScope,
    roundId: string,
    child: ChildToAssign,
    input: ResultInput,
  ): Promise<ScreeningAssignmentRecord> {
    const stored = await this.findOneAndUpdate(
      scope,
      { _id: assignmentId(roundId, child.childId) },
      {
        $set: {
          outcome: input.outcome,
          visitedOn: input.visitedOn,
          resultWorkerId: input.workerId,
          note: input.note,
          recordedBy: input.recordedBy,
          recordedAt: input.at,
          verificationPending: input.verificationPending,
          updatedAt: input.at,
        },
        $inc: { resultVersion: 1 },
        $setOnInsert: {
          roundId,
          childId: child.childId,
          townshipCode: child.townshipCode,
          workerId: input.workerId,
          workerKind: input.workerKind,
          assignedOn: input.visitedOn,
        },
      },
      { upsert: true },
    );
    if (stored === null) throw new Error('screening result upsert returned nothing');
    return withNulls(stored);
  }

  /** Clears the flag of exactly the result that was applied (a newer result keeps its own). */
  async clearPending(scope: CountyScope, id: string, resultVersion: number): Promise<void> {
    await this.updateOne(
      scope,
      { _id: id, resultVersion, verificationPending: true },
      { $set: { verificationPending: false } },
    );
  }

  async findPending(scope: CountyScope, limit: number): Promise<ScreeningAssignmentRecord[]> {
    return (await this.find(scope, { verificationPending: true }, { limit, sort: { _id: 1 } })).map(
      withNulls,
    );
  }

  /** Counties with results whose verification has not reached the child record (the repair pass visits each). */
  async countiesWithPending(): Promise<string[]> {
    const values = (await this.model
      .distinct('countyCode', { verificationPending: true })
      .exec()) as unknown[];
    return values.filter((v): v is string => typeof v === 'string').sort();
  }

  /** Per-township tallies of a round ($group with $sum only: FerretDB-safe). */
  async countsByTownship(scope: CountyScope, roundId: string): Promise<TownshipCounts[]> {
    const rows = await this.model
      .aggregate<{ _id: { townshipCode?: string | null; outcome?: ScreeningOutcome | null }; n: number }>([
        { $match: this.scoped(scope, { roundId }) },
        { $group: { _id: { townshipCode: '$townshipCode', outcome: '$outcome' }, n: { $sum: 1 } } },
      ])
      .exec();
    const byTownship = new Map<
      string,
      { assigned: number; found: number; confirmed: number; notFound: number }
    >();
    for (const row of rows) {
      const key = row._id.townshipCode ?? '';
      const counts = byTownship.get(key) ?? { assigned: 0, found: 0, confirmed: 0, notFound: 0 };
      counts.assigned += row.n;
      switch (row._id.outcome) {
        case 'found':
          counts.found += row.n;
          break;
        case 'confirmed':
          counts.confirmed += row.n;
          break;
        case 'not-found':
          counts.notFound += row.n;
          break;
        // Never reported (the field is absent, see NULLABLE_FIELDS).
        case null:
        case undefined:
          break;
        default:
          throw new Error(`unknown screening outcome in store: ${String(row._id.outcome)}`);
      }
      byTownship.set(key, counts);
    }
    return [...byTownship.entries()]
      .map(([townshipCode, c]) => ({ townshipCode, ...c }))
      .sort((a, b) => a.townshipCode.localeCompare(b.townshipCode));
  }

  /** The round's results for these children (which of them are covered). */
  async resultsFor(
    scope: CountyScope,
    roundId: string,
    childIds: readonly string[],
  ): Promise<Map<string, ScreeningAssignmentRecord>> {
    if (childIds.length === 0) return new Map();
    const rows = await this.find(scope, { _id: { $in: childIds.map((id) => assignmentId(roundId, id)) } });
    return new Map(rows.map((r) => [r.childId, withNulls(r)]));
  }

  /** Assigned children without a result yet (未走访), per township if given, keyset-paged. `outcome: null` also matches an absent field. */
  async pageNotVisited(
    scope: CountyScope,
    roundId: string,
    townshipCode: string | undefined,
    page: PageRequest,
  ): Promise<Page<ScreeningAssignmentRecord>> {
    return pageWithNulls(
      await this.findPage(
        scope,
        { roundId, outcome: null, ...(townshipCode ? { townshipCode } : {}) },
        { ...page, sortField: '_id' },
      ),
    );
  }

  /** The round's assignments with a given outcome, keyset-paged. */
  async pageByOutcome(
    scope: CountyScope,
    roundId: string,
    outcome: ScreeningOutcome,
    page: PageRequest,
  ): Promise<Page<ScreeningAssignmentRecord>> {
    return pageWithNulls(await this.findPage(scope, { roundId, outcome }, { ...page, sortField: '_id' }));
  }
}
