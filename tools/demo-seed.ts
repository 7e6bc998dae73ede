/**
 * Loads demo data into a running platform through its real front doors: for each Heze county,
 * an Attachment 1 workbook of synthetic children (deterministic by seed) is uploaded to the
 * registry's import endpoint, exactly as a county office would, and the job is followed to the
 * end. Re-running it creates nothing new (the import matches rows on ID numbers).
 *   npx tsx tools/demo-seed.ts [--per-county 150] [--seed 20250220]
 * REGISTRY_URL defaults to http://127.0.0.1:3101.
 */
import ExcelJS from 'exceljs';
import { countiesOf, countyOf, resolveDivision } from '@care/divisions';
import { shanghaiDate } from '@care/child-rules';
import { createGenerator, LEDGER_COLUMNS, toLedgerRow, type SyntheticChild } from '@care/synthetic';

// Heze's nine counties and districts, from the division dataset (not its statistics-only zones).
const HEZE_COUNTIES = countiesOf('371700')
  .filter((d) => !d.statistical)
  .map((d) => d.code);

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
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
    const file = await workbook(children.map((c, i) => toLedgerRow(c, i + 1)));
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
    const { status, total, stored, updated, duplicates, failed, keyCareAdded } = view;
    console.log(
      `${name} ${countyCode}: ${JSON.stringify({ status, total, stored, updated, duplicates, failed, keyCareAdded })}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
