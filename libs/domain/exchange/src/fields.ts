import type { ExchangeRecord } from './record';

// Purpose limitation per pair of cities (目的限定，按城市对约定): which facts of a child one city
// shares with another. The core fields are what a message cannot do without (whose record, the
// child's index to match on, where the child is, when); the rest are agreed pair by pair.

/** Always sent: the record's identity, the matching key, the status and its instant. */
export const CORE_FIELDS = ['childRef', 'idNumberIndex', 'status', 'updatedAt'] as const;
export type CoreField = (typeof CORE_FIELDS)[number];

/** Sent only when the pair's agreement lists them, in the record's order. */
export const SELECTABLE_FIELDS = [
  'name',
  'birthDate',
  'sex',
  'guardianName',
  'guardianRelation',
  'hukouAddress',
  'residenceDivisionCode',
  'keyCare',
] as const;
export type SelectableField = (typeof SELECTABLE_FIELDS)[number];

/**
 * What one city shares with a partner: the core fields, and each selectable field only when the
 * pair agreed on it. A full local record (`ExchangeRecord`) is one; a received one is only known
 * to carry what the agreement lists, so the selectable fields are optional and every reader has
 * to say what a withheld field means to it.
 */
export type SharedRecord = Pick<ExchangeRecord, CoreField> & Partial<Pick<ExchangeRecord, SelectableField>>;

/** The selectable fields a pair agreed on. */
export type FieldSelection = ReadonlySet<SelectableField>;

/** Every selectable field: a pair that agreed on no narrower set (what peers files without `fields` mean). */
export const ALL_FIELDS: FieldSelection = new Set(SELECTABLE_FIELDS);

export function isSelectableField(name: unknown): name is SelectableField {
  return (SELECTABLE_FIELDS as readonly unknown[]).includes(name);
}

export function isCoreField(name: unknown): name is CoreField {
  return (CORE_FIELDS as readonly unknown[]).includes(name);
}

/** An agreement that cannot hold: each problem in Chinese, naming the field. */
export class FieldSelectionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('；'));
    this.name = 'FieldSelectionError';
  }
}

/**
 * An agreement as written (a list of field names), checked: every name a selectable field, none
 * twice; a core field is refused rather than ignored (it is always sent, and listing it suggests
 * the writer thinks it could be withheld). An empty list shares the core fields only.
 */
export function parseFieldSelection(names: readonly string[]): FieldSelection {
  const problems: string[] = [];
  const seen = new Set<SelectableField>();
  for (const name of names) {
    if (isCoreField(name))
      problems.push(`${name} 是必发字段（${CORE_FIELDS.join('、')} 总是发送），不得列出`);
    else if (!isSelectableField(name))
      problems.push(`${name} 不是可选的交换字段（可选：${SELECTABLE_FIELDS.join('、')}）`);
    else if (seen.has(name)) problems.push(`${name} 重复`);
    else seen.add(name);
  }
  if (problems.length > 0) throw new FieldSelectionError(problems);
  return seen;
}

/** The agreement's fields in the record's order (for files, logs and messages). */
export function selectionList(fields: FieldSelection): SelectableField[] {
  return SELECTABLE_FIELDS.filter((f) => fields.has(f));
}

/**
 * The record as shared with a partner: the core fields and the agreed fields it carries; a field
 * not agreed is left out (not blanked: an empty name would read as "no name").
 */
export function selectFields(record: SharedRecord, fields: FieldSelection): SharedRecord {
  const out: { -readonly [K in keyof SharedRecord]: SharedRecord[K] } = {
    childRef: record.childRef,
    idNumberIndex: record.idNumberIndex,
    status: record.status,
    updatedAt: record.updatedAt,
  };
  const copy = <K extends SelectableField>(field: K) => {
    if (fields.has(field) && record[field] !== undefined) out[field] = record[field];
  };
  for (const field of SELECTABLE_FIELDS) copy(field);
  return out;
}

/** The record when it carries every field (a full local record), else undefined. */
export function fullRecordOf(record: SharedRecord): ExchangeRecord | undefined {
  const {
    name,
    birthDate,
    sex,
    guardianName,
    guardianRelation,
    hukouAddress,
    residenceDivisionCode,
    keyCare,
  } = record;
  if (
    name === undefined ||
    birthDate === undefined ||
    sex === undefined ||
    guardianName === undefined ||
    guardianRelation === undefined ||
    hukouAddress === undefined ||
    residenceDivisionCode === undefined ||
    keyCare === undefined
  )
    return undefined;
  return {
    childRef: record.childRef,
    idNumberIndex: record.idNumberIndex,
    name,
    birthDate,
    sex,
    guardianName,
    guardianRelation,
    hukouAddress,
    residenceDivisionCode,
    status: record.status,
    keyCare,
    updatedAt: record.updatedAt,
  };
}
