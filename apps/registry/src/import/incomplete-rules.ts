import { completedYears, type LocalDate } from '@care/child-rules';
import { invalidArgument, isDomainError, type DomainError } from '@care/errors';
import { countyOf } from '@care/divisions';
import { normalizeIdNumber } from '@care/identity';
import type { ChildSex } from '../children/child.types';
import type { NewChildInput } from '../children/child-builder';
import { scopeOfDivision } from '../children/child-aggregate';
import { normaliseLedgerFields } from '../key-care/key-care-aggregate';
import { ledgerFieldsFromImport, type ImportedLedgerFields } from '../key-care/key-care.service';
import type { IncompleteChildRecord, IncompleteIndexEntry } from './incomplete.types';
import { MISSING_FACT_TEXT, MISSING_FACTS, type MissingFact } from './ledger-row-mapping';

// The rules of the "records to complete" worklist (待补录) that touch no storage: how a record is
// found again, and what completing it requires. Unit-tested in incomplete-rules.spec.ts.

/** How far 年龄 as written may be from the age the birth date gives (sheets are filled months ahead). */
export const SHEET_AGE_TOLERANCE_YEARS = 1;

export type MatchKeys = IncompleteChildRecord['matchKeys'];

/** Whether the birth date and sex a completing row gives agree with what the record already says. */
export function agreesWithRecord(
  entry: Pick<IncompleteIndexEntry, 'sex' | 'sheetAge' | 'sheetAgeOn'>,
  facts: { sex?: ChildSex; birthDate?: LocalDate },
): boolean {
  if (entry.sex !== undefined && facts.sex !== undefined && entry.sex !== facts.sex) return false;
  if (entry.sheetAge !== undefined && facts.birthDate !== undefined) {
    const age = completedYears(facts.birthDate, entry.sheetAgeOn);
    if (Math.abs(age - entry.sheetAge) > SHEET_AGE_TOLERANCE_YEARS) return false;
  }
  return true;
}

export type IncompleteMatch =
  { kind: 'none' } | { kind: 'one'; entry: IncompleteIndexEntry } | { kind: 'ambiguous' };

/**
 * The incomplete record a row describes: same name, and the same household-registration address
 * or the same guardian, and (for a row that now has an ID number) a sex and age that agree.
 * Records already claimed by an earlier row of the file are skipped. Two or more candidates are
 * ambiguous: the row must not complete either.
 */
export function findIncompleteMatch(
  entries: readonly IncompleteIndexEntry[],
  keys: MatchKeys,
  facts: { sex?: ChildSex; birthDate?: LocalDate },
  claimed: ReadonlySet<string> = new Set(),
): IncompleteMatch {
  const candidates = entries.filter(
    (e) =>
      !claimed.has(e._id) &&
      e.matchKeys.name === keys.name &&
      (e.matchKeys.hukou === keys.hukou ||
        (keys.guardian !== undefined && e.matchKeys.guardian === keys.guardian)) &&
      agreesWithRecord(e, facts),
  );
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length === 1) return { kind: 'one', entry: candidates[0] };
  // Prefer the record with both the address and the guardian in common, if only one has both.
  const both = candidates.filter(
    (e) =>
      e.matchKeys.hukou === keys.hukou &&
      keys.guardian !== undefined &&
      e.matchKeys.guardian === keys.guardian,
  );
  return both.length === 1 ? { kind: 'one', entry: both[0] } : { kind: 'ambiguous' };
}

/** The worklist's wording of a record's missing facts (column + what and why), in a stable order. */
export function missingFactsText(missing: readonly MissingFact[]): { column: string; reason: string }[] {
  return MISSING_FACTS.filter((f) => missing.includes(f)).map((f) => ({ ...MISSING_FACT_TEXT[f] }));
}

/** What a worker supplies to complete a record (API). */
export interface CompletionInput {
  idNumber?: string;
  birthDate?: LocalDate;
  sex?: ChildSex;
  hukouDivisionCode?: string;
}

/** A record's personal fields, opened (in clear: for building the child record only). */
export interface OpenedIncomplete {
  name: string;
  hukouAddress: string;
  residenceAddress: string;
  guardians: { name: string; relation: string; phone: string }[];
}

/**
 * The new child a completed record becomes: the record's facts plus what the worker supplies.
 * Refuses (invalid-argument naming the field and the rule) when a missing fact is still missing;
 * the ID number's own checks run in buildNewChild.
 */
export function completionToNewChild(
  record: IncompleteChildRecord,
  opened: OpenedIncomplete,
  input: CompletionInput,
): Omit<NewChildInput, 'source'> {
  const idNumber = normalizeIdNumber(input.idNumber ?? '');
  const hasId = idNumber !== '';
  if (record.missing.includes('birthDate') && !hasId && input.birthDate === undefined)
    throw invalidArgument(
      'idNumber',
      '身份证号或出生日期',
      '身份证号（idNumber）或出生日期（birthDate）：至少填写一项，才能认定是否为流动儿童',
    );
  const sex = input.sex ?? record.sex;
  if (!hasId && sex === undefined)
    throw invalidArgument('sex', '必填', '性别（sex）：无身份证号时必填，取值 male 或 female');
  const hukouDivisionCode = (
    input.hukouDivisionCode ??
    record.hukouDivisionCode ??
    (hasId ? (countyOf(idNumber.slice(0, 6)) ?? '') : '')
  ).trim();
  if (hukouDivisionCode === '' || scopeOfDivision(hukouDivisionCode) === undefined)
    throw invalidArgument(
      'hukouDivisionCode',
      'GB/T 2260',
      '户籍地行政区划代码（hukouDivisionCode）：必填，须为有效的县级或乡镇级区划代码',
    );
  const birthDate = input.birthDate;
  const movedInOn = birthDate !== undefined && birthDate > record.movedInOn ? birthDate : record.movedInOn;
  return {
    name: opened.name,
    ...(hasId ? { idNumber } : {}),
    ...(birthDate === undefined ? {} : { birthDate }),
    // With an ID number the sex comes from it; a sex given or written on the sheet is checked against it.
    ...(sex === undefined ? {} : { sex }),
    hukouDivisionCode,
    hukouAddress: opened.hukouAddress,
    residence: {
      divisionCode: record.residenceDivisionCode,
      movedInOn,
      address: opened.residenceAddress,
      ...(record.movedOutOn === undefined ? {} : { movedOutOn: record.movedOutOn }),
    },
    accompaniedBy: record.accompaniedBy,
    guardians: opened.guardians,
    guardianPhonesValidated: true,
    difficultyTypes: [...record.difficultyTypes],
    askedForHelp: record.askedForHelp,
    education: { ...record.education },
  };
}

/** The optional fields of a worklist record: absent when unknown, never null. */
const OPTIONAL_FIELDS = ['sex', 'sheetAge', 'hukouDivisionCode', 'movedOutOn', 'ledger'] as const;

/**
 * A worklist record (or a projection of one) as the code reads it: the optional facts absent when
 * unknown. MongoDB writes an undefined property as null, and a null got past every
 * `=== undefined` check of the completion (a null ledger cell was a 500; a null sex would have
 * passed as given, a null sheetAge failed every match). The import writes none now; records stored
 * before are read the same way here, the one place the repository hands records out from.
 */
export function fromStoredIncomplete<T extends Partial<IncompleteChildRecord>>(stored: T): T {
  const record: Record<string, unknown> = { ...stored };
  for (const key of OPTIONAL_FIELDS) if (record[key] === null) delete record[key];
  if ('townshipCode' in record && record.townshipCode === null) record.townshipCode = '';
  if ('guardians' in record)
    record.guardians = ((record.guardians as IncompleteChildRecord['guardians'] | null) ?? []).map((g) => ({
      name: g.name,
      relation: g.relation ?? '',
      phone: g.phone ?? '',
    }));
  if ('education' in record) {
    const e = record.education as Partial<IncompleteChildRecord['education']> | null;
    record.education = { school: e?.school ?? '', grade: e?.grade ?? '' };
  }
  return record as T;
}

/** A ledger rule broken by a stored record's columns, named as the record's field, with what to do. */
function storedLedgerError(error: DomainError): DomainError {
  const field =
    error.field === undefined || error.field.startsWith('ledger.') ? error.field : `ledger.${error.field}`;
  const message = error.message.includes('重新导入')
    ? error.message
    : `${error.message}；请更正台账中该行后重新导入`;
  return invalidArgument(field ?? 'ledger', error.rule ?? '台账规则', message, error.details);
}

/**
 * The ledger columns a completion opens the entry with, checked before anything is written: their
 * shape (ledgerFieldsFromImport: blank cells, whatever way stored, are empty) and the ledger's own
 * rules (normaliseLedgerFields, as the import checks a stored row's). A breach is invalid-argument
 * naming `ledger.<field>` and the rule; the record stays on the worklist for a corrected re-import.
 * Whether the child's facts support the entry is decided after the child is built (key-care).
 */
export function completionLedger(
  record: Pick<IncompleteChildRecord, 'ledger'>,
  today: LocalDate,
): ImportedLedgerFields | undefined {
  if (record.ledger === undefined) return undefined;
  let checked: ReturnType<typeof normaliseLedgerFields>;
  try {
    checked = normaliseLedgerFields(ledgerFieldsFromImport(record.ledger), today);
  } catch (error) {
    if (isDomainError(error)) throw storedLedgerError(error);
    throw error;
  }
  if (!checked.ok) throw storedLedgerError(checked.error);
  return record.ledger;
}
