/**
 * A small deterministic PRNG (mulberry32) seeded from (seed, index), so child i of seed s is the
 * same whatever order children are generated in, on every platform (integer arithmetic only).
 */
export class Rng {
  private state: number;

  constructor(...keys: number[]) {
    let h = 0x9e3779b9;
    for (const key of keys) {
      h = Math.imul(h ^ (key >>> 0), 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      // indices above 2^32 still mix in their high part
      h = Math.imul(h ^ Math.floor(key / 0x1_0000_0000), 0x27d4eb2f);
      h ^= h >>> 15;
    }
    this.state = h >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight from a table prepared with `weighted`. */
  pickWeighted<T>(table: WeightedTable<T>): T {
    const r = this.next() * table.total;
    let lo = 0;
    let hi = table.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (table.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return table.items[lo];
  }
}

export interface WeightedTable<T> {
  items: readonly T[];
  cumulative: readonly number[];
  total: number;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  let total = 0;
  const cumulative = entries.map(([, w]) => (total += w));
  return { items: entries.map(([item]) => item), cumulative, total };
}
