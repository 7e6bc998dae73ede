import { compareRecords, unmatchedHukouRecord, type Difference, type DifferenceKind } from './compare';
import type { SharedRecord } from './fields';
import type { ExchangeRecord } from './record';

export interface ReconcileProgress {
  readonly residenceRead: number;
  readonly hukouRead: number;
  readonly differences: number;
  /** True on the last call, after both lists ended. */
  readonly done: boolean;
}

export interface ReconcileSummary extends ReconcileProgress {
  /** Indexes present on both sides. */
  readonly matched: number;
  readonly byKind: Readonly<Record<DifferenceKind, number>>;
}

export interface ReconcileOptions {
  /** The residence city (`371700` or `3717`): whom a hukou record must name for `missing-there`. */
  readonly residenceCityCode: string;
  readonly onProgress?: (progress: ReconcileProgress) => void;
  /** Records read (both sides together) between progress calls; default 10,000. */
  readonly progressEvery?: number;
}

const NONE: readonly Difference[] = [];

export type ReconcileSide = 'residence' | 'hukou';
const SIDE_LABELS: Readonly<Record<ReconcileSide, string>> = { residence: '居住地', hukou: '户籍地' };

/** A list that is not strictly ascending by idNumberIndex: the merge cannot be trusted, so it stops. */
export class ReconcileInputError extends Error {
  constructor(
    readonly side: ReconcileSide,
    /** 1-based position of the offending record in its list. */
    readonly position: number,
    readonly rule: 'ascending' | 'unique',
  ) {
    super(
      `${SIDE_LABELS[side]}名单第${position}条：idNumberIndex ${
        rule === 'unique' ? '重复（每个盲索引只能出现一次）' : '未按升序排列（须按 idNumberIndex 升序读取）'
      }`,
    );
    this.name = 'ReconcileInputError';
  }
}

/**
 * A list as a source gives it: one record at a time, or in batches (a database cursor's
 * batches, a parsed chunk of a file), which saves a promise per record on long lists. The
 * residence list holds what the partner shared (`SharedRecord`), the hukou list full records.
 */
export type RecordSource<R extends SharedRecord = ExchangeRecord> = AsyncIterable<R | readonly R[]>;

/** Reads one list, checking the order as it goes; stays synchronous inside a batch. */
class Cursor<R extends SharedRecord> {
  read = 0;
  current: R | undefined;
  private batch: readonly R[] = [];
  private at = 0;
  private ended = false;
  private readonly iterator: AsyncIterator<R | readonly R[]>;

  constructor(
    private readonly side: ReconcileSide,
    source: RecordSource<R>,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Moves to the next record if the current batch holds one; false when a refill is needed. */
  step(): boolean {
    if (this.at >= this.batch.length) {
      if (this.ended) this.current = undefined;
      return this.ended;
    }
    const next = this.batch[this.at++];
    const previous = this.current?.idNumberIndex;
    this.read += 1;
    const key = next.idNumberIndex;
    if (previous !== undefined && key <= previous)
      throw new ReconcileInputError(this.side, this.read, key === previous ? 'unique' : 'ascending');
    this.current = next;
    return true;
  }

  async advance(): Promise<void> {
    while (!this.step()) {
      const next = await this.iterator.next();
      if (next.done === true) this.ended = true;
      else {
        const value: R | readonly R[] = next.value;
        this.batch = isBatch(value) ? value : [value];
        this.at = 0;
      }
    }
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

function isBatch<R>(value: R | readonly R[]): value is readonly R[] {
  return Array.isArray(value);
}

/**
 * Full reconciliation of two cities' lists (全量比对): a streaming merge join on idNumberIndex.
 * Both lists (records one at a time, or in batches) must come sorted ascending by idNumberIndex (JavaScript string order, which is
 * byte order for the ASCII index: `ORDER BY … COLLATE "C"` in SQL, an index on the field in
 * MongoDB); each is read once, one record at a time, so memory does not depend on the lists'
 * size. Yields the differences in index order and returns the summary. Stops with a
 * `ReconcileInputError` at the first record out of order or repeated.
 *
 * An unsorted source would need an external merge sort first; the gateway reads both lists
 * from indexed databases, which return them sorted at no extra cost, so none is provided.
 */
export async function* reconcile(
  residence: RecordSource<SharedRecord>,
  hukou: RecordSource,
  options: ReconcileOptions,
): AsyncGenerator<Difference, ReconcileSummary, undefined> {
  if (!/^\d{4}(00)?$/.test(options.residenceCityCode))
    throw new RangeError('residenceCityCode: 须为4位或6位（以00结尾）的市级区划代码');
  const every = options.progressEvery ?? 10_000;
  if (!Number.isInteger(every) || every <= 0) throw new RangeError('progressEvery: 须为正整数');
  const byKind: Record<DifferenceKind, number> = {
    'missing-here': 0,
    'missing-there': 0,
    'field-differs': 0,
    'status-conflict': 0,
  };
  let differences = 0;
  let matched = 0;
  let nextReport = every;
  const r = new Cursor('residence', residence);
  const h = new Cursor('hukou', hukou);
  // A residence record whose agreement withholds its division is placed in the residence city.
  const compare = { residenceCityCode: options.residenceCityCode };
  const progress = (done: boolean): ReconcileProgress => ({
    residenceRead: r.read,
    hukouRead: h.read,
    differences,
    done,
  });
  try {
    await Promise.all([r.advance(), h.advance()]);
    while (r.current !== undefined || h.current !== undefined) {
      let found: readonly Difference[];
      const a = r.current;
      const b = h.current;
      if (a !== undefined && (b === undefined || a.idNumberIndex < b.idNumberIndex)) {
        found = compareRecords(a, undefined);
        if (!r.step()) await r.advance();
      } else if (b !== undefined && (a === undefined || b.idNumberIndex < a.idNumberIndex)) {
        const one = unmatchedHukouRecord(b, options.residenceCityCode);
        found = one === undefined ? NONE : [one];
        if (!h.step()) await h.advance();
      } else if (a !== undefined && b !== undefined) {
        matched += 1;
        found = compareRecords(a, b, compare);
        if (!r.step()) await r.advance();
        if (!h.step()) await h.advance();
      } else break; // both lists ended (the loop's own condition)
      for (const difference of found) {
        differences += 1;
        byKind[difference.kind] += 1;
        yield difference;
      }
      if (options.onProgress !== undefined && r.read + h.read >= nextReport) {
        nextReport = r.read + h.read + every;
        options.onProgress(progress(false));
      }
    }
  } finally {
    await Promise.allSettled([r.close(), h.close()]);
  }
  const summary: ReconcileSummary = { ...progress(true), matched, byKind: { ...byKind } };
  options.onProgress?.(summary);
  return summary;
}

/** Runs `reconcile` to the end, handing each difference to `sink`; returns the summary. */
export async function reconcileInto(
  residence: RecordSource<SharedRecord>,
  hukou: RecordSource,
  options: ReconcileOptions,
  sink: (difference: Difference) => void | Promise<void>,
): Promise<ReconcileSummary> {
  const run = reconcile(residence, hukou, options);
  for (;;) {
    const step = await run.next();
    if (step.done === true) return step.value;
    await sink(step.value);
  }
}
