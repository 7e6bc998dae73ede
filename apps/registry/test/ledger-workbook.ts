import ExcelJS from 'exceljs';
import { completedYears, compareDates, addMonths } from '@care/child-rules';
import { countyOf } from '@care/divisions';
import { createGenerator, toLedgerRow, LEDGER_COLUMNS, type SyntheticChild } from '@care/synthetic';

/** An Attachment 1 workbook as a county office fills it: a merged title row, the 15 headers, text cells. */
export async function buildLedgerWorkbook(rows: readonly (readonly string[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(['重点关爱服务对象信息台账']);
  sheet.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  sheet.addRow([...LEDGER_COLUMNS]);
  for (const row of rows) sheet.addRow([...row]);
  // Text format, as offices keep ID numbers from turning into numbers.
  sheet.columns.forEach((c) => (c.numFmt = '@'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A deliberate defect: how the row is spoiled and the Attachment 1 column the report must name. */
export interface Defect {
  column: string;
  spoil(row: string[]): void;
}

const col = (name: (typeof LEDGER_COLUMNS)[number]) => LEDGER_COLUMNS.indexOf(name);

export const DEFECTS: readonly Defect[] = [
  {
    column: '身份证号',
    spoil: (r) =>
      (r[col('身份证号')] = r[col('身份证号')].slice(0, 17) + (r[col('身份证号')].endsWith('0') ? '1' : '0')),
  }, // wrong check character
  { column: '儿童姓名', spoil: (r) => (r[col('儿童姓名')] = '') },
  { column: '监护人联系方式', spoil: (r) => (r[col('监护人联系方式')] = '12345') },
  { column: '重点关爱服务对象困境类型', spoil: (r) => (r[col('重点关爱服务对象困境类型')] = '学习困难') },
  { column: '性别', spoil: (r) => (r[col('性别')] = r[col('性别')] === '男' ? '女' : '男') }, // disagrees with the ID number
  { column: '现居住地', spoil: (r) => (r[col('现居住地')] = '菏泽市东明县城关街道某路1号') }, // not the import's county
];

export interface LedgerFixture {
  buffer: Buffer;
  rows: string[][];
  /** Sheet row number (as Excel shows it) -> the column its defect is in. */
  badRows: Map<number, string>;
  /** Good rows that name a difficulty type (each gets a key-care entry). */
  goodWithTypes: number;
  goodRows: number;
}

/** The first data row's sheet number: row 1 is the merged title, row 2 the headers. */
export const FIRST_DATA_ROW = 3;

/**
 * `count` rows of Attachment 1 from @care/synthetic's children living in `countyCode`, each an
 * unambiguous migrant child (ID number, cross-county hukou outside the central-urban pair,
 * under 15, named guardian), of which every `badEvery`-th row is spoiled by one defect.
 */
export async function ledgerFixture(options: {
  countyCode: string;
  count: number;
  badEvery: number;
  seed?: number;
  asOf: string;
}): Promise<LedgerFixture> {
  const generator = createGenerator(options.seed ?? 20250601, { asOf: options.asOf });
  const chosen: SyntheticChild[] = [];
  const centralUrban = new Set(['371702', '371703']);
  for (let i = 0; chosen.length < options.count; i += 1) {
    const c = generator.child(i);
    const residenceCounty = countyOf(c.residence.divisionCode);
    const hukouCounty = countyOf(c.hukou.divisionCode);
    if (
      residenceCounty !== options.countyCode ||
      !c.idNumber ||
      c.residence.movedOutOn ||
      c.guardians.length === 0
    )
      continue;
    if (
      hukouCounty === undefined ||
      hukouCounty === residenceCounty ||
      (centralUrban.has(hukouCounty) && centralUrban.has(residenceCounty))
    )
      continue;
    if (completedYears(c.birthDate, options.asOf) >= 15) continue;
    if (compareDates(addMonths(c.birthDate, 6), addMonths(options.asOf, -6)) > 0) continue; // born early enough to have lived here six months
    chosen.push(c);
  }
  const rows = chosen.map((c, i) => toLedgerRow(c, i + 1));
  const badRows = new Map<number, string>();
  let goodWithTypes = 0;
  rows.forEach((row, i) => {
    if ((i + 1) % options.badEvery === 0) {
      const defect = DEFECTS[badRows.size % DEFECTS.length];
      defect.spoil(row);
      badRows.set(FIRST_DATA_ROW + i, defect.column);
    } else if (row[col('重点关爱服务对象困境类型')] !== '') {
      goodWithTypes += 1;
    }
  });
  return {
    buffer: await buildLedgerWorkbook(rows),
    rows,
    badRows,
    goodWithTypes,
    goodRows: rows.length - badRows.size,
  };
}
