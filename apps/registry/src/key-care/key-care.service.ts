import { Inject, Injectable, Logger } from '@nestjs/common';
import { ulid } from 'ulid';
import {
  DIFFICULTY_TYPES,
  daysBetween,
  difficultyTypeToProto,
  isLocalDate,
  type DifficultyType,
  type LocalDate,
  type VisitFrequencyConfig,
  today,
} from '@care/child-rules';
import { RegistryEvents, type common, type registry } from '@care/contracts';
import { assertNever, conflict, DomainError, invalidArgument, notFound } from '@care/errors';
import { ConsumerRegistry, outboxEntry, type OutboxEntry } from '@care/events';
import type { Page, PageRequest } from '@care/persistence';
import { type Actor, assertCountyInScope } from '@care/access';
import { InjectClock, type Clock } from '@care/service-kit';
import { currentResidence, PRODUCER } from '../children/child-aggregate';
import { ChildrenRepository } from '../children/children.repository';
import type { ChildRecord } from '../children/child.types';
import {
  addCareActivity,
  changeEntry,
  closeEntry,
  closeIfNoLongerEligible,
  markOverdue,
  openEntry,
  pickLedgerFields,
  recordVisit,
  type ChangeEntryInput,
  type CloseEntryInput,
  type KeyCareEntryState,
  type KeyCareEvent,
  type RecordVisitInput,
  type Transition,
  type TransitionContext,
} from './key-care-aggregate';
import { KeyCareRepository, type CountyScope, type OverdueCount } from './key-care.repository';
import type { CareActivity, KeyCareChildFacts, KeyCareEntryRecord, LedgerFields } from './key-care.types';
import { ledgerCellText, parseCareActivities, parseSchoolGrade } from './ledger-text';

/** Provider token of the visit frequency table (走访频次), from the app config with defaults. */
export const VISIT_FREQUENCY = Symbol.for('care.registry.visit-frequency');

/** Entries handled per batch by the overdue sweep and the exports. */
const BATCH = 200;

/** What a caller sees of an entry (no outbox; no personal data: identities live on the child record). */
export interface KeyCareEntryView extends LedgerFields {
  entryId: string;
  version: number;
  childId: string;
  countyCode: string;
  townshipCode: string;
  status: KeyCareEntryRecord['status'];
  openedOn: LocalDate;
  closedOn: LocalDate | null;
  closeReason: KeyCareEntryRecord['closeReason'];
  closeNote: string;
  visitWorkerId: string;
  /** 走访计划: the next visit, null once closed. */
  nextVisit: {
    visitId: string;
    dueOn: LocalDate;
    workerId: string;
    plannedOn: LocalDate | null;
    overdue: boolean;
    daysOverdue: number;
  } | null;
  visits: KeyCareEntryRecord['visits'];
  source: KeyCareEntryRecord['source'];
}

export interface OverdueItem {
  entryId: string;
  childId: string;
  townshipCode: string;
  workerId: string;
  visitId: string;
  dueOn: LocalDate;
  daysOverdue: number;
}

/**
 * The Attachment 1 ledger columns of one imported row, as the workbook codec gives them
 * (ledger-excel LedgerRowValues): a blank cell is absent. Records of the worklist (待补录) stored
 * before blank cells were omitted hold null instead; ledgerFieldsFromImport reads both as blank.
 */
export interface ImportedLedgerFields {
  readonly difficultyTypes: readonly DifficultyType[];
  /** 就读学校/年级. */
  readonly schoolGrade?: string | null;
  /** 基本情况概述. */
  readonly situation?: string | null;
  /** 关爱服务活动 (one per line, optionally dated). */
  readonly careActivities?: string | null;
  /** 备注. */
  readonly notes?: string | null;
}

export type ImportOutcome = 'added' | 'changed' | 'unchanged';

export type ImportRowResult =
  | { readonly childId: string; readonly outcome: ImportOutcome }
  | { readonly childId: string; readonly outcome: 'refused'; readonly error: DomainError };

/** The child's facts the ledger rules read, from the child record (R-core's). */
export function keyCareFacts(child: ChildRecord): KeyCareChildFacts {
  return {
    childId: child._id,
    countyCode: child.countyCode,
    townshipCode: child.townshipCode,
    isMigrant: child.determination.isMigrant,
    movedOut: child.movedOut,
    ...(child.movedOutOn === undefined ? {} : { movedOutOn: child.movedOutOn }),
    birthDate: child.birthDate,
    difficultyTypes: [...child.difficultyTypes],
    askedForHelp: child.askedForHelp,
    hukouDivisionCode: child.hukouDivisionCode,
    residenceDivisionCode: currentResidence(child).divisionCode,
  };
}

/**
 * The ledger fields of an imported row (cells parsed the same way the export writes them). Blank
 * cells, however stored, are empty (ledgerCellText); a stored value of the wrong shape is refused
 * naming `ledger.<field>` and the rule. The ledger rules themselves are normaliseLedgerFields'.
 */
export function ledgerFieldsFromImport(row: ImportedLedgerFields): LedgerFields {
  const types: unknown = row.difficultyTypes;
  if (
    !Array.isArray(types) ||
    !types.every((t): t is DifficultyType => (DIFFICULTY_TYPES as readonly unknown[]).includes(t))
  )
    throw invalidArgument(
      'ledger.difficultyTypes',
      '困境类型列表',
      '重点关爱服务对象困境类型：须为附件1所列困境类型（当前保存的值无法识别）；请更正台账中该行后重新导入',
    );
  const { school, grade } = parseSchoolGrade(row.schoolGrade);
  return {
    difficultyTypes: [...types],
    situationSummary: ledgerCellText(row.situation, 'situation'),
    careActivities: parseCareActivities(row.careActivities),
    notes: ledgerCellText(row.notes, 'notes'),
    school,
    grade,
  };
}

function toOutbox(event: KeyCareEvent): OutboxEntry {
  switch (event.kind) {
    case 'keyCareEntryAdded':
      return outboxEntry(RegistryEvents.keyCareEntryAdded, event.message.childId, event.message, PRODUCER);
    case 'keyCareEntryChanged':
      return outboxEntry(RegistryEvents.keyCareEntryChanged, event.message.childId, event.message, PRODUCER);
    case 'keyCareEntryClosed':
      return outboxEntry(RegistryEvents.keyCareEntryClosed, event.message.childId, event.message, PRODUCER);
    case 'visitPlanned':
      return outboxEntry(RegistryEvents.visitPlanned, event.message.childId, event.message, PRODUCER);
    case 'visitRecorded':
      return outboxEntry(RegistryEvents.visitRecorded, event.message.childId, event.message, PRODUCER);
    case 'visitOverdue':
      return outboxEntry(RegistryEvents.visitOverdue, event.message.childId, event.message, PRODUCER);
    default:
      return assertNever(event, 'key-care event');
  }
}

/**
 * 重点关爱服务对象信息台账: entries, their visit plans and visits, overdue lists and the overdue
 * sweep. Each change and its events are one conditional write of the entry's document.
 */
@Injectable()
export class KeyCareService {
  private readonly logger = new Logger(KeyCareService.name);

  constructor(
    private readonly entries: KeyCareRepository,
    private readonly children: ChildrenRepository,
    private readonly events: ConsumerRegistry,
    @Inject(VISIT_FREQUENCY) private readonly frequency: VisitFrequencyConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  today(): LocalDate {
    return today(this.clock);
  }

  private context(actorId: string, asOf?: LocalDate): TransitionContext {
    const now = this.clock.now();
    return {
      now,
      today: asOf ?? today(this.clock),
      actorId,
      frequency: this.frequency,
      newId: () => ulid(now.getTime()),
    };
  }

  private async facts(scope: CountyScope, childId: string): Promise<KeyCareChildFacts> {
    const child = await this.children.findOne(scope, { _id: childId });
    if (child === null) throw notFound('儿童', childId);
    return keyCareFacts(child);
  }

  private async load(actor: Actor, countyCode: string, entryId: string): Promise<KeyCareEntryRecord> {
    assertCountyInScope(actor, countyCode);
    const entry = await this.entries.findById({ countyCode }, entryId);
    if (entry === null) throw notFound('重点关爱台账', entryId);
    return entry;
  }

  private async insert(t: Transition): Promise<void> {
    await this.entries.insert({
      ...t.entry,
      outbox: t.events.map(toOutbox),
      outboxPending: t.events.length > 0,
    });
    this.events.nudgeRelays();
  }

  private async commit(before: KeyCareEntryRecord, t: Transition): Promise<void> {
    const written = await this.entries.commit(
      { countyCode: before.countyCode },
      { before, after: t.entry, events: t.events.map(toOutbox) },
    );
    if (!written)
      throw conflict('该重点关爱台账已被他人修改，请刷新后重试', {
        entryId: before._id,
        expectedVersion: before.version,
      });
    if (t.events.length > 0) this.events.nudgeRelays();
  }

  private assertVersion(entry: KeyCareEntryRecord, expected: number | undefined): void {
    if (expected !== undefined && expected !== entry.version) {
      throw invalidArgument(
        'version',
        '与当前版本一致',
        `台账已更新（当前版本 ${entry.version}），请刷新后再修改`,
        { currentVersion: entry.version },
      );
    }
  }

  /** 建档: a child's ledger entry; its types must be supported by the child's facts. */
  async open(
    actor: Actor,
    countyCode: string,
    childId: string,
    fields: LedgerFields,
    visitWorkerId = '',
  ): Promise<KeyCareEntryView> {
    assertCountyInScope(actor, countyCode);
    const child = await this.children.findOne({ countyCode }, { _id: childId });
    if (child === null) throw notFound('儿童', childId);
    // 就读学校/年级 defaults to what the child record says, so the ledger starts complete.
    const withSchool =
      fields.school === '' && fields.grade === ''
        ? { ...fields, school: child.education.school, grade: child.education.grade }
        : fields;
    const t = openEntry(
      { entryId: ulid(this.clock.now().getTime()), fields: withSchool, visitWorkerId, source: 'manual' },
      keyCareFacts(child),
      this.context(actor.userId),
    );
    await this.insert(t);
    return this.view(t.entry);
  }

  async get(actor: Actor, countyCode: string, entryId: string): Promise<KeyCareEntryView> {
    return this.view(await this.load(actor, countyCode, entryId));
  }

  /** A child's entries, open and closed, newest first (the archive, 档案). */
  async ofChild(actor: Actor, countyCode: string, childId: string): Promise<KeyCareEntryView[]> {
    assertCountyInScope(actor, countyCode);
    return (await this.entries.findByChild({ countyCode }, childId)).map((e) => this.view(e));
  }

  /** The open ledger of a county or a township (keyset paging). */
  async list(
    actor: Actor,
    countyCode: string,
    townshipCode: string | undefined,
    page: PageRequest,
  ): Promise<{ items: KeyCareEntryView[]; nextCursor?: string }> {
    assertCountyInScope(actor, countyCode);
    return this.viewPage(await this.entries.pageOpen({ countyCode }, townshipCode, page));
  }

  /** 变更: ledger fields and/or the responsible worker; silent (no write) when nothing changes. */
  async change(
    actor: Actor,
    countyCode: string,
    entryId: string,
    input: ChangeEntryInput & { version?: number },
  ): Promise<KeyCareEntryView> {
    const before = await this.load(actor, countyCode, entryId);
    this.assertVersion(before, input.version);
    const facts = await this.facts({ countyCode }, before.childId);
    const t = changeEntry(before, input, facts, this.context(actor.userId));
    if (t === undefined) return this.view(before);
    await this.commit(before, t);
    return this.view(t.entry);
  }

  /** 关爱服务活动: appends a dated activity. */
  async addActivity(
    actor: Actor,
    countyCode: string,
    entryId: string,
    activity: CareActivity,
  ): Promise<KeyCareEntryView> {
    const before = await this.load(actor, countyCode, entryId);
    const facts = await this.facts({ countyCode }, before.childId);
    const t = addCareActivity(before, activity, facts, this.context(actor.userId));
    await this.commit(before, t);
    return this.view(t.entry);
  }

  /** 销档 with a reason (迁出, 年满十六周岁, 困境已消除, …). */
  async close(
    actor: Actor,
    countyCode: string,
    entryId: string,
    input: Omit<CloseEntryInput, 'closedOn'> & { closedOn?: LocalDate; version?: number },
  ): Promise<KeyCareEntryView> {
    const before = await this.load(actor, countyCode, entryId);
    this.assertVersion(before, input.version);
    const facts = await this.facts({ countyCode }, before.childId);
    const ctx = this.context(actor.userId);
    const t = closeEntry(
      before,
      { reason: input.reason, note: input.note, closedOn: input.closedOn ?? ctx.today },
      facts,
      ctx,
    );
    await this.commit(before, t);
    return this.view(t.entry);
  }

  /** 走访记录: fulfils the planned visit and plans the next one. */
  async recordVisit(
    actor: Actor,
    countyCode: string,
    entryId: string,
    input: RecordVisitInput,
  ): Promise<KeyCareEntryView> {
    const before = await this.load(actor, countyCode, entryId);
    const t = recordVisit(before, input, this.context(actor.userId));
    await this.commit(before, t);
    return this.view(t.entry);
  }

  private asOfOrToday(asOf: string | undefined): LocalDate {
    if (asOf === undefined) return this.today();
    if (!isLocalDate(asOf))
      throw invalidArgument('asOf', 'YYYY-MM-DD', '判定日期（asOf）须为有效日期（YYYY-MM-DD）');
    return asOf;
  }

  /** 逾期未走访: per county, narrowed to a township or a worker ('' = nobody assigned), most overdue first. */
  async listOverdue(
    actor: Actor,
    countyCode: string,
    filter: { asOf?: LocalDate; townshipCode?: string; workerId?: string },
    page: PageRequest,
  ): Promise<{ asOf: LocalDate; items: OverdueItem[]; nextCursor?: string }> {
    assertCountyInScope(actor, countyCode);
    const asOf = this.asOfOrToday(filter.asOf);
    const result = await this.entries.pageOverdue(
      { countyCode },
      asOf,
      { townshipCode: filter.townshipCode, workerId: filter.workerId },
      page,
    );
    const items = result.items.map((e) => overdueItem(e, asOf));
    return result.nextCursor === undefined ? { asOf, items } : { asOf, items, nextCursor: result.nextCursor };
  }

  /** Overdue counts of a county by worker and by township (supervision evidence, 督导). */
  async overdueSummary(
    actor: Actor,
    countyCode: string,
    asOf?: LocalDate,
  ): Promise<{
    asOf: LocalDate;
    countyCode: string;
    total: number;
    byWorker: OverdueCount[];
    byTownship: OverdueCount[];
  }> {
    assertCountyInScope(actor, countyCode);
    const day = this.asOfOrToday(asOf);
    const [byWorker, byTownship] = await Promise.all([
      this.entries.overdueCounts({ countyCode }, day, 'nextVisitWorkerId'),
      this.entries.overdueCounts({ countyCode }, day, 'townshipCode'),
    ]);
    return {
      asOf: day,
      countyCode,
      total: byTownship.reduce((n, c) => n + c.count, 0),
      byWorker,
      byTownship,
    };
  }

  /**
   * The overdue sweep (逾期扫描) for a date: emits VisitOverdue once per overdue visit. The flag
   * and the event are one write, so a second run (or a concurrent one) emits nothing more.
   * All counties unless one is given. Returns how many visits became overdue.
   */
  async markOverdue(asOf: LocalDate, countyCode?: string): Promise<number> {
    if (!isLocalDate(asOf))
      throw invalidArgument('asOf', 'YYYY-MM-DD', '判定日期（asOf）须为有效日期（YYYY-MM-DD）');
    const counties = countyCode === undefined ? await this.entries.counties() : [countyCode];
    let emitted = 0;
    for (const county of counties) {
      const scope: CountyScope = { countyCode: county };
      for (;;) {
        const due = await this.entries.findUnreportedOverdue(scope, asOf, BATCH);
        let progressed = 0;
        for (const entry of due) {
          const t = markOverdue(entry, asOf, { now: this.clock.now() });
          if (t === undefined) continue;
          // A lost version race means another writer changed the entry: the next sweep decides again.
          if (
            await this.entries.commit(scope, {
              before: entry,
              after: t.entry,
              events: t.events.map(toOutbox),
            })
          )
            progressed += 1;
        }
        emitted += progressed;
        if (due.length < BATCH || progressed === 0) break;
      }
    }
    if (emitted > 0) {
      this.events.nudgeRelays();
      this.logger.log({ msg: 'key-care: visits marked overdue', asOf, emitted });
    }
    return emitted;
  }

  /**
   * The ledger follows the child records: closes open entries whose child moved out, left the
   * county or is no longer a migrant child (turned 16, …), as the records stand now. Run it
   * after the daily status recomputation; re-runs close nothing more. Returns how many it closed.
   */
  async closeNoLongerEligible(asOf: LocalDate, countyCode?: string): Promise<number> {
    if (!isLocalDate(asOf))
      throw invalidArgument('asOf', 'YYYY-MM-DD', '判定日期（asOf）须为有效日期（YYYY-MM-DD）');
    const counties = countyCode === undefined ? await this.entries.counties() : [countyCode];
    const ctx = this.context('system', asOf);
    let closed = 0;
    for (const county of counties) {
      const scope: CountyScope = { countyCode: county };
      for await (const batch of this.openEntriesOf(county)) {
        const children = await this.children.find(scope, { _id: { $in: batch.map((e) => e.childId) } });
        const facts = new Map(children.map((c) => [c._id, keyCareFacts(c)]));
        for (const entry of batch) {
          const t = closeIfNoLongerEligible(entry, facts.get(entry.childId), ctx);
          if (t === undefined) continue;
          // A lost race (someone changed the entry meanwhile) is decided again by the next run.
          if (
            await this.entries.commit(scope, {
              before: entry,
              after: t.entry,
              events: t.events.map(toOutbox),
            })
          )
            closed += 1;
        }
      }
    }
    if (closed > 0) {
      this.events.nudgeRelays();
      this.logger.log({ msg: 'key-care: entries closed as no longer eligible', asOf, closed });
    }
    return closed;
  }

  /**
   * The ledger follows a move-out (迁出) as it happens: ChildMovedOut, read back from the
   * registry's own topic, closes the child's open entry. A redelivery finds no open entry and
   * changes nothing; so does an event for a child this database does not hold. The daily sweep
   * (closeNoLongerEligible) stays the backstop. A concurrent change of the entry throws, so the
   * consumer retries with the entry as it now is.
   */
  async followMoveOut(countyCode: string, childId: string): Promise<boolean> {
    if (countyCode === '' || childId === '') return false;
    const scope: CountyScope = { countyCode };
    const open = (await this.entries.findOpenByChildren(scope, [childId])).get(childId);
    if (open === undefined) return false;
    const [child] = await this.children.find(scope, { _id: childId });
    const t = closeIfNoLongerEligible(
      open,
      child === undefined ? undefined : keyCareFacts(child),
      this.context('system'),
    );
    if (t === undefined) return false;
    const committed = await this.entries.commit(scope, {
      before: open,
      after: t.entry,
      events: t.events.map(toOutbox),
    });
    if (!committed) throw new Error(`key-care entry ${open._id} changed while closing it; retrying`);
    this.events.nudgeRelays();
    return true;
  }

  /**
   * The ledger's daily work for a date (R-core's daily job calls it after recomputing the
   * children's status): entries follow their children, then overdue visits are reported.
   */
  async dailySweep(
    asOf: LocalDate,
    countyCode?: string,
  ): Promise<{ asOf: LocalDate; closed: number; overdue: number }> {
    const closed = await this.closeNoLongerEligible(asOf, countyCode);
    const overdue = await this.markOverdue(asOf, countyCode);
    return { asOf, closed, overdue };
  }

  /**
   * ListKeyCareChildren (gRPC, for other departments): open entries of a county or township,
   * keyset-paged on the entry id. The caller (R-core's gRPC controller) authorises the county.
   */
  async listKeyCareChildren(request: {
    countyCode: string;
    townshipCode?: string;
    pageSize?: number;
    pageToken?: string;
  }): Promise<registry.ListKeyCareChildrenResponse> {
    const page = await this.entries.pageOpen(
      { countyCode: request.countyCode },
      request.townshipCode === '' ? undefined : request.townshipCode,
      { pageSize: request.pageSize, cursor: request.pageToken === '' ? undefined : request.pageToken },
    );
    return {
      children: page.items.map((e) => ({
        childId: e.childId,
        entryId: e._id,
        countyCode: e.countyCode,
        townshipCode: e.townshipCode,
        difficultyTypes: e.difficultyTypes.map((t) => difficultyTypeToProto(t) as common.DifficultyType),
        nextVisitDueOn: e.nextVisitDueOn ?? '',
      })),
      nextPageToken: page.nextCursor ?? '',
    };
  }

  /** One Attachment 1 row's ledger columns for a child already stored by the import; throws the refusal. */
  async upsertFromImport(
    childId: string,
    fields: ImportedLedgerFields,
    scope: CountyScope,
  ): Promise<ImportOutcome> {
    const [result] = await this.upsertManyFromImport(scope.countyCode, [{ childId, fields }]);
    if (result.outcome === 'refused') throw result.error;
    return result.outcome;
  }

  /**
   * The import's ledger step for many rows of one county: opens entries for new children,
   * changes entries whose columns differ, and leaves unchanged rows alone (no write, no event),
   * so importing the same file twice changes nothing the second time. Rows whose types the
   * child's facts do not support are refused with the reason (for the error report).
   */
  async upsertManyFromImport(
    countyCode: string,
    rows: readonly { childId: string; fields: ImportedLedgerFields; child?: ChildRecord }[],
  ): Promise<ImportRowResult[]> {
    if (rows.length === 0) return [];
    const scope: CountyScope = { countyCode };
    const ids = [...new Set(rows.map((r) => r.childId))];
    // The import hands over the records it has just written; only the others are read (an `$in`
    // read is a scan of the county on FerretDB v1, so not repeating it matters there).
    const given = rows.flatMap((r) => (r.child !== undefined && r.child._id === r.childId ? [r.child] : []));
    const givenIds = new Set(given.map((c) => c._id));
    const missing = ids.filter((id) => !givenIds.has(id));
    const [children, open] = await Promise.all([
      missing.length === 0 ? Promise.resolve([]) : this.children.find(scope, { _id: { $in: missing } }),
      this.entries.findOpenByChildren(scope, ids),
    ]);
    const childById = new Map([...given, ...children].map((c) => [c._id, c]));
    const ctx = this.context('import');
    const results: ImportRowResult[] = [];
    const writes: (
      | { kind: 'insert'; entry: KeyCareEntryRecord }
      | { kind: 'update'; before: KeyCareEntryRecord; after: KeyCareEntryState; events: OutboxEntry[] }
    )[] = [];
    const writeRow: number[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const child = childById.get(row.childId);
      try {
        if (child === undefined) throw notFound('儿童', row.childId);
        // The workbook codec refuses repeated ID numbers within a file, so this is a caller's slip.
        if (seen.has(row.childId)) throw invalidArgument('childId', '每批唯一', '同一儿童在本批次中出现多次');
        seen.add(row.childId);
        const fields = ledgerFieldsFromImport(row.fields);
        const facts = keyCareFacts(child);
        const existing = open.get(row.childId);
        if (existing === undefined) {
          const t = openEntry(
            { entryId: ctx.newId(), fields, visitWorkerId: '', source: 'import' },
            facts,
            ctx,
          );
          writes.push({
            kind: 'insert',
            entry: { ...t.entry, outbox: t.events.map(toOutbox), outboxPending: t.events.length > 0 },
          });
          writeRow.push(results.length);
          results.push({ childId: row.childId, outcome: 'added' });
          continue;
        }
        const t = changeEntry(existing, { fields }, facts, ctx);
        if (t === undefined) {
          results.push({ childId: row.childId, outcome: 'unchanged' });
          continue;
        }
        writes.push({ kind: 'update', before: existing, after: t.entry, events: t.events.map(toOutbox) });
        writeRow.push(results.length);
        results.push({ childId: row.childId, outcome: 'changed' });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ childId: row.childId, outcome: 'refused', error });
      }
    }
    const applied = await this.entries.bulkApply(scope, writes);
    applied.forEach((ok, i) => {
      if (ok) return;
      const at = writeRow[i];
      const childId = results[at].childId;
      results[at] = {
        childId,
        outcome: 'refused',
        error: conflict('该儿童的重点关爱台账正被同时修改，请重新导入该行', { childId }),
      };
    });
    if (writes.length > 0) this.events.nudgeRelays();
    return results;
  }

  /** Open entries of a county in opening order, for the ledger export (ledger-export.ts). */
  async *openEntriesOf(countyCode: string): AsyncGenerator<KeyCareEntryRecord[]> {
    let cursor: string | undefined;
    do {
      const page = await this.entries.pageOpen({ countyCode }, undefined, { pageSize: BATCH, cursor });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  private viewPage(page: Page<KeyCareEntryRecord>): { items: KeyCareEntryView[]; nextCursor?: string } {
    const items = page.items.map((e) => this.view(e));
    return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
  }

  view(entry: KeyCareEntryState): KeyCareEntryView {
    const day = this.today();
    const nextVisit =
      entry.nextVisitId === null || entry.nextVisitDueOn === null
        ? null
        : {
            visitId: entry.nextVisitId,
            dueOn: entry.nextVisitDueOn,
            workerId: entry.nextVisitWorkerId,
            plannedOn: entry.nextVisitPlannedOn,
            overdue: entry.nextVisitDueOn < day,
            daysOverdue: Math.max(0, daysBetween(entry.nextVisitDueOn, day)),
          };
    return {
      entryId: entry._id,
      version: entry.version,
      childId: entry.childId,
      countyCode: entry.countyCode,
      townshipCode: entry.townshipCode,
      status: entry.status,
      openedOn: entry.openedOn,
      closedOn: entry.closedOn,
      closeReason: entry.closeReason,
      closeNote: entry.closeNote,
      ...pickLedgerFields(entry),
      visitWorkerId: entry.visitWorkerId,
      nextVisit,
      visits: entry.visits.map((v) => ({ ...v })),
      source: entry.source,
    };
  }
}

function overdueItem(entry: KeyCareEntryRecord, asOf: LocalDate): OverdueItem {
  const dueOn = entry.nextVisitDueOn ?? asOf;
  return {
    entryId: entry._id,
    childId: entry.childId,
    townshipCode: entry.townshipCode,
    workerId: entry.nextVisitWorkerId,
    visitId: entry.nextVisitId ?? '',
    dueOn,
    daysOverdue: daysBetween(dueOn, asOf),
  };
}
