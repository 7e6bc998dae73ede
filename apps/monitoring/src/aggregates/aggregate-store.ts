import type { Bucket, Metric } from './contributions';

/** The city a county lies in (GB/T 2260: the first four digits, then 00). */
export function cityOf(countyCode: string): string {
  return `${countyCode.slice(0, 4)}00`;
}

/** The areas a bucket counts in: city, county, and township when known (city → county → township). */
export function areasOf(bucket: Pick<Bucket, 'countyCode' | 'townshipCode'>): string[] {
  const areas = [cityOf(bucket.countyCode), bucket.countyCode];
  if (bucket.townshipCode !== '') areas.push(bucket.townshipCode);
  return areas;
}

/** One counter that moved, with its value after the move. */
export interface CounterChange {
  readonly area: string;
  readonly metric: Metric;
  readonly dim: string;
  readonly delta: number;
  readonly value: number;
}

function key(b: Bucket): string {
  return `${b.metric}\u0001${b.countyCode}\u0001${b.townshipCode}\u0001${b.dim}`;
}

/**
 * The incremental aggregates: counters per area (rolled up city → county → township), metric and
 * dimension. A record's change moves it from the buckets it counted in to those it counts in now
 * (`move`), so a record counts exactly once wherever it is. Moves are plain sums, so two moves of
 * one record that finish in either order give the same counters. The counters hold no ids: they are
 * rebuilt at start-up from the stored per-record states, which are the durable truth.
 */
export class AggregateStore {
  private readonly counters = new Map<string, Map<Metric, Map<string, number>>>();

  /** Moves one record from `before` to `after` buckets; returns the counters that changed. */
  move(before: readonly Bucket[], after: readonly Bucket[]): CounterChange[] {
    const delta = new Map<string, { bucket: Bucket; n: number }>();
    for (const [list, sign] of [
      [before, -1],
      [after, 1],
    ] as const) {
      for (const b of list) {
        const k = key(b);
        const entry = delta.get(k) ?? { bucket: b, n: 0 };
        entry.n += sign;
        delta.set(k, entry);
      }
    }
    const changes: CounterChange[] = [];
    for (const { bucket, n } of delta.values()) {
      if (n === 0) continue;
      for (const area of areasOf(bucket)) {
        const value = this.add(area, bucket.metric, bucket.dim, n);
        changes.push({ area, metric: bucket.metric, dim: bucket.dim, delta: n, value });
      }
    }
    return changes;
  }

  private add(area: string, metric: Metric, dim: string, n: number): number {
    let metrics = this.counters.get(area);
    if (metrics === undefined) this.counters.set(area, (metrics = new Map()));
    let dims = metrics.get(metric);
    if (dims === undefined) metrics.set(metric, (dims = new Map()));
    const value = (dims.get(dim) ?? 0) + n;
    if (value === 0) dims.delete(dim);
    else dims.set(dim, value);
    return value;
  }

  /** The counter of one dimension (0 when none). */
  count(area: string, metric: Metric, dim: string): number {
    return this.counters.get(area)?.get(metric)?.get(dim) ?? 0;
  }

  /** Every dimension of a metric in an area with its count. */
  dims(area: string, metric: Metric): ReadonlyMap<string, number> {
    return this.counters.get(area)?.get(metric) ?? new Map();
  }

  /** The areas holding any counter: for the drill-down and the alert scan. */
  areas(): string[] {
    return [...this.counters.keys()];
  }

  clear(): void {
    this.counters.clear();
  }
}
