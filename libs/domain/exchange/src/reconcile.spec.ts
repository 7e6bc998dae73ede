import type { Difference } from './compare';
import type { ExchangeRecord } from './record';
import {
  reconcile,
  reconcileInto,
  ReconcileInputError,
  type ReconcileProgress,
  type ReconcileSummary,
} from './reconcile';
import { selectFields, type SelectableField, type SharedRecord } from './fields';
import { aRecord } from './test-records';

// Indexes in a readable order: bi1:<64 hex> with the number in the tail.
const key = (n: number) => `bi1:${n.toString(16).padStart(64, '0')}`;
const r = (n: number, overrides: Partial<ExchangeRecord> = {}) =>
  aRecord({ childRef: `heze-${n}`, idNumberIndex: key(n), ...overrides });
const h = (n: number, overrides: Partial<ExchangeRecord> = {}) =>
  aRecord({ childRef: `zz-${n}`, idNumberIndex: key(n), ...overrides });

async function* list(records: readonly ExchangeRecord[]): AsyncGenerator<ExchangeRecord> {
  for (const record of records) yield record;
}

async function run(
  residence: readonly ExchangeRecord[],
  hukou: readonly ExchangeRecord[],
  options: { progressEvery?: number; onProgress?: (p: ReconcileProgress) => void } = {},
): Promise<{ differences: Difference[]; summary: ReconcileSummary }> {
  const differences: Difference[] = [];
  const summary = await reconcileInto(
    list(residence),
    list(hukou),
    { residenceCityCode: '371700', ...options },
    (d) => void differences.push(d),
  );
  return { differences, summary };
}

describe('reconcile', () => {
  it('finds every kind of difference in one merge, in index order', async () => {
    const { differences, summary } = await run(
      [r(1), r(2), r(4, { keyCare: true }), r(6), r(7)],
      [
        h(2),
        h(3), // lives in Heze by the hukou city's record, not sent: missing-there
        h(4),
        h(5, { residenceDivisionCode: '410102001' }), // lives at home: no difference
        h(6, { residenceDivisionCode: '410102001' }), // both say resident: status-conflict
        h(8, { status: 'moved-out' }), // moved out: no difference
      ],
    );
    expect(differences.map((d) => [d.kind, d.idNumberIndex, d.field])).toEqual([
      ['missing-here', key(1), undefined],
      ['missing-there', key(3), undefined],
      ['field-differs', key(4), 'keyCare'],
      ['status-conflict', key(6), 'status'],
      ['missing-here', key(7), undefined],
    ]);
    expect(summary).toEqual({
      residenceRead: 5,
      hukouRead: 6,
      differences: 5,
      matched: 3,
      done: true,
      byKind: { 'missing-here': 2, 'missing-there': 1, 'field-differs': 1, 'status-conflict': 1 },
    });
  });

  it('takes lists in batches (as a cursor returns them), mixed with single records, empty batches included', async () => {
    async function* batched(): AsyncGenerator<ExchangeRecord | ExchangeRecord[]> {
      yield [r(1), r(2)];
      yield [];
      yield r(4, { keyCare: true });
      yield [r(6), r(7)];
    }
    const differences: Difference[] = [];
    const summary = await reconcileInto(
      batched(),
      list([h(2), h(4), h(6)]),
      { residenceCityCode: '371700' },
      (d) => void differences.push(d),
    );
    expect(differences.map((d) => [d.kind, d.idNumberIndex])).toEqual([
      ['missing-here', key(1)],
      ['field-differs', key(4)],
      ['missing-here', key(7)],
    ]);
    expect(summary).toMatchObject({ residenceRead: 5, hukouRead: 3, matched: 3 });
  });

  it('checks the order across batch boundaries', async () => {
    async function* batched(): AsyncGenerator<ExchangeRecord[]> {
      yield [r(1), r(5)];
      yield [r(3)];
    }
    const run = reconcileInto(batched(), list([]), { residenceCityCode: '371700' }, () => undefined);
    await expect(run).rejects.toMatchObject({ side: 'residence', position: 3, rule: 'ascending' });
  });

  it('handles empty lists on either side', async () => {
    expect((await run([], [])).summary.differences).toBe(0);
    expect((await run([r(1), r(2)], [])).summary.byKind['missing-here']).toBe(2);
    expect((await run([], [h(1), h(2)])).summary.byKind['missing-there']).toBe(2);
  });

  it('finds nothing between two equal lists', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    const { summary } = await run(
      ids.map((n) => r(n)),
      ids.map((n) => h(n)),
    );
    expect(summary).toMatchObject({ differences: 0, matched: 50, residenceRead: 50, hukouRead: 50 });
  });

  it('reports progress every N records read, and once more at the end', async () => {
    const calls: ReconcileProgress[] = [];
    const ids = Array.from({ length: 10 }, (_, i) => i + 1);
    await run(
      ids.map((n) => r(n)),
      ids.map((n) => h(n)),
      { progressEvery: 6, onProgress: (p) => calls.push(p) },
    );
    expect(calls.map((c) => [c.residenceRead + c.hukouRead, c.done])).toEqual([
      [6, false],
      [12, false],
      [18, false],
      [20, true],
    ]);
  });

  it.each<[string, ExchangeRecord[], ExchangeRecord[], string, number, string]>([
    ['residence out of order', [r(1), r(3), r(2)], [h(1)], 'residence', 3, 'ascending'],
    ['hukou out of order', [r(1)], [h(5), h(4)], 'hukou', 2, 'ascending'],
    ['a repeated index', [r(1), r(1)], [h(1)], 'residence', 2, 'unique'],
  ])('stops at %s with the list and position named', async (_why, residence, hukou, side, position, rule) => {
    const error = await run(residence, hukou).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReconcileInputError);
    expect(error).toMatchObject({ side, position, rule });
    expect((error as Error).message).toMatch(
      side === 'residence' ? /^居住地名单第\d+条/ : /^户籍地名单第\d+条/,
    );
  });

  it('uses string (byte) order, as ORDER BY … COLLATE "C" returns it', async () => {
    // 'bi1:a…' < 'bi1:b…' and '0' < 'a' in byte order.
    const a = `bi1:${'0'.repeat(63)}a`;
    const b = `bi1:${'a'.repeat(64)}`;
    const { summary } = await run(
      [r(0, { idNumberIndex: a }), r(0, { idNumberIndex: b })],
      [h(0, { idNumberIndex: a }), h(0, { idNumberIndex: b })],
    );
    expect(summary.matched).toBe(2);
  });

  it('reads lazily: a difference is yielded before the rest of the lists is read', async () => {
    let pulled = 0;
    async function* counted(records: () => Iterable<ExchangeRecord>): AsyncGenerator<ExchangeRecord> {
      for (const record of records()) {
        pulled += 1;
        yield record;
      }
    }
    function* many(side: (n: number) => ExchangeRecord, from: number): Iterable<ExchangeRecord> {
      for (let n = from; n < 100_000; n++) yield side(n);
    }
    const run = reconcile(
      counted(() => many(r, 1)),
      counted(() => many(h, 2)),
      { residenceCityCode: '371700' },
    );
    const first = await run.next();
    expect(first.value).toMatchObject({ kind: 'missing-here', idNumberIndex: key(1) });
    expect(pulled).toBeLessThanOrEqual(4);
    await run.return(undefined as never);
  });

  it('closes both lists when the caller stops early', async () => {
    const closed: string[] = [];
    async function* closing(name: string, records: ExchangeRecord[]): AsyncGenerator<ExchangeRecord> {
      try {
        for (const record of records) yield record;
      } finally {
        closed.push(name);
      }
    }
    const run = reconcile(closing('residence', [r(1), r(2), r(3)]), closing('hukou', [h(9)]), {
      residenceCityCode: '371700',
    });
    await run.next();
    await run.return(undefined as never);
    expect(closed.sort()).toEqual(['hukou', 'residence']);
  });

  it.each(['37', '371702', '3717001', 'abcd'])('refuses residence city code %p', async (code) => {
    const start = reconcile(list([]), list([]), { residenceCityCode: code }).next();
    await expect(start).rejects.toThrow(/residenceCityCode/);
  });

  it('refuses a progress interval that is not a positive integer', async () => {
    const start = reconcile(list([]), list([]), { residenceCityCode: '3717', progressEvery: 0 }).next();
    await expect(start).rejects.toThrow(/progressEvery/);
  });

  it('compares only what the partner shared: a withheld field is never a difference, the residence city places a record without its division', async () => {
    const shared = new Set<SelectableField>(['name', 'birthDate', 'sex', 'hukouAddress']);
    const residence = [r(1), r(2), r(3, { status: 'moved-out' })].map((x) => selectFields(x, shared));
    const hukou = [
      h(1, { guardianName: '王建军', keyCare: true, residenceDivisionCode: '371721001' }),
      h(2, { name: '王晓明', residenceDivisionCode: '410105001' }),
      h(3),
    ];
    const differences: Difference[] = [];
    async function* sharedList(): AsyncGenerator<SharedRecord[]> {
      yield residence;
    }
    const summary = await reconcileInto(
      sharedList(),
      list(hukou),
      { residenceCityCode: '371700' },
      (d) => void differences.push(d),
    );
    expect(differences.map((d) => [d.residenceChildRef, d.kind, d.field])).toEqual([
      ['heze-2', 'status-conflict', 'status'],
      ['heze-2', 'field-differs', 'name'],
      ['heze-3', 'status-conflict', 'status'],
    ]);
    expect(summary).toMatchObject({ matched: 3, differences: 3 });
  });
});
