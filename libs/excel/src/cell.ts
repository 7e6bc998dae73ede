/** What a cell holds once exceljs's wrappers (rich text, formula results, hyperlinks) are taken off. */
export type CellValue = string | number | Date;

/** exceljs cell value -> its plain value; booleans read as 是/否 (the sheets' own words). */
export function plainCell(value: unknown): CellValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return plainCell(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return undefined;
}

export function isBlankCell(cell: CellValue | undefined): boolean {
  return cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * A header as people type it: NFKC (full-width letters and digits), no spaces, no required
 * mark — "学校标识码*", "学校标识码（必填）" and "学校 标识码" are 学校标识码.
 */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, '')
    .replace(/\(必填\)$/, '')
    .replace(/\*+$/, '');
}
