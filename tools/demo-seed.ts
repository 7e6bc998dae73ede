/**
 * Loads demo data into a running platform through its real front doors: for each Heze county,
 * an Attachment 1 workbook of synthetic children (deterministic by seed) is uploaded to the
 * registry's import endpoint, exactly as a county office would, and the job is followed to the
 * end. Re-running it creates nothing new (the import matches rows on ID numbers).
 * Then education gets each county's demo schools (a kindergarten, a primary and a junior
 * secondary school, marked 示例) and their rosters (学籍名单) of the demo children of those ages,
 * through its school-list and roster imports: enrolments matched to the children by the
 * registry. A roster row the rules refuse (an age that does not fit the grade) is left out and
 * counted, as a school would correct it.
 *   npx tsx tools/demo-seed.ts [--per-county 150] [--seed 20250220]
 * REGISTRY_URL defaults to http://127.0.0.1:3101, EDUCATION_URL to http://127.0.0.1:3103.
 */
import ExcelJS from 'exceljs';
import { countiesOf, countyOf, resolveDivision } from '@care/divisions';
import { shanghaiDate } from '@care/child-rules';
import { ROSTER_COLUMNS, SCHOOL_COLUMNS, schoolYearBounds, schoolYearOf } from '@care/education-rules';
import { createGenerator, LEDGER_COLUMNS, toLedgerRow, type SyntheticChild } from '@care/synthetic';

// Heze's nine counties and districts, from the division dataset (not its statistics-only zones).
const HEZE_COUNTIES = countiesOf('371700')
  .filter((d) => !d.statistical)
  .map((d) => d.code);

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function sheet(name: string, header: readonly string[], rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(name);
  ws.addRow([...header]);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(url: string, file: Buffer, headers: Record<string, string>): Promise<unknown> {
  const body = new FormData();
  body.append('file', new Blob([file]), 'demo.xlsx');
  const response = await fetch(url, { method: 'POST', body, headers });
  if (!response.ok) throw new Error(`${url} refused: ${response.status} ${await response.text()}`);
  return response.json();
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

async function workbook(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow(['重点关爱服务对象信息台账']);
  sheet.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  sheet.addRow([...LEDGER_COLUMNS]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  const registry = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3101';
  const education = process.env.EDUCATION_URL ?? 'http://127.0.0.1:3103';
  const perCounty = flag('per-county', 150);
  const asOf = shanghaiDate(new Date());
  const generator = createGenerator(flag('seed', 20250220), { asOf });
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
  for (const [countyCode, children] of byCounty) {
    const body = new FormData();
    body.append('countyCode', countyCode);
    const file = await workbook(withMessyRows(children.map((c, i) => toLedgerRow(c, i + 1))));
    body.append('file', new Blob([file]), `demo-${countyCode}.xlsx`);
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
    const name = resolveDivision(countyCode)?.name ?? countyCode;
    const { status, total, stored, updated, duplicates, incomplete, warned, failed, keyCareAdded } = view;
    console.log(
      `${name} ${countyCode}: ${JSON.stringify({ status, total, stored, updated, duplicates, incomplete, warned, failed, keyCareAdded })}`,
    );
  }
  for (const [countyCode, children] of byCounty)
    console.log(
      `${resolveDivision(countyCode)?.name ?? countyCode} ${countyCode} 学籍: ${await seedEducation(education, countyCode, children, asOf)}`,
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
