/**
 * The machine-readable result line every benchmark prints, for `npm run bench` (bench/run.sh)
 * to collect into one table:
 *
 *   BENCH {"workload":"…","ours":123,"baseline":456,"unit":"rows/s","target":"≥ 0.5×"}
 *
 * `ratio` is ours / baseline, whatever the unit: for a rate higher is better, for a latency or a
 * duration lower is; `target` says which (e.g. `≥ 0.5×`, `≤ 1.5×`) or is `—` when the issue
 * names none.
 */
export interface BenchResult {
  readonly workload: string;
  readonly ours: number;
  readonly baseline: number;
  /** Unit of ours and baseline: `rows/s`, `rec/s`, `ms`, … */
  readonly unit: string;
  /** What the baseline is (shown in the table). */
  readonly baselineName: string;
  readonly target?: string;
  /** Anything else worth keeping: peak RSS, counts. */
  readonly extra?: Readonly<Record<string, string | number | boolean>>;
}

export function benchLine(result: BenchResult): void {
  const ratio = result.baseline > 0 ? result.ours / result.baseline : Number.NaN;
  console.log(`BENCH ${JSON.stringify({ ...result, ratio: Number(ratio.toFixed(3)) })}`);
}
