// Attachment 1's columns come from @care/child-rules (the one definition); this module adds
// what the registry's workbook codec derives from them.
import { LEDGER_COLUMNS, LEDGER_TABLE_HEADERS, MOVED_OUT_COLUMN } from '@care/child-rules';

export { LEDGER_COLUMNS, LEDGER_TITLE, MOVED_OUT_COLUMN } from '@care/child-rules';

export type LedgerColumnKey = (typeof LEDGER_COLUMNS)[number]['key'] | typeof MOVED_OUT_COLUMN.key;
export type LedgerHeader = (typeof LEDGER_COLUMNS)[number]['header'] | typeof MOVED_OUT_COLUMN.header;

/** The 15 headers of Attachment 1, in order. */
export const LEDGER_HEADERS: readonly LedgerHeader[] = LEDGER_TABLE_HEADERS;

export const ALL_COLUMNS: ReadonlyArray<{ key: LedgerColumnKey; header: LedgerHeader }> = [
  ...LEDGER_COLUMNS,
  MOVED_OUT_COLUMN,
];

export const HEADER_OF: Readonly<Record<LedgerColumnKey, LedgerHeader>> = Object.fromEntries(
  ALL_COLUMNS.map((c) => [c.key, c.header]),
) as Record<LedgerColumnKey, LedgerHeader>;

/**
 * The comparable form of a header cell: full-width forms folded (NFKC), every space and line
 * break removed, bracketed hints dropped ("户籍地址 (xx省xx区...)" -> "户籍地址"), and required-field
 * stars removed ("*儿童姓名").
 */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, '')
    .replace(/[\s\u200b-\u200d\u2060\ufeff*]/g, '');
}

const BY_NORMALISED_HEADER = new Map<string, LedgerColumnKey>(
  ALL_COLUMNS.map((c) => [normaliseHeader(c.header), c.key]),
);

/** The column a header cell names, or undefined for a column the ledger does not know. */
export function columnForHeader(text: string): LedgerColumnKey | undefined {
  return BY_NORMALISED_HEADER.get(normaliseHeader(text));
}
