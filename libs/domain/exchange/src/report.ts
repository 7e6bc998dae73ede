import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DIFFERENCE_KIND_LABELS, FIELD_LABELS, type Difference } from './compare';

export const DIFFERENCE_REPORT_HEADERS = [
  '差异类型',
  '字段',
  '居住地值(脱敏)',
  '户籍地值(脱敏)',
  '儿童编号',
] as const;

/** 儿童编号: the residence city's id; for `missing-there`, the hukou city's, marked as such. */
function childRef(d: Difference): string {
  if (d.residenceChildRef !== undefined) return d.residenceChildRef;
  return d.hukouChildRef === undefined ? '' : `（户籍地）${d.hukouChildRef}`;
}

/**
 * The downloadable report of a reconciliation (比对差异报告): one row per difference, streamed
 * (exceljs WorkbookWriter, each row committed as it is written), so a million differences
 * never sit in memory. Writes only the differences' masked display values: no personal value
 * in clear. Resolves once the workbook is fully written to `stream`.
 */
export async function differencesWorkbook(
  differences: Iterable<Difference> | AsyncIterable<Difference>,
  stream: Writable,
  options: { readonly sheetName?: string } = {},
): Promise<{ rows: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(options.sheetName ?? '比对差异', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = [
    { key: 'kind', width: 14 },
    { key: 'field', width: 20 },
    { key: 'residence', width: 28, style: { numFmt: '@' } },
    { key: 'hukou', width: 28, style: { numFmt: '@' } },
    { key: 'ref', width: 30, style: { numFmt: '@' } },
  ];
  const header = sheet.addRow([...DIFFERENCE_REPORT_HEADERS]);
  header.font = { bold: true };
  header.commit();
  let rows = 0;
  for await (const d of differences) {
    rows += 1;
    sheet
      .addRow([
        DIFFERENCE_KIND_LABELS[d.kind],
        d.field === undefined ? '' : FIELD_LABELS[d.field],
        d.residenceValue ?? '',
        d.hukouValue ?? '',
        childRef(d),
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}
