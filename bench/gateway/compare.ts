/**
 * Full reconciliation of two cities' lists (全量比对) beside an indexed PostgreSQL FULL OUTER
 * JOIN of the same data, in one run.
 *
 *   npx tsx bench/gateway/compare.ts [--records 1000000] [--seed 9] [--repeat 2] [--json] [--keep]
 *
 * 1. generates N residence (Heze, 371700) and ≈N hukou (Zhengzhou) records from @care/synthetic
 *    with 5% differences (1.25% each of missing-here, missing-there, field-differs across every
 *    compared field, status-conflict), plus 1.25% that must NOT count (full-width/whitespace
 *    noise, hukou records of children living at home) — deterministic for a seed;
 * 2. loads both into two tables of a scratch database in the local PostgreSQL (psql \copy),
 *    each with a unique btree index on the blind index (COLLATE "C"), ANALYZEd;
 * 3. ours: a fresh Node process reads both tables sorted by the index through two database
 *    cursors (COPY (SELECT … ORDER BY idx) TO STDOUT), parses the rows into ExchangeRecords and
 *    runs `reconcile` — what the gateway does: it reads both lists sorted from databases. Its
 *    peak RSS (resourceUsage maxRSS) is the process's, generation excluded;
 * 4. baseline: the FULL OUTER JOIN on the index computing the same differences in SQL (the
 *    same normalisation: NFKC, trim, whitespace; names masked), streamed to the client;
 * 5. checks both found exactly the generated differences, prints the table, drops the database.
 * The best of --repeat runs of each is shown, alternating, after a warm-up read of both tables.
 * Needs psql and the local PostgreSQL (infra/postgres.sh; POSTGRES_PORT, default 55432).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays } from '@care/child-rules';
import { blindIndex } from '@care/crypto';
import {
  DIFFERENCE_KINDS,
  guardianRelationCode,
  reconcileInto,
  type DifferenceKind,
  type ExchangeRecord,
} from '@care/exchange-rules';
import { normalizeIdNumber } from '@care/identity';
import { createGenerator } from '@care/synthetic';
import { benchLine } from '../bench-line';

interface Flags {
  records: number;
  seed: number;
  repeat: number;
  json: boolean;
  keep: boolean;
  worker?: string;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { records: 1_000_000, seed: 9, repeat: 2, json: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const positive = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    switch (arg) {
      case '--records':
        flags.records = positive();
        break;
      case '--seed':
        flags.seed = positive();
        break;
      case '--repeat':
        flags.repeat = positive();
        break;
      case '--json':
        flags.json = true;
        break;
      case '--keep':
        flags.keep = true;
        break;
      case '--worker':
        flags.worker = value();
        break;
      default:
        throw new Error(`unknown flag ${arg}`);
    }
  }
  return flags;
}

const RESIDENCE_CITY = '371700';
const PG = {
  host: '127.0.0.1',
  port: process.env.POSTGRES_PORT ?? '55432',
  user: 'postgres',
};
const COLUMNS = [
  'idx',
  'child_ref',
  'name',
  'birth_date',
  'sex',
  'guardian_name',
  'guardian_relation',
  'hukou_code',
  'hukou_detail',
  'residence',
  'status',
  'key_care',
  'updated_at',
] as const;

type Counts = Record<DifferenceKind, number>;
const zero = (): Counts => ({
  'missing-here': 0,
  'missing-there': 0,
  'field-differs': 0,
  'status-conflict': 0,
});

// ---------------------------------------------------------------- psql

function psqlArgs(database: string, command: string): string[] {
  return [
    '-h',
    PG.host,
    '-p',
    PG.port,
    '-U',
    PG.user,
    '-d',
    database,
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    command,
  ];
}

function psql(database: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [...psqlArgs(database, command), '-tA'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`psql: ${err.trim()}`)),
    );
  });
}

/**
 * The rows of `COPY (query) TO STDOUT` (text format), streamed, one batch of rows (arrays of
 * fields) per chunk read: each chunk's complete lines are decoded at once (Buffer.toString is
 * much faster than a per-line StringDecoder on mostly-CJK text).
 */
async function* copyOut(database: string, query: string): AsyncGenerator<string[][]> {
  const child = spawn('psql', psqlArgs(database, `COPY (${query}) TO STDOUT`), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    const buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    const last = buffer.lastIndexOf(10);
    if (last < 0) {
      rest = buffer;
      continue;
    }
    const text = buffer.toString('utf8', 0, last);
    rest = Buffer.from(buffer.subarray(last + 1));
    yield text
      .split('\n')
      .map((line) => (line.includes('\\') ? line.split('\t').map(unescapeCopy) : line.split('\t')));
  }
  const code = await exited;
  if (code !== 0) throw new Error(`psql COPY failed (${code}): ${err.trim()}`);
}

function unescapeCopy(field: string): string {
  if (field === '\\N') return '';
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

// ---------------------------------------------------------------- data

interface Generated {
  residence: number;
  hukou: number;
  expected: Counts;
  noise: number;
}

const FIELD_CHANGES = [
  'name',
  'birthDate',
  'sex',
  'guardianName',
  'guardianRelation',
  'hukouCode',
  'hukouDetail',
  'residence',
  'keyCare',
] as const;

function row(r: ExchangeRecord): string {
  const clean = (s: string) => s.replace(/[\t\n\\]/g, ' ');
  return [
    r.idNumberIndex,
    r.childRef,
    clean(r.name),
    r.birthDate,
    r.sex,
    clean(r.guardianName),
    r.guardianRelation,
    r.hukouAddress.divisionCode,
    clean(r.hukouAddress.detail),
    r.residenceDivisionCode,
    r.status,
    r.keyCare ? 't' : 'f',
    r.updatedAt,
  ].join('\t');
}

async function write(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

/**
 * Child i's fate is i % 80: 0 missing-here, 1 missing-there, 2 field-differs (the field
 * rotates), 3 status-conflict, 4 a hukou-only child living at home (no difference), 5 noise
 * that normalisation must absorb (no difference), the rest identical.
 */
async function generate(flags: Flags, dir: string): Promise<Generated> {
  const generator = createGenerator(flags.seed);
  const pairKey = Buffer.alloc(32, flags.seed % 251);
  const residenceOut = createWriteStream(path.join(dir, 'residence.tsv'));
  const hukouOut = createWriteStream(path.join(dir, 'hukou.tsv'));
  const out: Generated = { residence: 0, hukou: 0, expected: zero(), noise: 0 };
  for (let i = 0; out.residence < flags.records; i++) {
    const child = generator.child(i);
    if (child.idNumber === undefined) continue; // 黑户: nothing to index, nothing exchanged
    const guardian = child.guardians[0];
    const base: ExchangeRecord = {
      childRef: `heze-${i}`,
      idNumberIndex: `bi1:${blindIndex(normalizeIdNumber(child.idNumber), pairKey)}`,
      name: child.name,
      birthDate: child.birthDate,
      sex: child.sex,
      guardianName: guardian?.name ?? '',
      guardianRelation: guardian === undefined ? '' : (guardianRelationCode(guardian.relationship) ?? '97'),
      hukouAddress: { divisionCode: child.hukou.divisionCode, detail: child.hukou.address },
      residenceDivisionCode: child.residence.divisionCode,
      status: 'resident',
      keyCare: child.difficultyTypes.length > 0 || child.askedForHelp,
      updatedAt: '2025-05-30T09:00:00+08:00',
    };
    const there = { ...base, childRef: `zz-${i}`, updatedAt: '2025-04-01T10:00:00+08:00' };
    let residence: ExchangeRecord | undefined = base;
    let hukou: ExchangeRecord | undefined = there;
    switch (i % 80) {
      case 0:
        hukou = undefined;
        out.expected['missing-here'] += 1;
        break;
      case 1:
        residence = undefined;
        out.expected['missing-there'] += 1;
        break;
      case 2: {
        const field = FIELD_CHANGES[Math.floor(i / 80) % FIELD_CHANGES.length];
        hukou = changed(there, field);
        out.expected['field-differs'] += 1;
        break;
      }
      case 3:
        hukou = { ...there, residenceDivisionCode: '410102001' };
        out.expected['status-conflict'] += 1;
        break;
      case 4:
        residence = undefined;
        hukou = { ...there, residenceDivisionCode: '410102001' };
        out.noise += 1;
        break;
      case 5:
        hukou = {
          ...there,
          name: `\u3000${there.name} `,
          hukouAddress: { ...there.hukouAddress, detail: there.hukouAddress.detail.replace(/(.{3})/, '$1 ') },
        };
        out.noise += 1;
        break;
    }
    if (residence !== undefined) {
      out.residence += 1;
      await write(residenceOut, row(residence));
    }
    if (hukou !== undefined) {
      out.hukou += 1;
      await write(hukouOut, row(hukou));
    }
  }
  await Promise.all([residenceOut, hukouOut].map((s) => new Promise((resolve) => s.end(resolve))));
  return out;
}

function changed(r: ExchangeRecord, field: (typeof FIELD_CHANGES)[number]): ExchangeRecord {
  switch (field) {
    case 'name':
      return { ...r, name: `${r.name}子` };
    case 'birthDate':
      return { ...r, birthDate: addDays(r.birthDate, 1) };
    case 'sex':
      return { ...r, sex: r.sex === 'male' ? 'female' : 'male' };
    case 'guardianName':
      return {
        ...r,
        guardianName: `${r.guardianName.startsWith('李') ? '王' : '李'}${r.guardianName.slice(1)}`,
      };
    case 'guardianRelation':
      return {
        ...r,
        guardianRelation: r.guardianRelation === '51' ? '52' : '51',
        guardianName: r.guardianName || '某',
      };
    case 'hukouCode':
      return {
        ...r,
        hukouAddress: {
          ...r.hukouAddress,
          divisionCode: r.hukouAddress.divisionCode === '410103001' ? '410102001' : '410103001',
        },
      };
    case 'hukouDetail':
      return { ...r, hukouAddress: { ...r.hukouAddress, detail: `${r.hukouAddress.detail}附1号` } };
    case 'residence':
      return {
        ...r,
        residenceDivisionCode: r.residenceDivisionCode === '371702001' ? '371702002' : '371702001',
      };
    case 'keyCare':
      return { ...r, keyCare: !r.keyCare };
  }
}

async function load(database: string, dir: string): Promise<void> {
  await psql('postgres', `CREATE DATABASE ${database}`);
  for (const table of ['residence', 'hukou']) {
    await psql(
      database,
      `CREATE TABLE ${table} (${COLUMNS.map((c) => `${c} text${c === 'idx' ? ' COLLATE "C" NOT NULL' : ''}`)
        .join(', ')
        .replace('key_care text', 'key_care boolean')})`,
    );
    await psql(database, `\\copy ${table} (${COLUMNS.join(', ')}) FROM '${path.join(dir, `${table}.tsv`)}'`);
    await psql(database, `CREATE UNIQUE INDEX ${table}_idx ON ${table} (idx)`);
    await psql(database, `VACUUM ANALYZE ${table}`);
  }
}

// ---------------------------------------------------------------- ours (in its own process)

function recordOf(f: string[]): ExchangeRecord {
  return {
    idNumberIndex: f[0],
    childRef: f[1],
    name: f[2],
    birthDate: f[3],
    sex: f[4] as ExchangeRecord['sex'],
    guardianName: f[5],
    guardianRelation: f[6] as ExchangeRecord['guardianRelation'],
    hukouAddress: { divisionCode: f[7], detail: f[8] },
    residenceDivisionCode: f[9],
    status: f[10] as ExchangeRecord['status'],
    keyCare: f[11] === 't',
    updatedAt: f[12],
  };
}

/** One table sorted by the index, in batches (what `reconcile` takes from a database cursor). */
async function* records(database: string, table: string): AsyncGenerator<ExchangeRecord[]> {
  for await (const rows of copyOut(database, `SELECT ${COLUMNS.join(', ')} FROM ${table} ORDER BY idx`))
    yield rows.map(recordOf);
}

interface WorkerResult {
  ms: number;
  maxRssMb: number;
  counts: Counts;
  residenceRead: number;
  hukouRead: number;
}

async function worker(database: string): Promise<void> {
  const started = process.hrtime.bigint();
  let progressCalls = 0;
  const summary = await reconcileInto(
    records(database, 'residence'),
    records(database, 'hukou'),
    { residenceCityCode: RESIDENCE_CITY, progressEvery: 100_000, onProgress: () => (progressCalls += 1) },
    () => undefined,
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const result: WorkerResult = {
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    counts: { ...summary.byKind },
    residenceRead: summary.residenceRead,
    hukouRead: summary.hukouRead,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runOurs(database: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, '--worker', database], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the reconcile process ended with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() as string) as WorkerResult);
    });
  });
}

// ---------------------------------------------------------------- baseline: SQL

const both = 'r.idx IS NOT NULL AND h.idx IS NOT NULL';
const nameNorm = (c: string) => `btrim(normalize(${c}, NFKC))`;
const detailNorm = (c: string) => `regexp_replace(normalize(${c}, NFKC), '\\s+', '', 'g')`;
const maskName = (c: string) => `left(${c}, 1) || repeat('*', greatest(char_length(${c}) - 1, 0))`;
const statusOf = (t: string) =>
  `CASE ${t}.status WHEN 'resident' THEN '居住 ' WHEN 'moved-out' THEN '迁出 ' ELSE '终止 ' END || ${t}.residence`;
const conflict = `(r.status <> h.status OR (r.status = 'resident' AND left(r.residence, 4) <> left(h.residence, 4)))`;
const fieldDiffers = (field: string, differs: string, rv: string, hv: string) =>
  `SELECT 'field-differs', '${field}', ${rv}, ${hv} WHERE ${both} AND ${differs}`;

const JOIN_SQL = `
SELECT d.kind, d.field, r.child_ref, h.child_ref, d.rv, d.hv
FROM residence r FULL OUTER JOIN hukou h ON h.idx = r.idx
CROSS JOIN LATERAL (
  SELECT 'missing-here', NULL, NULL, NULL WHERE h.idx IS NULL
  UNION ALL SELECT 'missing-there', NULL, NULL, ${statusOf('h')}
    WHERE r.idx IS NULL AND h.status = 'resident' AND left(h.residence, 4) = '${RESIDENCE_CITY.slice(0, 4)}'
  UNION ALL SELECT 'status-conflict', 'status', ${statusOf('r')}, ${statusOf('h')} WHERE ${both} AND ${conflict}
  UNION ALL ${fieldDiffers('name', `r.name <> h.name AND ${nameNorm('r.name')} <> ${nameNorm('h.name')}`, maskName('r.name'), maskName('h.name'))}
  UNION ALL ${fieldDiffers('birthDate', 'r.birth_date <> h.birth_date', `left(r.birth_date, 4) || '-**-**'`, `left(h.birth_date, 4) || '-**-**'`)}
  UNION ALL ${fieldDiffers('sex', 'r.sex <> h.sex', 'r.sex', 'h.sex')}
  UNION ALL ${fieldDiffers('guardianName', `r.guardian_name <> h.guardian_name AND ${nameNorm('r.guardian_name')} <> ${nameNorm('h.guardian_name')}`, maskName('r.guardian_name'), maskName('h.guardian_name'))}
  UNION ALL ${fieldDiffers('guardianRelation', 'r.guardian_relation <> h.guardian_relation', 'r.guardian_relation', 'h.guardian_relation')}
  UNION ALL ${fieldDiffers('hukouAddress.divisionCode', 'r.hukou_code <> h.hukou_code', 'r.hukou_code', 'h.hukou_code')}
  UNION ALL ${fieldDiffers('hukouAddress.detail', `r.hukou_code = h.hukou_code AND r.hukou_detail <> h.hukou_detail AND ${detailNorm('r.hukou_detail')} <> ${detailNorm('h.hukou_detail')}`, `'****'`, `'****'`)}
  UNION ALL ${fieldDiffers('residenceDivisionCode', `r.status = 'resident' AND NOT ${conflict} AND r.residence <> h.residence`, 'r.residence', 'h.residence')}
  UNION ALL ${fieldDiffers('keyCare', 'r.key_care <> h.key_care', 'r.key_care::text', 'h.key_care::text')}
) AS d(kind, field, rv, hv)`;

async function runSql(database: string): Promise<{ ms: number; counts: Counts }> {
  const counts = zero();
  const started = process.hrtime.bigint();
  for await (const rows of copyOut(database, JOIN_SQL))
    for (const fields of rows) counts[fields[0] as DifferenceKind] += 1;
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, counts };
}

// ---------------------------------------------------------------- main

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fmt = (n: number) => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.worker !== undefined) return worker(flags.worker);
  process.env.TZ = 'Asia/Shanghai';
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const database = `gateway_bench_${id}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-bench-'));
  const log = (line: string) => !flags.json && console.log(`[bench] ${line}`);
  try {
    let t = Date.now();
    const data = await generate(flags, dir);
    log(
      `generated ${fmt(data.residence)} residence + ${fmt(data.hukou)} hukou records (${secs(Date.now() - t)})`,
    );
    t = Date.now();
    await load(database, dir);
    rmSync(dir, { recursive: true, force: true });
    const plan = await psql(database, `EXPLAIN (FORMAT TEXT) ${JOIN_SQL}`);
    const joinNode = /(Merge|Hash) Full Join/.exec(plan)?.[0] ?? 'full join';
    log(
      `loaded into PostgreSQL ${database}, indexed and analysed (${secs(Date.now() - t)}); plan: ${joinNode}`,
    );
    await psql(database, 'SELECT count(*) FROM residence; SELECT count(*) FROM hukou'); // warm-up

    const ours: WorkerResult[] = [];
    const sql: { ms: number; counts: Counts }[] = [];
    for (let i = 0; i < flags.repeat; i++) {
      sql.push(await runSql(database));
      ours.push(await runOurs(database));
      log(
        `run ${i + 1}: ours ${secs(ours[i].ms)} (${ours[i].maxRssMb.toFixed(0)} MB), SQL ${secs(sql[i].ms)}`,
      );
    }
    const bestOurs = ours.reduce((a, b) => (b.ms < a.ms ? b : a));
    const bestSql = sql.reduce((a, b) => (b.ms < a.ms ? b : a));
    const peakRss = Math.max(...ours.map((o) => o.maxRssMb));
    const agree = DIFFERENCE_KINDS.every(
      (k) =>
        ours.every((o) => o.counts[k] === data.expected[k]) &&
        sql.every((s) => s.counts[k] === data.expected[k]),
    );
    const total = (c: Counts) => DIFFERENCE_KINDS.reduce((n, k) => n + c[k], 0);
    const ratio = bestOurs.ms / bestSql.ms;
    benchLine({
      workload: `gateway reconcile ${fmt(data.residence)} × ${fmt(data.hukou)} records`,
      ours: bestOurs.ms,
      baseline: bestSql.ms,
      unit: 'ms',
      baselineName: 'SQL full outer join',
      target: '≤ 1.5×',
      extra: { 'peak RSS': `${peakRss.toFixed(0)} MB`, agree },
    });

    if (flags.json) {
      console.log(
        JSON.stringify({
          residence: data.residence,
          hukou: data.hukou,
          expected: data.expected,
          ours: bestOurs.counts,
          sql: bestSql.counts,
          oursMs: bestOurs.ms,
          sqlMs: bestSql.ms,
          peakRssMb: peakRss,
          agree,
        }),
      );
    } else {
      const workload = `reconcile ${fmt(data.residence)} × ${fmt(data.hukou)}, ${fmt(total(data.expected))} differences`;
      const rows = [
        ['workload', 'ours', 'baseline (SQL)', 'ratio', 'peak RSS (ours)'],
        [
          workload,
          secs(bestOurs.ms),
          `${secs(bestSql.ms)} (${joinNode})`,
          `${ratio.toFixed(2)}×`,
          `${peakRss.toFixed(0)} MB`,
        ],
      ];
      const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
      console.log('');
      for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
      console.log('');
      console.log(
        `  differences by kind (expected / ours / SQL): ${DIFFERENCE_KINDS.map(
          (k) => `${k} ${data.expected[k]}/${bestOurs.counts[k]}/${bestSql.counts[k]}`,
        ).join(', ')}; ${fmt(data.noise)} records of noise that must not count`,
      );
      console.log(
        `  ours: two database cursors (COPY … ORDER BY idx) -> parse -> reconcile, in a fresh Node process; SQL: one FULL OUTER JOIN streamed to psql. Targets: ≤ 1.5× (${ratio <= 1.5 ? 'met' : 'MISSED'}), < 1.5 GB (${peakRss < 1536 ? 'met' : 'MISSED'})`,
      );
    }
    if (!agree) throw new Error('the differences found do not match the generated ones');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (flags.keep) log(`kept database ${database} (drop it with: DROP DATABASE ${database})`);
    else await psql('postgres', `DROP DATABASE IF EXISTS ${database}`).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
