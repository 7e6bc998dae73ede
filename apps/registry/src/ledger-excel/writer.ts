import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DIFFICULTY_TYPE_LABELS, type DifficultyType, type LocalDate } from '@care/child-rules';
import { ALL_COLUMNS, LEDGER_COLUMNS, LEDGER_TITLE, MOVED_OUT_COLUMN, type LedgerColumnKey } from './columns';
import type { LedgerCellError, LedgerRawRow } from './ledger-row';

/** One child as the exported ledger shows it: values in clear, as decided by the caller's permissions. */
export interface LedgerExportRow {
  readonly name: string;
  readonly sex: 'male' | 'female';
  readonly age: number;
  readonly idNumber?: string;
  readonly hukouAddress: string;
  readonly residenceAddress: string;
  readonly difficultyTypes: readonly DifficultyType[];
  readonly schoolGrade?: string;
  readonly guardianName?: string;
  readonly guardianRelation?: string;
  readonly guardianPhone?: string;
  readonly situation?: string;
  readonly careActivities?: string;
  readonly notes?: string;
  readonly movedOutOn?: LocalDate;
}

export interface WriteLedgerOptions {
  /** Adds 迁出时间 after 备注 (Attachment 1 note 2). Off by default: the 15 columns are the attachment's table. */
  readonly includeMovedOut?: boolean;
  readonly title?: string;
}

const WIDTHS: Readonly<Record<LedgerColumnKey, number>> = {
  serialNumber: 6,
  name: 10,
  sex: 6,
  age: 6,
  idNumber: 21,
  hukouAddress: 36,
  residenceAddress: 36,
  difficultyTypes: 24,
  schoolGrade: 18,
  guardianName: 10,
  guardianRelation: 10,
  guardianPhone: 15,
  situation: 30,
  careActivities: 30,
  notes: 16,
  movedOutOn: 12,
};

function cellsOf(row: LedgerExportRow, serial: number): Record<LedgerColumnKey, string | number> {
  return {
    serialNumber: serial,
    name: row.name,
    sex: row.sex === 'male' ? '男' : '女',
    age: row.age,
    idNumber: row.idNumber ?? '',
    hukouAddress: row.hukouAddress,
    residenceAddress: row.residenceAddress,
    difficultyTypes: row.difficultyTypes.map((t) => DIFFICULTY_TYPE_LABELS[t]).join('、'),
    schoolGrade: row.schoolGrade ?? '',
    guardianName: row.guardianName ?? '',
    guardianRelation: row.guardianRelation ?? '',
    guardianPhone: row.guardianPhone ?? '',
    situation: row.situation ?? '',
    careActivities: row.careActivities ?? '',
    notes: row.notes ?? '',
    movedOutOn: row.movedOutOn ?? '',
  };
}

const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/**
 * Writes the ledger in Attachment 1's layout: a merged title row, the 15 headers in order, then
 * one row per child numbered from 1. Streams (exceljs WorkbookWriter), so a county's whole
 * ledger never sits in memory. Text cells stay text: an ID number is never turned into a number.
 */
export async function writeLedgerWorkbook(
  rows: AsyncIterable<LedgerExportRow> | Iterable<LedgerExportRow>,
  stream: Writable,
  options: WriteLedgerOptions = {},
): Promise<{ rows: number }> {
  const columns =
    options.includeMovedOut === true ? [...LEDGER_COLUMNS, MOVED_OUT_COLUMN] : [...LEDGER_COLUMNS];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(LEDGER_TITLE, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    width: WIDTHS[c.key],
    style: { numFmt: '@', alignment: { vertical: 'middle', wrapText: true } },
  }));

  const title = sheet.addRow([options.title ?? LEDGER_TITLE]);
  sheet.mergeCells(1, 1, 1, columns.length);
  title.height = 32;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.commit();

  const header = sheet.addRow(columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  header.commit();

  let serial = 0;
  for await (const row of rows) {
    serial += 1;
    const cells = cellsOf(row, serial);
    const line = sheet.addRow(columns.map((c) => cells[c.key]));
    line.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = BORDER;
    });
    line.commit();
  }
  sheet.commit();
  await workbook.commit();
  return { rows: serial };
}

export interface LedgerErrorRow {
  readonly rowNumber: number;
  /** Why the row was not imported. */
  readonly errors: readonly LedgerCellError[];
  /** What the row lacks: it was kept as incomplete (待补录). */
  readonly incomplete?: readonly LedgerCellError[];
  /** What was corrected on the way in: the row was imported. */
  readonly warnings?: readonly LedgerCellError[];
  /** The row's original cells; omit them to produce a report without personal data. */
  readonly raw?: LedgerRawRow;
}

const REPORT_HEADERS = ['行号', '问题列', '问题及规则', '处理结果'] as const;

/** The 处理结果 of each kind of problem. */
export const REPORT_OUTCOMES = {
  errors: '未导入',
  incomplete: '已存为待补录',
  warnings: '已导入（已自动更正）',
} as const;

function rawText(cell: LedgerRawRow[LedgerColumnKey]): string {
  if (cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * The downloadable error report (导入错误报告): one line per problem with the sheet's row
 * number, the column (Attachment 1 header) and the reason, followed by that row's original
 * values so the person can correct them in place. It holds personal data in clear when `raw`
 * is given: hand it only to the importer, and never store it unsealed.
 */
export async function writeErrorReport(
  errors: AsyncIterable<LedgerErrorRow> | Iterable<LedgerErrorRow>,
  stream: Writable,
): Promise<{ rows: number; problems: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('导入报告', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { key: 'row', width: 8 },
    { key: 'column', width: 16 },
    { key: 'reason', width: 48, style: { alignment: { wrapText: true } } },
    { key: 'outcome', width: 18 },
    ...ALL_COLUMNS.map((c) => ({ key: c.key, width: WIDTHS[c.key], style: { numFmt: '@' } })),
  ];
  const header = sheet.addRow([...REPORT_HEADERS, ...ALL_COLUMNS.map((c) => `原${c.header}`)]);
  header.font = { bold: true };
  header.commit();
  let rows = 0;
  let problems = 0;
  for await (const bad of errors) {
    rows += 1;
    const original = ALL_COLUMNS.map((c) => (bad.raw === undefined ? '' : rawText(bad.raw[c.key])));
    for (const kind of ['errors', 'incomplete', 'warnings'] as const) {
      for (const problem of bad[kind] ?? []) {
        problems += 1;
        sheet
          .addRow([bad.rowNumber, problem.column, problem.reason, REPORT_OUTCOMES[kind], ...original])
          .commit();
      }
    }
  }
  sheet.commit();
  await workbook.commit();
  return { rows, problems };
}
