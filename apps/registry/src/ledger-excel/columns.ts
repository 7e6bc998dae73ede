// Attachment 1 of the seed (附件1 重点关爱服务对象信息台账): its 15 columns in their exact
// order, plus 迁出时间, which the attachment's note 2 names but its table does not show.

export const LEDGER_TITLE = '重点关爱服务对象信息台账';

export const LEDGER_COLUMNS = [
  { key: 'serialNumber', header: '序号' },
  { key: 'name', header: '儿童姓名' },
  { key: 'sex', header: '性别' },
  { key: 'age', header: '年龄' },
  { key: 'idNumber', header: '身份证号' },
  { key: 'hukouAddress', header: '户籍地址' },
  { key: 'residenceAddress', header: '现居住地' },
  { key: 'difficultyTypes', header: '重点关爱服务对象困境类型' },
  { key: 'schoolGrade', header: '就读学校/年级' },
  { key: 'guardianName', header: '监护人姓名' },
  { key: 'guardianRelation', header: '与监护人关系' },
  { key: 'guardianPhone', header: '监护人联系方式' },
  { key: 'situation', header: '基本情况概述' },
  { key: 'careActivities', header: '关爱服务活动' },
  { key: 'notes', header: '备注' },
] as const;

export const MOVED_OUT_COLUMN = { key: 'movedOutOn', header: '迁出时间' } as const;

export type LedgerColumnKey = (typeof LEDGER_COLUMNS)[number]['key'] | typeof MOVED_OUT_COLUMN.key;
export type LedgerHeader = (typeof LEDGER_COLUMNS)[number]['header'] | typeof MOVED_OUT_COLUMN.header;

/** The 15 headers of Attachment 1, in order. */
export const LEDGER_HEADERS: readonly LedgerHeader[] = LEDGER_COLUMNS.map((c) => c.header);

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
