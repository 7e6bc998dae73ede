/**
 * Loads demo data into a running platform through its real front doors: for each Heze county,
 * an Attachment 1 workbook of synthetic children (deterministic by seed) is uploaded to the
 * registry's import endpoint, exactly as a county office would, and the job is followed to the
 * end. Re-running it creates nothing new (the import matches rows on ID numbers).
 * Each county's workbook ends with a few children whose household registration is in Zhengzhou
 * (中原区 410102, 金水区 410105: `zhengzhouHukouChildren`): migrant children here, so Heze's
 * gateway pushes them to Zhengzhou's, which compares them with its own registry (loaded first
 * by tools/demo-seed-zhengzhou.ts) and answers with receipts (`--pushes-only` reports them).
 * Then education gets each county's demo schools (a kindergarten, a primary and a junior
 * secondary school, marked 示例) and their rosters (学籍名单) of the demo children of those ages,
 * through its school-list and roster imports: enrolments matched to the children by the
 * registry. A roster row the rules refuse (an age that does not fit the grade) is left out and
 * counted, as a school would correct it.
 *   npx tsx tools/demo-seed.ts [--per-county 150] [--seed 20250220]
 *   npx tsx tools/demo-seed.ts --pushes-only [--wait-seconds 30]   both gateways' outboxes
 * REGISTRY_URL defaults to http://127.0.0.1:3101, EDUCATION_URL to http://127.0.0.1:3103,
 * GATEWAY_URL to http://127.0.0.1:3107, ZHENGZHOU_GATEWAY_URL to http://127.0.0.1:3117.
 */
import ExcelJS from 'exceljs';
import { countiesOf, countyOf, resolveDivision, townshipsOf, type Division } from '@care/divisions';
import { completedYears, MOVED_OUT_COLUMN, shanghaiDate } from '@care/child-rules';
import { makeIdNumber } from '@care/identity';
import { ROSTER_COLUMNS, SCHOOL_COLUMNS, schoolYearBounds, schoolYearOf } from '@care/education-rules';
import {
  createGenerator,
  LEDGER_COLUMNS,
  toLedgerRow,
  type SyntheticChild,
  type SyntheticGenerator,
} from '@care/synthetic';

// Heze's nine counties and districts, from the division dataset (not its statistics-only zones).
const HEZE_COUNTIES = countiesOf('371700')
  .filter((d) => !d.statistical)
  .map((d) => d.code);

/** The demo's seed of synthetic children (both cities draw from it, at different indices). */
export const DEMO_SEED = 20250220;

/** The partner city of the cross-region demo and its districts the demo children belong to. */
export const ZHENGZHOU = '410100';
export const ZHENGZHOU_DEMO_COUNTIES = ['410102', '410105'] as const;

/** Where the generator's indices of the Heze children with Zhengzhou hukou begin (past Heze's own). */
const ZHENGZHOU_HUKOU_FIRST_INDEX = 2_000_000;

export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The division's full name without the province (现居住地 is written from the city down). */
export function withoutProvince(text: string): string {
  return text.replace(/^.+?省/, '');
}

/**
 * The child with its household registration moved to `township`: the ID number's address code
 * becomes the township's county (birth date and sequence kept, so it stays unique within the
 * seed) and the hukou address its full name followed by the generated detail.
 */
export function withHukouIn(child: SyntheticChild, township: Division): SyntheticChild {
  const county = countyOf(township.code) as string;
  const old = resolveDivision(child.hukou.divisionCode);
  const detail =
    old !== undefined && child.hukou.address.startsWith(old.fullName)
      ? child.hukou.address.slice(old.fullName.length)
      : child.hukou.address.replace(/^.*?(街道|镇|乡)/, '');
  return {
    ...child,
    idNumber: makeIdNumber(county, child.birthDate, (child.idNumber as string).slice(14, 17)),
    hukou: {
      divisionCode: township.code,
      address: `${township.fullName}${detail}`,
      origin: 'other-province',
    },
  };
}

/**
 * A demo child that the comparison can speak about plainly: an ID number, living with a parent
 * (so a migrant child wherever the household is registered in another county), aged 2 to 14 on
 * the day, no key care and not moved out.
 */
export function plainChild(child: SyntheticChild): boolean {
  const age = completedYears(child.birthDate, child.asOf);
  return (
    child.idNumber !== undefined &&
    !child.residence.movedOutOn &&
    age >= 2 &&
    age <= 14 &&
    (child.accompaniedBy === 'both-parents' || child.accompaniedBy === 'one-parent') &&
    child.guardians.length > 0 &&
    child.difficultyTypes.length === 0 &&
    !child.askedForHelp
  );
}

/**
 * Heze's children whose household registration is in Zhengzhou, `perCounty` in each Heze county
 * (deterministic: the same children every run), registered alternately in 中原区 and 金水区
 * townships. Zhengzhou's demo registry knows some of them (tools/demo-seed-zhengzhou.ts).
 */
export function zhengzhouHukouChildren(
  generator: SyntheticGenerator,
  perCounty = 2,
): Map<string, SyntheticChild[]> {
  const byCounty = new Map<string, SyntheticChild[]>(HEZE_COUNTIES.map((c) => [c, []]));
  const townships = ZHENGZHOU_DEMO_COUNTIES.map((c) => townshipsOf(c));
  let placed = 0;
  for (
    let i = ZHENGZHOU_HUKOU_FIRST_INDEX;
    placed < perCounty * byCounty.size && i < ZHENGZHOU_HUKOU_FIRST_INDEX + 100_000;
    i += 1
  ) {
    const child = generator.child(i);
    const list = byCounty.get(countyOf(child.residence.divisionCode) ?? '');
    if (list === undefined || list.length >= perCounty || !plainChild(child)) continue;
    const inCounty = townships[placed % townships.length];
    list.push(withHukouIn(child, inCounty[Math.floor(placed / townships.length) % inCounty.length]));
    placed += 1;
  }
  return byCounty;
}

async function sheet(name: string, header: readonly string[], rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(name);
  ws.addRow([...header]);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(url: string, file: Buffer, headers: Record<string, string>): Promise<unknown> {
  // 503 is a dependency (the registry) busy right after the imports: retried, as a school would.
  for (let attempt = 1; ; attempt += 1) {
    const body = new FormData();
    body.append('file', new Blob([file]), 'demo.xlsx');
    const response = await fetch(url, { method: 'POST', body, headers });
    if (response.ok) return response.json();
    const text = await response.text();
    if (response.status !== 503 || attempt >= 10)
      throw new Error(`${url} refused: ${response.status} ${text}`);
    await new Promise((r) => setTimeout(r, 2000 * attempt));
  }
}

/** The demo schools of a county, one per stage: codes 学校类别 + 37 + the county's last four digits + 01. */
function demoSchools(countyCode: string): { code: string; stage: string; row: string[] }[] {
  const county = resolveDivision(countyCode)?.name ?? countyCode;
  const code = (category: string) => `${category}37${countyCode.slice(2)}01`;
  return [
    {
      code: code('11'),
      stage: 'preschool',
      row: [code('11'), `${county}示例幼儿园`, countyCode, '学前教育', '公办', '公办', '否', '否'],
    },
    {
      code: code('21'),
      stage: 'primary',
      row: [code('21'), `${county}示例小学`, countyCode, '小学', '公办', '', '否', '否'],
    },
    {
      code: code('31'),
      stage: 'junior-secondary',
      row: [code('31'), `${county}示例初级中学`, countyCode, '初中', '公办', '', '否', '否'],
    },
  ];
}

interface RosterAnswer {
  accepted: boolean;
  enrolled: number;
  unchanged: number;
  problems: { rowNumber: number; rule: string }[];
}

/** Education's demo schools and rosters for one county's demo children. */
async function seedEducation(
  education: string,
  countyCode: string,
  children: SyntheticChild[],
  asOf: string,
): Promise<string> {
  const headers = {
    'x-user-id': 'demo-loader',
    'x-role': 'department-officer',
    'x-department': 'DEPARTMENT_EDUCATION_SPORTS',
    'x-county-codes': countyCode,
  };
  const schools = demoSchools(countyCode);
  await upload(
    `${education}/api/v1/schools/import`,
    await sheet(
      '学校名单',
      SCHOOL_COLUMNS.map((c) => c.header),
      schools.map((s) => s.row),
    ),
    headers,
  );
  const enrolledOn = schoolYearBounds(schoolYearOf(asOf as never))?.first ?? asOf;
  const tally = { enrolled: 0, unchanged: 0, leftOut: 0 };
  for (const school of schools) {
    let rows = children
      .filter((c) => c.education.stage === school.stage && c.education.grade && c.idNumber)
      .map((c) => [c.idNumber as string, c.name, c.education.grade as string, enrolledOn, '公办学位']);
    for (let attempt = 0; rows.length > 0 && attempt < 60; attempt += 1) {
      const file = await sheet(
        '学籍名单',
        ROSTER_COLUMNS.map((c) => c.header),
        rows,
      );
      const answer = (await upload(
        `${education}/api/v1/schools/${school.code}/roster`,
        file,
        headers,
      )) as RosterAnswer;
      if (answer.accepted) {
        tally.enrolled += answer.enrolled;
        tally.unchanged += answer.unchanged;
        break;
      }
      // The registry's facts reach education a moment after the import: wait for those rows.
      if (answer.problems.some((p) => p.rule === 'facts-not-yet-received')) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      const refused = new Set(answer.problems.map((p) => p.rowNumber));
      tally.leftOut += refused.size;
      rows = rows.filter((_, i) => !refused.has(i + 2)); // row 1 is the header
    }
  }
  return JSON.stringify(tally);
}

/**
 * Township ledgers are messy: the first row of each county is stored with warnings (年龄 that
 * disagrees with the ID number, a name with stray spaces, a phone with +86 and spaces), the
 * second as incomplete (待补录: no ID number), so the import's report and the county's
 * records-to-complete show what an office will see. Deterministic: re-running changes nothing.
 */
function withMessyRows(rows: string[][]): string[][] {
  if (rows.length < 2) return rows;
  const col = (header: (typeof LEDGER_COLUMNS)[number]) => LEDGER_COLUMNS.indexOf(header);
  const [warned, incomplete] = rows as [string[], string[]];
  warned[col('年龄')] = String(Number(warned[col('年龄')]) + 2);
  const name = warned[col('儿童姓名')] ?? '';
  warned[col('儿童姓名')] = ` ${name.slice(0, 1)} ${name.slice(1)} `;
  const phone = warned[col('监护人联系方式')] ?? '';
  if (/^1\d{10}$/.test(phone))
    warned[col('监护人联系方式')] = `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  incomplete[col('身份证号')] = '';
  return rows;
}

async function workbook(rows: string[][], movedOutColumn = false): Promise<Buffer> {
  const header = movedOutColumn ? [...LEDGER_COLUMNS, MOVED_OUT_COLUMN.header] : [...LEDGER_COLUMNS];
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow(['重点关爱服务对象信息台账']);
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export interface ImportOptions {
  /** 迁入现居住地日期 of the rows (the import's default: six months before today). */
  residentSince?: string;
  /** The rows end with a 迁出时间 cell (Attachment 1 note 2: the column after 备注). */
  movedOutColumn?: boolean;
}

/** Imports one county's ledger rows into a registry and follows the job to its end; its counts. */
export async function importLedger(
  registry: string,
  countyCode: string,
  rows: string[][],
  options: ImportOptions = {},
): Promise<Record<string, unknown>> {
  const body = new FormData();
  body.append('countyCode', countyCode);
  if (options.residentSince !== undefined) body.append('residentSince', options.residentSince);
  body.append('file', new Blob([await workbook(rows, options.movedOutColumn)]), `demo-${countyCode}.xlsx`);
  const headers = {
    'x-user-id': 'demo-loader',
    'x-role': 'civil-affairs-admin',
    'x-department': 'civil-affairs',
    'x-county-codes': countyCode,
  };
  const started = await fetch(`${registry}/api/v1/imports`, { method: 'POST', body, headers });
  if (!started.ok)
    throw new Error(`import for ${countyCode} refused: ${started.status} ${await started.text()}`);
  const { jobId } = (await started.json()) as { jobId: string };
  let view: Record<string, unknown> = {};
  for (let tries = 0; tries < 600; tries += 1) {
    view = (await (await fetch(`${registry}/api/v1/imports/${jobId}`, { headers })).json()) as Record<
      string,
      unknown
    >;
    if (view.status === 'succeeded' || view.status === 'failed' || view.status === 'interrupted') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const { status, total, stored, updated, duplicates, incomplete, warned, failed, keyCareAdded } = view;
  return { status, total, stored, updated, duplicates, incomplete, warned, failed, keyCareAdded };
}

interface OutboxRow {
  peerCity: string;
  pending: number;
  receipted: number;
  failing: number;
}

/**
 * Waits (up to `seconds`) until a gateway has nothing pending for its partners and prints its
 * outbox per partner; says so and goes on when the gateway does not answer (not started).
 */
export async function reportOutbox(
  gateway: string,
  city: string,
  counties: readonly string[],
  seconds = 60,
): Promise<void> {
  const headers = {
    'x-user-id': 'demo-loader',
    'x-role': 'civil-affairs-admin',
    'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
    'x-county-codes': counties.join(','),
  };
  let rows: OutboxRow[] = [];
  for (let tries = 0; tries < seconds; tries += 1) {
    try {
      const response = await fetch(`${gateway}/api/v1/exchange/outbox`, { headers });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      rows = (await response.json()) as OutboxRow[];
    } catch (error) {
      console.log(`gateway ${city} at ${gateway} not answering (${String(error)}): pushes not followed`);
      return;
    }
    // Nothing pending; an empty outbox may still be about to fill: give it a few seconds.
    if (rows.every((r) => r.pending === 0) && (rows.length > 0 || tries >= 5)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  for (const row of rows)
    console.log(
      `gateway ${city} → ${row.peerCity}: ${JSON.stringify({ receipted: row.receipted, pending: row.pending, failing: row.failing })}`,
    );
  if (rows.length === 0) console.log(`gateway ${city}: nothing pushed yet`);
  if (rows.some((r) => r.pending > 0) || rows.length === 0)
    console.log(
      `gateway ${city}: still following its registry's events (GET ${gateway}/api/v1/exchange/outbox shows the progress)`,
    );
}

async function main(): Promise<void> {
  const registry = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3101';
  const education = process.env.EDUCATION_URL ?? 'http://127.0.0.1:3103';
  const perCounty = flag('per-county', 150);
  const asOf = shanghaiDate(new Date());
  const generator = createGenerator(flag('seed', DEMO_SEED), { asOf });
  const byCounty = new Map<string, SyntheticChild[]>(HEZE_COUNTIES.map((c) => [c, []]));
  for (
    let i = 0;
    [...byCounty.values()].some((list) => list.length < perCounty) && i < perCounty * 200;
    i += 1
  ) {
    const child = generator.child(i);
    const list = byCounty.get(countyOf(child.residence.divisionCode) ?? '');
    if (list && list.length < perCounty && child.idNumber && !child.residence.movedOutOn) list.push(child);
  }
  const fromZhengzhou = zhengzhouHukouChildren(generator);
  for (const [countyCode, children] of byCounty) {
    const all = [...children, ...(fromZhengzhou.get(countyCode) ?? [])];
    const counts = await importLedger(
      registry,
      countyCode,
      withMessyRows(all.map((c, i) => toLedgerRow(c, i + 1))),
    );
    console.log(
      `${resolveDivision(countyCode)?.name ?? countyCode} ${countyCode}: ${JSON.stringify(counts)}`,
    );
  }
  for (const [countyCode, children] of byCounty)
    console.log(
      `${resolveDivision(countyCode)?.name ?? countyCode} ${countyCode} 学籍: ${await seedEducation(education, countyCode, children, asOf)}`,
    );
}

/** `--pushes-only`: what both gateways have pushed so far (npm start runs it once they are up). */
async function reportPushes(): Promise<void> {
  const seconds = flag('wait-seconds', 30);
  await reportOutbox(process.env.GATEWAY_URL ?? 'http://127.0.0.1:3107', '371700', HEZE_COUNTIES, seconds);
  await reportOutbox(
    process.env.ZHENGZHOU_GATEWAY_URL ?? 'http://127.0.0.1:3117',
    ZHENGZHOU,
    ZHENGZHOU_DEMO_COUNTIES,
    seconds,
  );
}

if (require.main === module)
  (process.argv.includes('--pushes-only') ? reportPushes() : main()).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
