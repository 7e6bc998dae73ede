import { Readable } from 'node:stream';
import { invalidArgument } from '@care/errors';
import { ALL_COLUMNS, LEDGER_COLUMNS, columnForHeader, type LedgerColumnKey } from './columns';
import { isBlankCell, plainCell, Utf8SafeWorkbookReader } from '@care/excel';
import {
  validateLedgerRow,
  type LedgerCell,
  type LedgerRawRow,
  type LedgerRowOptions,
  type LedgerRowResult,
} from './ledger-row';

export interface ReadLedgerOptions extends LedgerRowOptions {
  /** How many rows from the top may precede the header row (title rows, notes). */
  readonly headerSearchRows?: number;
  /** Refuse files with more data rows than this (the import job's limit). */
  readonly maxRows?: number;
}

const DEFAULT_HEADER_SEARCH_ROWS = 10;
/** A row naming at least this many ledger headers is the header row. */
const HEADER_MATCH_THRESHOLD = 8;

type ColumnMap = Map<number, LedgerColumnKey>;

function headerMap(values: unknown[]): ColumnMap {
  const map: ColumnMap = new Map();
  values.forEach((value, index) => {
    const cell = plainCell(value);
    if (typeof cell !== 'string') return;
    const key = columnForHeader(cell);
    if (key !== undefined && ![...map.values()].includes(key)) map.set(index, key);
  });
  return map;
}

function missingHeaders(map: ColumnMap): string[] {
  const found = new Set(map.values());
  return LEDGER_COLUMNS.filter((c) => !found.has(c.key)).map((c) => c.header);
}

function toStream(input: Buffer | Readable): Readable {
  return Buffer.isBuffer(input) ? Readable.from([input]) : input;
}

/**
 * Streams the first worksheet of an Attachment 1 workbook, one validated row at a time, so a
 * file of 100,000 rows never sits in memory as a whole. Finds the header row under any title
 * rows; a file without the 15 headers is refused (invalid-argument naming the missing headers).
 * Blank rows are skipped; row numbers are the sheet's own (as Excel shows them).
 */
export async function* readLedgerWorkbook(
  input: Buffer | Readable,
  options: ReadLedgerOptions,
): AsyncGenerator<LedgerRowResult> {
  const reader = new Utf8SafeWorkbookReader(toStream(input), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // so date cells (迁出时间) arrive as dates
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const searchRows = options.headerSearchRows ?? DEFAULT_HEADER_SEARCH_ROWS;
  const seenIdNumbers = new Map<string, number>();
  let sawWorksheet = false;
  for await (const worksheet of reader) {
    if (sawWorksheet) break; // only the first sheet is the ledger
    sawWorksheet = true;
    let columns: ColumnMap | undefined;
    let best: ColumnMap = new Map();
    let dataRows = 0;
    for await (const row of worksheet) {
      const values = (row.values as unknown[] | undefined) ?? [];
      if (columns === undefined) {
        const candidate = headerMap(values);
        if (candidate.size > best.size) best = candidate;
        if (candidate.size >= HEADER_MATCH_THRESHOLD) {
          const missing = missingHeaders(candidate);
          if (missing.length > 0)
            throw invalidArgument(
              'file',
              '附件1表头',
              `表头缺少列：${missing.join('、')}（第${row.number}行）`,
              { row: row.number },
            );
          columns = candidate;
        } else if (row.number >= searchRows) {
          break;
        }
        continue;
      }
      const raw: Partial<Record<LedgerColumnKey, LedgerCell>> = {};
      let blank = true;
      for (const [index, key] of columns) {
        const cell = plainCell(values[index]);
        if (!isBlankCell(cell)) {
          raw[key] = cell;
          blank = false;
        }
      }
      if (blank) continue;
      dataRows += 1;
      if (options.maxRows !== undefined && dataRows > options.maxRows) {
        throw invalidArgument('file', '行数上限', `文件超过${options.maxRows}行数据，请拆分后再导入`, {
          maxRows: options.maxRows,
        });
      }
      yield validateLedgerRow(row.number, raw as LedgerRawRow, options, seenIdNumbers);
    }
    if (columns === undefined) {
      const missing = missingHeaders(best);
      throw invalidArgument(
        'file',
        '附件1表头',
        `未在前${searchRows}行找到台账表头（${ALL_COLUMNS.slice(0, 3)
          .map((c) => c.header)
          .join('、')}…）${best.size > 0 ? `；缺少列：${missing.join('、')}` : ''}`,
      );
    }
  }
  if (!sawWorksheet) throw invalidArgument('file', 'Excel 工作簿', '文件中没有工作表');
}
