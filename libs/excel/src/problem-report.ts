import type { Writable } from 'node:stream';
import { invalidArgument } from '@care/errors';
import ExcelJS from 'exceljs';
import type { CellValue } from './cell';

export interface ReportColumn {
  readonly header: string;
  readonly width?: number;
}

/** One refused (or flagged) row of an import: its problems and, if the importer may see them, its cells. */
export interface ProblemRow {
  readonly rowNumber: number;
  readonly problems: ReadonlyArray<{ readonly column: string; readonly message: string }>;
  /** The row's original cells by header; omit them for a report without personal data. */
  readonly cells?: Readonly<Record<string, CellValue>>;
}

function text(cell: CellValue | undefined): string {
  if (cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * The downloadable row-level report of an import (导入问题报告): one line per problem with the
 * sheet's row number, the column and the reason in Chinese, then the row's original cells so the
 * person corrects them in place. Holds personal data when cells are given: hand it to the
 * importer only.
 */
export async function writeProblemReport(
  stream: Writable,
  report: {
    readonly sheetName: string;
    readonly columns: readonly ReportColumn[];
    readonly rows: Iterable<ProblemRow> | AsyncIterable<ProblemRow>;
  },
): Promise<{ rows: number; problems: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(report.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { key: 'row', width: 8 },
    { key: 'column', width: 16 },
    { key: 'reason', width: 56, style: { alignment: { wrapText: true } } },
    ...report.columns.map((c, i) => ({ key: `c${i}`, width: c.width ?? 16, style: { numFmt: '@' } })),
  ];
  const header = sheet.addRow(['行号', '问题列', '问题原因', ...report.columns.map((c) => `原${c.header}`)]);
  header.font = { bold: true };
  header.commit();
  let rows = 0;
  let problems = 0;
  for await (const row of report.rows) {
    rows += 1;
    const original = report.columns.map((c) => (row.cells === undefined ? '' : text(row.cells[c.header])));
    for (const p of row.problems) {
      problems += 1;
      sheet.addRow([row.rowNumber, p.column, p.message, ...original]).commit();
    }
  }
  sheet.commit();
  await workbook.commit();
  return { rows, problems };
}

/**
 * One problem of an import row, as every import answers it: the sheet's row, the field (the
 * importer's naming) and the stable rule id, and a message beginning 第N行 that never carries
 * a personal value.
 */
export interface RowProblem<F extends string = string> {
  readonly rowNumber: number;
  readonly field: F;
  readonly rule: string;
  readonly message: string;
}

/** An HTTP response a report streams into (Express's, as Nest's `@Res()` gives it). */
export interface ReportResponse extends Writable {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The problems of an import that was only checked, as a downloadable report without the
 * rows' values (行号, 问题列, 问题原因): grouped by row, the column named by its sheet header.
 */
export async function sendProblemReport(
  res: ReportResponse,
  report: {
    readonly fileName: string;
    readonly sheetName: string;
    readonly problems: ReadonlyArray<{
      readonly rowNumber: number;
      readonly field: string;
      readonly message: string;
    }>;
    /** The sheet header of a problem's field (`idNumber` -> 身份证号). */
    readonly headerOf: (field: string) => string;
  },
): Promise<void> {
  const byRow = new Map<number, { column: string; message: string }[]>();
  for (const p of report.problems) {
    const list = byRow.get(p.rowNumber) ?? [];
    list.push({ column: report.headerOf(p.field), message: p.message });
    byRow.set(p.rowNumber, list);
  }
  res.status(200);
  res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${report.fileName}"`);
  await writeProblemReport(res, {
    sheetName: report.sheetName,
    columns: [],
    rows: [...byRow.entries()]
      .sort(([a], [b]) => a - b)
      .map(([rowNumber, problems]) => ({ rowNumber, problems })),
  });
}

/** The uploaded workbook of a multipart request (field `file`), or the error naming the field. */
export function requireUpload(file: { buffer: Buffer } | undefined, what: string): Buffer {
  if (file === undefined) throw invalidArgument('file', '必填', `请上传${what}文件（字段 file，.xlsx）`);
  return file.buffer;
}
