import { Readable } from 'node:stream';
import { invalidArgument } from '@care/errors';
import { headerKey, isBlankCell, plainCell, type CellValue } from './cell';
import { Utf8SafeWorkbookReader } from './utf8-safe-reader';

export interface SheetColumn {
  /** The header as the template shows it (matched after headerKey normalisation). */
  readonly header: string;
  readonly required: boolean;
}

export interface ReadSheetOptions {
  /** The columns of the template; rows come keyed by these headers. */
  readonly columns: readonly SheetColumn[];
  /** What the file is, in Chinese, for messages: 学校名单, 学籍名单. */
  readonly what: string;
  /** How many rows from the top may precede the header row (a title, notes). Default 10. */
  readonly headerSearchRows?: number;
  /** Refuse a file with more data rows than this. */
  readonly maxRows: number;
}

/** A data row: the sheet's own row number and the non-blank cells under the template's headers. */
export interface SheetRow {
  readonly rowNumber: number;
  readonly cells: Readonly<Record<string, CellValue>>;
}

function toStream(input: Buffer | Readable): Readable {
  return Buffer.isBuffer(input) ? Readable.from([input]) : input;
}

/**
 * Streams the first worksheet of an import workbook as rows keyed by the template's headers,
 * so a big file never sits in memory as a whole. The header row is the first of the top rows
 * that names every required column (extra columns are ignored, optional ones may be absent);
 * blank rows are skipped. A file that is no workbook, has no such header row or holds more than
 * `maxRows` data rows is refused with invalid-argument on field `file`, naming what is wrong.
 */
export async function* readSheetRows(
  input: Buffer | Readable,
  options: ReadSheetOptions,
): AsyncGenerator<SheetRow> {
  const reader = new Utf8SafeWorkbookReader(toStream(input), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // date cells arrive as dates
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const searchRows = options.headerSearchRows ?? 10;
  const wanted = new Map(options.columns.map((c) => [headerKey(c.header), c] as const));
  const required = options.columns.filter((c) => c.required);
  let columns: Map<number, string> | undefined;
  let bestMissing: string[] = required.map((c) => c.header);
  let dataRows = 0;
  let sawSheet = false;
  try {
    for await (const worksheet of reader) {
      if (sawSheet) break; // only the first sheet is read
      sawSheet = true;
      for await (const row of worksheet) {
        const values = (row.values as unknown[] | undefined) ?? [];
        if (columns === undefined) {
          const found = new Map<number, string>();
          values.forEach((value, index) => {
            const cell = plainCell(value);
            const column = typeof cell === 'string' ? wanted.get(headerKey(cell)) : undefined;
            if (column !== undefined && ![...found.values()].includes(column.header))
              found.set(index, column.header);
          });
          const present = new Set(found.values());
          const missing = required.filter((c) => !present.has(c.header)).map((c) => c.header);
          if (missing.length === 0) columns = found;
          else if (missing.length < bestMissing.length) bestMissing = missing;
          if (columns === undefined && row.number >= searchRows) break;
          continue;
        }
        const cells: Record<string, CellValue> = {};
        let blank = true;
        for (const [index, header] of columns) {
          const cell = plainCell(values[index]);
          if (!isBlankCell(cell)) {
            cells[header] = cell as CellValue;
            blank = false;
          }
        }
        if (blank) continue;
        dataRows += 1;
        if (dataRows > options.maxRows)
          throw invalidArgument(
            'file',
            '行数上限',
            `${options.what}超过${options.maxRows}行数据，请拆分后再导入`,
            {
              maxRows: options.maxRows,
            },
          );
        yield { rowNumber: row.number, cells };
      }
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'invalid-argument') throw error;
    throw invalidArgument('file', 'xlsx', `${options.what}：无法读取的文件，须为 Excel 工作簿（.xlsx）`);
  }
  if (columns === undefined)
    throw invalidArgument(
      'file',
      '表头',
      `${options.what}：未在前${searchRows}行找到表头，缺少列：${bestMissing.join('、')}`,
      { missing: bestMissing.join('、') },
    );
}
