import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ulid } from 'ulid';
import { addMonths, compareDates, isLocalDate, type LocalDate, today } from '@care/child-rules';
import { CONFIG } from '@care/config';
import { ConsumerRegistry } from '@care/events';
import { conflict, DomainError, invalidArgument, notFound, permissionDenied } from '@care/errors';
import { actorCoversCounty, type Actor } from '@care/access';
import { EducationSchooling, sameSchoolGrade, schoolGradeText } from '../key-care/education-schooling';
import { InjectClock, type Clock } from '@care/service-kit';
import type { RegistryConfig } from '../config';
import {
  applyMoveOut,
  applyPatch,
  buildNewChild,
  sealGuardians,
  type ChildTransition,
} from '../children/child-builder';
import { scopeOfDivision } from '../children/child-aggregate';
import {
  ChildrenRepository,
  type BulkOutcome,
  type ChildWrite,
  type CountyScope,
} from '../children/children.repository';
import { ChildrenService } from '../children/children.service';
import type { ChildRecord } from '../children/child.types';
import { normaliseLedgerFields, unsupportedTypesError } from '../key-care/key-care-aggregate';
import {
  KeyCareService,
  keyCareFacts,
  ledgerFieldsFromImport,
  type ImportedLedgerFields,
} from '../key-care/key-care.service';
import {
  readLedgerWorkbook,
  type LedgerCellError,
  type LedgerHeader,
  type LedgerRowResult,
} from '../ledger-excel';
import { PersonalDataService } from '../personal-data';
import { ImportErrorRepository, ImportJobRepository } from './import-job.repository';
import { ImportOutbox } from './import-outbox';
import { splitRegistrationEvents } from './registration-batch';
import type { ImportCounters, ImportErrorRecord, ImportJobRecord } from './import-job.types';
import { IncompleteChildrenRepository, type IncompleteWrite } from './incomplete.repository';
import { findIncompleteMatch, missingFactsText, type MatchKeys } from './incomplete-rules';
import type { IncompleteChildRecord, IncompleteIndexEntry } from './incomplete.types';
import { mapLedgerRow, type ImportDefaults, type MappedRow, type MatchTexts } from './ledger-row-mapping';
import { nonEmptySheetRows } from './sheet-rows';

/** The largest file the job accepts, in data rows (a county's ledger is far smaller). */
const MAX_ROWS = 200_000;

/** Which Attachment 1 column a registry-side refusal concerns (by the DomainError's field). */
function columnOfField(field: string | undefined): LedgerHeader {
  const f = field ?? '';
  if (f.startsWith('idNumber') || f === 'birthDate' || f === 'sex') return f === 'sex' ? '性别' : '身份证号';
  if (f === 'name') return '儿童姓名';
  if (f.startsWith('hukou')) return '户籍地址';
  if (f.startsWith('residence')) return '现居住地';
  if (f.startsWith('guardians')) return f.endsWith('phone') ? '监护人联系方式' : '监护人姓名';
  if (f.startsWith('difficultyTypes')) return '重点关爱服务对象困境类型';
  if (f === 'situationSummary') return '基本情况概述';
  if (f.startsWith('careActivities')) return '关爱服务活动';
  if (f === 'notes') return '备注';
  if (f === 'school' || f === 'grade') return '就读学校/年级';
  return '序号';
}

function refusal(error: unknown): LedgerCellError[] {
  if (error instanceof DomainError) return [{ column: columnOfField(error.field), reason: error.message }];
  throw error;
}

type ImportIndex = Awaited<ReturnType<ChildrenRepository['importIndexOf']>>;

/** The child half of an import fingerprint (`<child>.<ledger>`). */
function childHalf(fingerprint: string | undefined): string | undefined {
  return fingerprint?.split('.')[0];
}

/** Thrown between chunks when the app shuts down. */
class ImportInterrupted extends Error {}

/** A chunk decided and ready to write. */
interface PreparedChunk {
  rows: number;
  plans: RowPlan[];
  /** Rows kept as incomplete (待补录), with their worklist write (none when unchanged). */
  incompletes: IncompletePlan[];
  refused: Map<number, LedgerCellError[]>;
  /** Corrections of the rows that are stored (reported only if the row is stored). */
  warnings: Map<number, LedgerCellError[]>;
  counters: ImportCounters;
  timing: Record<string, number>;
}

/** A valid row on its way to storage. */
interface Candidate {
  rowNumber: number;
  idIndex: string;
  indexCandidates: string[];
  fingerprint: string;
  mapped: Extract<MappedRow, { kind: 'child' }>;
}

/** A row kept on the worklist: a new or changed incomplete record, or one re-imported unchanged. */
interface IncompletePlan {
  rowNumber: number;
  write?: Extract<IncompleteWrite, { kind: 'insert' | 'replace' }>;
  missing: LedgerCellError[];
}

/** The county's incomplete records as one import run matches and claims them. */
interface IncompleteState {
  entries: IncompleteIndexEntry[];
  /** Records already matched by a row of this file (a record is completed or updated once). */
  claimed: Set<string>;
  /** Rows without an ID number seen in this file, by their name + household-address key. */
  seen: Map<string, number>;
}

/** The decided write of one row. */
interface RowPlan {
  rowNumber: number;
  kind: 'insert' | 'update' | 'unchanged';
  childId: string;
  /** The child as it will be stored; absent for an unchanged row (not read: nothing to write). */
  record?: ChildRecord;
  write?: { kind: 'insert'; record: ChildRecord } | ({ kind: 'update' } & ChildWrite);
  ledger?: ImportedLedgerFields;
  /** The incomplete record this row completes (deleted once the child is stored under its id). */
  completes?: string;
}

export interface StartImportInput {
  countyCode: string;
  file: Buffer;
  residentSince?: LocalDate;
}

/**
 * The Attachment 1 import JOB (导入任务): the upload returns a job id at once; the file is then
 * read row by row (R-protect's codec validates every row), in chunks: each chunk's valid rows are
 * matched on the ID-number blind index, then stored with one unordered bulkWrite of keyed
 * single-document writes (new child with its registration events, or a conditional update with
 * its events), then their key-care ledger entries (R-ledger's service). Unchanged rows write
 * nothing, so importing the same file again stores nothing new. A bad row is reported, never
 * half-written: every check that can refuse a row runs before the chunk's first write.
 */
@Injectable()
export class ImportService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportService.name);
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly jobs: ImportJobRepository,
    private readonly errors: ImportErrorRepository,
    private readonly incompleteRecords: IncompleteChildrenRepository,
    private readonly children: ChildrenRepository,
    private readonly childrenService: ChildrenService,
    private readonly personalData: PersonalDataService,
    private readonly events: ConsumerRegistry,
    private readonly outbox: ImportOutbox,
    @Inject(CONFIG) private readonly config: RegistryConfig,
    @InjectClock() private readonly clock: Clock,
    @Optional() private readonly keyCare?: KeyCareService,
    @Optional() private readonly schooling?: EducationSchooling,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const interrupted = await this.jobs.markAbandoned(this.clock.now());
    if (interrupted > 0)
      this.logger.warn({ msg: 'import jobs interrupted by a restart', count: interrupted });
  }

  /** Jobs in progress finish the chunk they are writing, then stop as interrupted (re-importing resumes safely). */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  /** Creates the job and starts it in the background; returns the job (status queued). */
  async start(actor: Actor, input: StartImportInput): Promise<ImportJobRecord> {
    if (!/^\d{6}$/.test(input.countyCode))
      throw invalidArgument('countyCode', '6位区县代码', '区县代码（countyCode）：须为6位区县代码');
    if (!actorCoversCounty(actor, input.countyCode))
      throw permissionDenied('无权导入该区县的台账：不在本人负责的区县范围内', {
        countyCode: input.countyCode,
      });
    if (input.file.length === 0) throw invalidArgument('file', '必填', '请上传附件1台账 Excel 文件（.xlsx）');
    // A .xlsx is a zip: refuse anything else before queuing (a .xls or a CSV renamed).
    if (input.file.length < 4 || input.file.readUInt32LE(0) !== 0x04034b50)
      throw invalidArgument(
        'file',
        '.xlsx',
        '文件格式不正确：请上传 Excel 2007 及以上格式（.xlsx）的附件1台账',
      );
    const day = today(this.clock);
    const residentSince = input.residentSince ?? addMonths(day, -6);
    if (!isLocalDate(residentSince) || compareDates(residentSince, day) > 0) {
      throw invalidArgument(
        'residentSince',
        'YYYY-MM-DD，不晚于今天',
        '迁入日期（residentSince）：须为不晚于今天的日期（YYYY-MM-DD）',
      );
    }
    const now = this.clock.now();
    const job: ImportJobRecord = {
      _id: ulid(now.getTime()),
      countyCode: input.countyCode,
      status: 'queued',
      createdBy: actor.userId,
      createdAt: now,
      fileSha256: createHash('sha256').update(input.file).digest('hex'),
      fileBytes: input.file.length,
      residentSince,
      total: null,
      processed: 0,
      stored: 0,
      updated: 0,
      duplicates: 0,
      failed: 0,
      incomplete: 0,
      completed: 0,
      warned: 0,
      keyCareAdded: 0,
      keyCareChanged: 0,
      updatedAt: now,
    };
    await this.jobs.create(job);
    const run = this.run(job, input.file).catch((error: unknown) =>
      this.logger.error({
        msg: 'import job crashed',
        jobId: job._id,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return job;
  }

  /** Runs an import to the end and returns the final job (tests and the benchmark await this). */
  async runToCompletion(actor: Actor, input: StartImportInput): Promise<ImportJobRecord> {
    const job = await this.start(actor, input);
    await Promise.allSettled([...this.running]);
    return this.get(actor, job._id);
  }

  async get(actor: Actor, jobId: string): Promise<ImportJobRecord> {
    for (const countyCode of actor.countyCodes) {
      const job = await this.jobs.findOne({ countyCode }, { _id: jobId });
      if (job !== null) return job;
    }
    throw notFound('导入任务', jobId);
  }

  /** The first lines of a job's report (refused, corrected, incomplete rows), for the job summary. */
  async reportPreview(job: ImportJobRecord, limit: number): Promise<ImportErrorRecord[]> {
    // Read once the job has ended (not on every progress poll while it runs).
    if (job.status === 'queued' || job.status === 'running') return [];
    if (job.failed + (job.incomplete ?? 0) + (job.warned ?? 0) === 0) return [];
    const rows: ImportErrorRecord[] = [];
    for await (const row of this.errors.rowsOf({ countyCode: job.countyCode }, job._id, limit)) {
      rows.push(row);
      if (rows.length >= limit) break;
    }
    return rows;
  }

  /** The reported rows of a job (refused, corrected, incomplete), in row order (for errors.xlsx). */
  errorRows(job: ImportJobRecord): AsyncGenerator<ImportErrorRecord> {
    return this.errors.rowsOf({ countyCode: job.countyCode }, job._id);
  }

  private async run(job: ImportJobRecord, file: Buffer): Promise<void> {
    const scope: CountyScope = { countyCode: job.countyCode };
    const sheetRows = nonEmptySheetRows(file);
    await this.jobs.setStatus(scope, job._id, 'running', { startedAt: this.clock.now() }, this.clock.now());
    const defaults: ImportDefaults = { countyCode: job.countyCode, residentSince: job.residentSince };
    const asOf = today(this.clock);
    let chunk: LedgerRowResult[] = [];
    let processed = 0;
    let totalSet = false;
    // Two-stage pipeline: while chunk N is being written, chunk N+1 is read and decided.
    let writing: Promise<number> = Promise.resolve(0);
    // The county's records as the import matches them, read once (see ChildrenRepository.importIndexOf).
    let known: ImportIndex = new Map();
    const incomplete: IncompleteState = { entries: [], claimed: new Set(), seen: new Map() };
    const flush = async (rows: LedgerRowResult[]): Promise<void> => {
      const prepared = await this.prepareChunk(job, rows, defaults, known, incomplete);
      processed += await writing;
      if (this.stopping) throw new ImportInterrupted();
      writing = this.commitChunk(job, prepared);
      // Observed here so a failed write is not an unhandled rejection before the next await.
      writing.catch(() => undefined);
    };
    try {
      known = await this.children.importIndexOf(scope);
      incomplete.entries = await this.incompleteRecords.indexOf(scope);
      for await (const row of readLedgerWorkbook(file, { asOf, maxRows: MAX_ROWS })) {
        if (!totalSet && sheetRows !== undefined) {
          // Rows from the first data row on (title and header rows excluded).
          await this.jobs.setStatus(
            scope,
            job._id,
            'running',
            { total: sheetRows.filter((r) => r >= row.rowNumber).length },
            this.clock.now(),
          );
          totalSet = true;
        }
        chunk.push(row);
        if (chunk.length >= this.config.IMPORT_CHUNK_SIZE) {
          await flush(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) await flush(chunk);
      processed += await writing;
      const now = this.clock.now();
      await this.jobs.setStatus(scope, job._id, 'succeeded', { total: processed, finishedAt: now }, now);
    } catch (error) {
      await writing.catch(() => 0);
      const now = this.clock.now();
      if (error instanceof ImportInterrupted) {
        await this.jobs.setStatus(scope, job._id, 'interrupted', { finishedAt: now }, now);
        return;
      }
      const failure =
        error instanceof DomainError
          ? { code: error.code, message: error.message }
          : { code: 'internal', message: '导入过程中发生内部错误，已保存的行不受影响，可重新导入' };
      if (!(error instanceof DomainError))
        this.logger.error({
          msg: 'import failed',
          jobId: job._id,
          error: error instanceof Error ? error.message : String(error),
        });
      await this.jobs.setStatus(scope, job._id, 'failed', { failure, finishedAt: now }, now);
    }
  }

  /**
   * Stage 1 of a chunk (CPU and reads): the codec's verdicts, the mapping, the match on the blind
   * index and every decision, so that stage 2 only writes. A file cannot name one ID number twice
   * (the codec refuses the repeat), nor one child without an ID number twice (refused here), so a
   * chunk's decisions never depend on the previous chunk's writes, and stage 1 of a chunk may run
   * while stage 2 of the previous one is writing.
   */
  private async prepareChunk(
    job: ImportJobRecord,
    rows: readonly LedgerRowResult[],
    defaults: ImportDefaults,
    known: ImportIndex,
    incomplete: IncompleteState,
  ): Promise<PreparedChunk> {
    const scope: CountyScope = { countyCode: job.countyCode };
    const timing: Record<string, number> = {};
    let mark = Date.now();
    const lap = (name: string) => {
      const now = Date.now();
      timing[name] = now - mark;
      mark = now;
    };
    const counters: ImportCounters = {
      processed: rows.length,
      stored: 0,
      updated: 0,
      duplicates: 0,
      failed: 0,
      incomplete: 0,
      completed: 0,
      warned: 0,
      keyCareAdded: 0,
      keyCareChanged: 0,
    };
    const refused = new Map<number, LedgerCellError[]>();
    const refuse = (rowNumber: number, errors: readonly LedgerCellError[]) =>
      refused.set(rowNumber, [...(refused.get(rowNumber) ?? []), ...errors]);
    const warnings = new Map<number, LedgerCellError[]>();
    const ctx = this.childrenService.changeContext();

    // 1. The codec's verdict and the registry's own mapping (addresses -> divisions).
    const candidates: Candidate[] = [];
    const incompletes: IncompletePlan[] = [];
    for (const row of rows) {
      if (!('values' in row)) {
        refuse(row.rowNumber, row.errors);
        continue;
      }
      const mapped = mapLedgerRow(row.values, defaults, row.warnings);
      if (!mapped.ok) {
        refuse(row.rowNumber, mapped.errors);
        continue;
      }
      if (mapped.warnings.length > 0) warnings.set(row.rowNumber, mapped.warnings);
      if (mapped.kind === 'incomplete') {
        const matchKeys = this.matchKeysOf(mapped.match);
        const plan = this.planIncomplete(job, row.rowNumber, mapped, matchKeys, incomplete, ctx.now);
        if ('errors' in plan) refuse(row.rowNumber, plan.errors);
        else incompletes.push(plan);
        continue;
      }
      const id = mapped.child.idNumber as string;
      candidates.push({
        rowNumber: row.rowNumber,
        idIndex: this.personalData.idNumberIndex(id),
        indexCandidates: this.personalData.idNumberIndexCandidates(id),
        // Keyed (HMAC-SM3 under the blind-index key), so the fingerprint reveals nothing of the row.
        // Two halves: the child's facts, and the ledger columns (a row identical in both is skipped unread).
        fingerprint: `${this.fingerprintOf('import-row', mapped.fingerprintText)}.${mapped.ledgerFingerprintText === '' ? '-' : this.fingerprintOf('import-ledger', mapped.ledgerFingerprintText)}`,
        mapped,
      });
    }

    lap('mapMs');
    // 2. Match on the ID-number blind index (every index version, during a key rotation) against
    //    the county's index read once per import; only rows whose content changed are read in full.
    const matchOf = (c: Candidate) => c.indexCandidates.map((i) => known.get(i)).find((k) => k !== undefined);
    // A row identical to the last import of the child (both halves) is a duplicate, not even read.
    const changedIds = candidates.flatMap((c) => {
      const k = matchOf(c);
      return k !== undefined && k.importFingerprint !== c.fingerprint ? [k.childId] : [];
    });
    const byId = new Map((await this.children.findManyByIds(scope, changedIds)).map((r) => [r._id, r]));
    const incompleteIds = new Set(incomplete.entries.map((e) => e._id));
    // 3. Decide each row's write; every refusal happens here, before anything is written.
    const plans: RowPlan[] = [];
    for (const c of candidates) {
      try {
        const match = matchOf(c);
        const found = match === undefined ? undefined : byId.get(match.childId);
        let plan: RowPlan;
        if (match === undefined) {
          // A child new to the registry, unless it is an incomplete record now completed (its ID
          // number added): then the child takes the record's id, and the record is deleted.
          // (The match keys cost three HMACs: computed only when the county has such records.)
          const pending =
            incomplete.entries.length === 0
              ? ({ kind: 'none' } as const)
              : findIncompleteMatch(
                  incomplete.entries,
                  this.matchKeysOf(c.mapped.match),
                  { sex: c.mapped.child.sex, birthDate: c.mapped.child.birthDate },
                  incomplete.claimed,
                );
          if (pending.kind === 'ambiguous')
            throw invalidArgument(
              'name',
              '待补录唯一',
              '儿童姓名：待补录名单中有多条可能是该儿童的记录，无法确定补录哪一条；本行未导入，请在待补录名单中逐条补录',
            );
          const childId = pending.kind === 'one' ? pending.entry._id : ulid(ctx.now.getTime());
          const record = buildNewChild(
            { ...c.mapped.child, source: 'import', importFingerprint: c.fingerprint },
            { ...ctx, childId },
          );
          plan = {
            rowNumber: c.rowNumber,
            kind: 'insert',
            childId: record._id,
            record,
            write: { kind: 'insert', record },
            ...(pending.kind === 'one' ? { completes: pending.entry._id } : {}),
          };
          if (pending.kind === 'one') incomplete.claimed.add(pending.entry._id);
        } else if (match.importFingerprint === c.fingerprint) {
          plans.push({
            rowNumber: c.rowNumber,
            kind: 'unchanged',
            childId: match.childId,
            // A record completed by an import that stopped before deleting it.
            ...(incompleteIds.has(match.childId) ? { completes: match.childId } : {}),
          });
          continue;
        } else if (found === undefined) {
          throw conflict('该儿童记录正被同时修改，本行未保存，请重新导入');
        } else if (childHalf(match.importFingerprint) === childHalf(c.fingerprint)) {
          // Only the ledger columns changed: the child is not written, its ledger entry is.
          plan = { rowNumber: c.rowNumber, kind: 'unchanged', childId: found._id, record: found };
        } else {
          const t = this.updateFromRow(found, c, ctx);
          plan =
            t === undefined
              ? { rowNumber: c.rowNumber, kind: 'unchanged', childId: found._id, record: found }
              : {
                  rowNumber: c.rowNumber,
                  kind: 'update',
                  childId: found._id,
                  record: t.after,
                  write: { kind: 'update', before: found, after: t.after, events: t.events },
                };
        }
        if (plan.completes === undefined && incompleteIds.has(plan.childId)) plan.completes = plan.childId;
        if (c.mapped.ledger !== undefined) {
          // The ledger's own rules, checked against the child as it will be stored.
          const fields = normaliseLedgerFields(ledgerFieldsFromImport(c.mapped.ledger), ctx.today);
          if (!fields.ok) throw fields.error;
          if (plan.record === undefined) throw conflict('该儿童记录正被同时修改，本行未保存，请重新导入');
          const unsupported = unsupportedTypesError(fields.value.difficultyTypes, keyCareFacts(plan.record));
          if (unsupported !== undefined) throw unsupported;
          plan.ledger = c.mapped.ledger;
        }
        plans.push(plan);
      } catch (error) {
        refuse(c.rowNumber, refusal(error));
      }
    }

    // 4. 就读学校/年级 the education bureau records otherwise: stored as typed, and said so.
    await this.schoolingWarnings(job, candidates, plans, warnings);
    lap('decideMs');
    return { rows: rows.length, plans, incompletes, refused, warnings, counters, timing };
  }

  /**
   * Rows of children already known whose 就读学校/年级 differs from the enrolment education
   * records (a warning: the row is stored as typed, the ledger export shows education's value).
   * Education unset, down or slow: no warning, the import goes on.
   */
  private async schoolingWarnings(
    job: ImportJobRecord,
    candidates: readonly Candidate[],
    plans: readonly RowPlan[],
    warnings: Map<number, LedgerCellError[]>,
  ): Promise<void> {
    if (this.schooling === undefined) return;
    const typedOf = new Map(
      candidates.map((c) => [
        c.rowNumber,
        schoolGradeText(c.mapped.child.education?.school ?? '', c.mapped.child.education?.grade ?? ''),
      ]),
    );
    const known = plans.filter((p) => p.kind !== 'insert' && (typedOf.get(p.rowNumber) ?? '') !== '');
    if (known.length === 0) return;
    const importer: Actor = {
      userId: job.createdBy,
      role: 'civil-affairs-officer',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: [job.countyCode],
    };
    const recorded = await this.schooling.schoolGradeOf(
      importer,
      known.map((p) => p.childId),
    );
    if (recorded === undefined) return;
    for (const p of known) {
      const education = recorded.get(p.childId);
      const typed = typedOf.get(p.rowNumber) ?? '';
      if (education === undefined || sameSchoolGrade(typed, education)) continue;
      warnings.set(p.rowNumber, [
        ...(warnings.get(p.rowNumber) ?? []),
        {
          column: '就读学校/年级',
          reason: `就读学校/年级：与教育部门的学籍记录不一致（学籍为"${education}"），已按本表保存；台账导出以学籍为准`,
        },
      ]);
    }
  }

  /** The keyed HMACs of a row's match texts (the texts themselves are never stored). */
  private matchKeysOf(texts: MatchTexts): MatchKeys {
    return {
      name: this.fingerprintOf('incomplete-name', texts.name),
      hukou: this.fingerprintOf('incomplete-hukou', texts.hukou),
      ...(texts.guardian === undefined
        ? {}
        : { guardian: this.fingerprintOf('incomplete-guardian', texts.guardian) }),
    };
  }

  /**
   * A row that lacks a fact the rules need: kept on the worklist as a new incomplete record, or
   * as the update of the record an earlier file left (same name and household address or
   * guardian); unchanged when the row is the same as last time. A second row of the same child
   * without an ID number in one file is refused.
   */
  private planIncomplete(
    job: ImportJobRecord,
    rowNumber: number,
    mapped: Extract<MappedRow, { kind: 'incomplete' }>,
    matchKeys: MatchKeys,
    state: IncompleteState,
    now: Date,
  ): IncompletePlan | { errors: LedgerCellError[] } {
    if (mapped.ledger !== undefined) {
      // The ledger's own rules, as for a row stored as a child: a record kept now must be able to
      // open its entry when completed, instead of failing then.
      try {
        const fields = normaliseLedgerFields(ledgerFieldsFromImport(mapped.ledger), today(this.clock));
        if (!fields.ok) return { errors: refusal(fields.error) };
      } catch (error) {
        return { errors: refusal(error) };
      }
    }
    const first = state.seen.get(matchKeys.hukou);
    if (first !== undefined)
      return {
        errors: [
          {
            column: '儿童姓名',
            reason: `儿童姓名：与第${first}行是同一儿童（姓名、户籍地址相同，均无身份证号），同一文件中同一儿童只能出现一次`,
          },
        ],
      };
    state.seen.set(matchKeys.hukou, rowNumber);
    const missing = missingFactsText(mapped.missing) as LedgerCellError[];
    const fingerprint = this.fingerprintOf('incomplete-row', mapped.fingerprintText);
    const existing = findIncompleteMatch(state.entries, matchKeys, { sex: mapped.draft.sex }, state.claimed);
    if (existing.kind === 'ambiguous')
      return {
        errors: [
          {
            column: '儿童姓名',
            reason:
              '儿童姓名：待补录名单中有多条可能是该儿童的记录，无法确定对应哪一条；本行未导入，请在待补录名单中逐条补录',
          },
        ],
      };
    if (existing.kind === 'one') {
      state.claimed.add(existing.entry._id);
      if (existing.entry.importFingerprint === fingerprint) return { rowNumber, missing };
    }
    const d = mapped.draft;
    const residence = scopeOfDivision(d.residence.divisionCode);
    const seal = (text: string) => this.personalData.seal(text.normalize('NFKC').trim());
    const version = existing.kind === 'one' ? existing.entry.version + 1 : 1;
    const record: IncompleteChildRecord = {
      _id: existing.kind === 'one' ? existing.entry._id : ulid(now.getTime()),
      countyCode: job.countyCode,
      townshipCode: residence?.townshipCode ?? '',
      personal: {
        name: seal(d.name),
        hukouAddress: seal(d.hukouAddress),
        residenceAddress: seal(d.residence.address),
      },
      guardians: sealGuardians(d.guardians, this.personalData, true),
      ...(d.sex === undefined ? {} : { sex: d.sex }),
      ...(d.sheetAge === undefined ? {} : { sheetAge: d.sheetAge }),
      sheetAgeOn: today(this.clock),
      ...(d.hukouDivisionCode === undefined ? {} : { hukouDivisionCode: d.hukouDivisionCode }),
      residenceDivisionCode: d.residence.divisionCode,
      movedInOn: d.residence.movedInOn,
      ...(d.residence.movedOutOn === undefined ? {} : { movedOutOn: d.residence.movedOutOn }),
      accompaniedBy: d.accompaniedBy,
      difficultyTypes: [...d.difficultyTypes],
      askedForHelp: d.askedForHelp,
      education: { ...d.education },
      ...(mapped.ledger === undefined ? {} : { ledger: mapped.ledger }),
      missing: [...mapped.missing],
      matchKeys,
      importFingerprint: fingerprint,
      source: { jobId: job._id, rowNumber },
      version,
      createdAt: existing.kind === 'one' ? existing.entry.createdAt : now,
      updatedAt: now,
    };
    return {
      rowNumber,
      missing,
      write:
        existing.kind === 'one'
          ? { kind: 'replace', before: { _id: existing.entry._id, version: existing.entry.version }, record }
          : { kind: 'insert', record },
    };
  }

  /**
   * Stage 2 of a chunk (writes): children in one bulkWrite, then the worklist (incomplete records
   * written, completed ones deleted), their ledger entries, the report rows and the progress.
   */
  private async commitChunk(job: ImportJobRecord, prepared: PreparedChunk): Promise<number> {
    const scope: CountyScope = { countyCode: job.countyCode };
    const { plans, incompletes, refused, warnings, counters, timing } = prepared;
    let mark = Date.now();
    const lap = (name: string) => {
      const now = Date.now();
      timing[name] = now - mark;
      mark = now;
    };
    const refuse = (rowNumber: number, errors: readonly LedgerCellError[]) =>
      refused.set(rowNumber, [...(refused.get(rowNumber) ?? []), ...errors]);
    // 4. Children: one unordered bulkWrite of keyed single-document writes. New children's
    //    registration events go to the chunk's outbox batch, opened before and sealed after the
    //    write (ADR 0009); a changed child's events stay in its own conditional update.
    const writing = plans.filter((p) => p.write !== undefined);
    const { writes, batched } = splitRegistrationEvents(
      writing.map((p) => p.write as NonNullable<RowPlan['write']>),
    );
    const batchId = batched.length > 0 ? await this.outbox.open(job._id, job.countyCode, batched) : undefined;
    lap('outboxOpenMs');
    const outcomes: BulkOutcome[] = await this.children.bulkApply(scope, writes);
    lap('childrenMs');
    if (batchId !== undefined)
      await this.outbox.seal(
        batchId,
        batched,
        writing.flatMap((p, i) => (p.kind === 'insert' && outcomes[i] === 'applied' ? [p.childId] : [])),
      );
    const failedWrites = new Set<number>();
    outcomes.forEach((outcome, i) => {
      const plan = writing[i];
      if (outcome === 'applied') return;
      failedWrites.add(plan.rowNumber);
      refuse(plan.rowNumber, [
        outcome === 'duplicate-id-number'
          ? {
              column: '身份证号',
              reason: '身份证号：该儿童已在其他区县登记，请由该区县登记迁出或迁入后再导入',
            }
          : { column: '序号', reason: '该儿童记录正被同时修改，本行未保存，请重新导入' },
      ]);
    });
    if (writing.length > 0) this.events.nudgeRelays();

    lap('outboxSealMs');
    // 5. The worklist: incomplete records written, and the ones completed by a stored child deleted
    //    (after the child: a crash in between leaves a record whose child exists, deleted next time).
    const stored = plans.filter((p) => !failedWrites.has(p.rowNumber));
    const completing = stored.filter((p) => p.completes !== undefined);
    const listWrites: { rowNumber: number; write: IncompleteWrite }[] = [
      ...incompletes.flatMap((p) =>
        p.write === undefined ? [] : [{ rowNumber: p.rowNumber, write: p.write }],
      ),
      ...completing.map((p) => ({
        rowNumber: p.rowNumber,
        write: { kind: 'delete', id: p.completes } as IncompleteWrite,
      })),
    ];
    const failedList = await this.incompleteRecords.bulkApply(
      scope,
      listWrites.map((w) => w.write),
    );
    for (const i of failedList) {
      const { rowNumber, write } = listWrites[i];
      // A failed delete leaves a record whose child exists: the next import or completion removes it.
      if (write.kind !== 'delete')
        refuse(rowNumber, [{ column: '序号', reason: '该待补录记录正被同时修改，本行未保存，请重新导入' }]);
    }
    lap('worklistMs');

    // 6. The key-care ledger entries of the stored rows (R-ledger's service).
    const ledgerRows = stored.filter((p) => p.ledger !== undefined);
    const ledgerOutcome = new Map<number, 'added' | 'changed' | 'unchanged'>();
    if (this.keyCare !== undefined && ledgerRows.length > 0) {
      const results = await this.keyCare.upsertManyFromImport(
        job.countyCode,
        ledgerRows.map((p) => ({
          childId: p.childId,
          fields: p.ledger as ImportedLedgerFields,
          child: p.record,
        })),
      );
      results.forEach((result, i) => {
        const plan = ledgerRows[i];
        if (result.outcome === 'refused') {
          // The child was stored (it is valid on its own); only its ledger entry was refused.
          const childPart = plan.kind === 'unchanged' ? '儿童信息无变化' : '儿童信息已保存';
          refuse(plan.rowNumber, [
            {
              column: '重点关爱服务对象困境类型',
              reason: `${childPart}，但重点关爱台账未保存：${result.error.message}`,
            },
          ]);
          return;
        }
        ledgerOutcome.set(plan.rowNumber, result.outcome);
        if (result.outcome === 'added') counters.keyCareAdded += 1;
        if (result.outcome === 'changed') counters.keyCareChanged += 1;
      });
    }

    lap('ledgerMs');
    // 7. Count each row once, in one place.
    for (const plan of stored) {
      if (refused.has(plan.rowNumber)) continue;
      const ledger = ledgerOutcome.get(plan.rowNumber);
      if (plan.kind === 'insert') counters.stored += 1;
      else if (plan.kind === 'update' || ledger === 'added' || ledger === 'changed') counters.updated += 1;
      else counters.duplicates += 1;
      if (plan.kind === 'insert' && plan.completes !== undefined) counters.completed += 1;
    }
    const keptIncomplete = new Map<number, LedgerCellError[]>();
    for (const p of incompletes) {
      if (refused.has(p.rowNumber)) continue;
      counters.incomplete += 1;
      keptIncomplete.set(p.rowNumber, p.missing);
    }
    // A row refused only at the ledger step kept its (valid) child record but counts as failed.
    counters.failed = refused.size;

    const report = new Map<number, ImportErrorRecord>();
    const line = (rowNumber: number): ImportErrorRecord => {
      let r = report.get(rowNumber);
      if (r === undefined) {
        r = {
          _id: `${job._id}:${rowNumber}`,
          jobId: job._id,
          countyCode: job.countyCode,
          rowNumber,
          errors: [],
        };
        report.set(rowNumber, r);
      }
      return r;
    };
    for (const [rowNumber, errors] of refused) line(rowNumber).errors = errors;
    for (const [rowNumber, corrected] of warnings) {
      if (refused.has(rowNumber)) continue; // a refused row stored nothing: its errors are what matter
      counters.warned += 1;
      line(rowNumber).warnings = corrected;
    }
    for (const [rowNumber, missing] of keptIncomplete) line(rowNumber).incomplete = missing;
    await this.errors.append([...report.values()].sort((a, b) => a.rowNumber - b.rowNumber));
    await this.jobs.addProgress(scope, job._id, counters, this.clock.now());
    lap('progressMs');
    this.logger.debug({ msg: 'import chunk', jobId: job._id, rows: prepared.rows, ...timing });
    return prepared.rows;
  }

  private fingerprintOf(domain: string, text: string): string {
    return this.personalData.idNumberIndex(`${domain}:${text}`);
  }

  /** A changed row of a child already stored: the facts it changes, then a move-out if it now names one. */
  private updateFromRow(
    before: ChildRecord,
    c: Candidate,
    ctx: ReturnType<ChildrenService['changeContext']>,
  ): ChildTransition | undefined {
    const child = c.mapped.child;
    const patched = applyPatch(
      before,
      {
        name: child.name,
        hukouDivisionCode: child.hukouDivisionCode,
        hukouAddress: child.hukouAddress,
        residenceAddress: child.residence.address,
        residenceDivisionCode: child.residence.divisionCode,
        accompaniedBy: child.accompaniedBy,
        guardians: child.guardians,
        guardianPhonesValidated: true,
        difficultyTypes: child.difficultyTypes,
        askedForHelp: child.askedForHelp,
        education: child.education,
        source: 'import',
        importFingerprint: c.fingerprint,
      },
      ctx,
      { allowNoChange: true },
    );
    const movedOutOn = child.residence.movedOutOn;
    if (movedOutOn === undefined || before.movedOut) return patched;
    const base = patched?.after ?? before;
    const out = applyMoveOut(base, { movedOutOn }, ctx);
    return {
      after: { ...out.after, importFingerprint: c.fingerprint },
      events: [...(patched?.events ?? []), ...out.events],
      changedFields: patched?.changedFields ?? [],
    };
  }
}
