import { maskAddress, maskName } from '@care/crypto';
import { resolveDivision } from '@care/divisions';
import {
  EXCHANGE_STATUS_LABELS,
  GUARDIAN_RELATIONS,
  type ExchangeRecord,
  type ExchangeStatus,
} from './record';

/** How a difference shows the sex (GB/T 2261.1 names). */
const SEX_SHOWN: Readonly<Record<ExchangeRecord['sex'], string>> = {
  male: '男',
  female: '女',
  unspecified: '未说明',
};

/**
 * How the two cities' records of a child differ:
 * - `missing-here`: the hukou city has no record of the pushed child's index (户籍地无记录);
 * - `missing-there`: in a batch, the hukou city lists the child as living in the residence
 *   city but the residence city sent none (居住地无记录);
 * - `field-differs`: one field differs after normalisation (字段不一致);
 * - `status-conflict`: the cities disagree on where the child is (状态冲突): both say `resident`
 *   but in different cities; the residence city follows the child while the hukou city has
 *   `ended` its record; or the hukou city says the child lives in the residence city while the
 *   residence city says the child left or is no longer followed there. A child who moved out of
 *   the hukou city and lives in the residence city is no conflict: that is migration.
 */
export const DIFFERENCE_KINDS = [
  'missing-here',
  'missing-there',
  'field-differs',
  'status-conflict',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

export const DIFFERENCE_KIND_LABELS: Readonly<Record<DifferenceKind, string>> = {
  'missing-here': '户籍地无记录',
  'missing-there': '居住地无记录',
  'field-differs': '字段不一致',
  'status-conflict': '状态冲突',
};

/** The compared fields, in the order they are compared and reported. */
export const COMPARED_FIELDS = [
  'name',
  'birthDate',
  'sex',
  'guardianName',
  'guardianRelation',
  'hukouAddress.divisionCode',
  'hukouAddress.detail',
  'residenceDivisionCode',
  'keyCare',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];
export type DifferenceField = ComparedField | 'status';

export const FIELD_LABELS: Readonly<Record<DifferenceField, string>> = {
  name: '姓名',
  birthDate: '出生日期',
  sex: '性别',
  guardianName: '监护人姓名',
  guardianRelation: '与监护人关系',
  'hukouAddress.divisionCode': '户籍地址（区划）',
  'hukouAddress.detail': '户籍地址（详细地址）',
  residenceDivisionCode: '现居住地（区划）',
  keyCare: '重点关爱',
  status: '状态',
};

/**
 * One difference. Values are display forms, already masked (脱敏): a difference can be logged,
 * stored as a task or written to a report without carrying a personal value in clear.
 */
export interface Difference {
  readonly kind: DifferenceKind;
  readonly idNumberIndex: string;
  /** The residence city's child id; absent for `missing-there`. */
  readonly residenceChildRef?: string;
  /** The hukou city's child id; absent for `missing-here`. */
  readonly hukouChildRef?: string;
  /** For `field-differs` and `status-conflict` (then `status`). */
  readonly field?: DifferenceField;
  readonly residenceValue?: string;
  readonly hukouValue?: string;
}

/** Names: compared exactly after NFKC and trimming (full-width letters, U+3000 spaces). */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').trim();
}

/** Address details: NFKC, no whitespace at all (people type spaces in addresses freely). */
export function normaliseDetail(detail: string): string {
  return detail.normalize('NFKC').replace(/\s+/g, '');
}

// The full names of a division and the levels above it (with and without the province),
// longest first, so a detail written from the province or the city down
// ('山东省菏泽市牡丹区东城街道和平路12号', '菏泽市牡丹区…') compares equal to one
// written from the village down ('和平路12号') under the same division code. Bounded by the
// number of divisions, so the cache does not grow with the data.
const prefixCache = new Map<string, readonly string[]>();
function divisionPrefixes(code: string): readonly string[] {
  let prefixes = prefixCache.get(code);
  if (prefixes === undefined) {
    const names = new Set<string>();
    const province = resolveDivision(`${code.slice(0, 2)}0000`)?.fullName.normalize('NFKC') ?? '';
    for (const c of [code, code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
      const full = resolveDivision(c)?.fullName.normalize('NFKC');
      if (full === undefined) continue;
      names.add(full);
      // written without the province: 郑州市中原区…
      if (province !== '' && full.startsWith(province)) names.add(full.slice(province.length));
    }
    prefixes = [...names].filter((n) => n !== '').sort((a, b) => b.length - a.length);
    prefixCache.set(code, prefixes);
  }
  return prefixes;
}

/** The detail without a leading written-out division name of its own division code. */
export function detailBelowDivision(divisionCode: string, detail: string): string {
  const d = normaliseDetail(detail);
  for (const prefix of divisionPrefixes(divisionCode))
    if (d.startsWith(prefix)) return d.slice(prefix.length);
  return d;
}

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/** Whether two division codes lie in the same city (直辖市 count as one city). */
export function sameCity(a: string, b: string): boolean {
  if (a.slice(0, 4) === b.slice(0, 4)) return true;
  if (a.slice(0, 2) !== b.slice(0, 2)) return false;
  if (MUNICIPALITIES.has(a.slice(0, 2))) return true;
  const cityA = resolveDivision(a)?.cityCode;
  return cityA !== undefined && cityA === resolveDivision(b)?.cityCode;
}

/** Whether a division code lies in the city (`371700` or `3717`). */
export function inCity(divisionCode: string, cityCode: string): boolean {
  return sameCity(divisionCode, cityCode.length === 4 ? `${cityCode}00` : cityCode);
}

function maskDate(date: string): string {
  return `${date.slice(0, 4)}-**-**`;
}

function maskDetail(detail: string): string {
  return detail === '' ? '' : maskAddress(detail);
}

function display(field: ComparedField, record: ExchangeRecord): string {
  switch (field) {
    case 'name':
      return maskName(record.name);
    case 'guardianName':
      return maskName(record.guardianName);
    case 'birthDate':
      return maskDate(record.birthDate);
    case 'sex':
      return SEX_SHOWN[record.sex];
    case 'guardianRelation':
      return record.guardianRelation === ''
        ? ''
        : `${record.guardianRelation} ${GUARDIAN_RELATIONS[record.guardianRelation]}`;
    case 'hukouAddress.divisionCode':
      return record.hukouAddress.divisionCode;
    case 'hukouAddress.detail':
      return maskDetail(record.hukouAddress.detail);
    case 'residenceDivisionCode':
      return record.residenceDivisionCode;
    case 'keyCare':
      return record.keyCare ? '是' : '否';
  }
}

function differs(field: ComparedField, a: ExchangeRecord, b: ExchangeRecord): boolean {
  switch (field) {
    case 'name':
      return a.name !== b.name && normaliseName(a.name) !== normaliseName(b.name);
    case 'guardianName':
      return (
        a.guardianName !== b.guardianName && normaliseName(a.guardianName) !== normaliseName(b.guardianName)
      );
    case 'birthDate':
      return a.birthDate !== b.birthDate;
    case 'sex':
      return a.sex !== b.sex;
    case 'guardianRelation':
      return a.guardianRelation !== b.guardianRelation;
    case 'hukouAddress.divisionCode':
      return a.hukouAddress.divisionCode !== b.hukouAddress.divisionCode;
    case 'hukouAddress.detail': {
      const [x, y] = [a.hukouAddress.detail, b.hukouAddress.detail];
      if (x === y) return false;
      const code = a.hukouAddress.divisionCode;
      return detailBelowDivision(code, x) !== detailBelowDivision(code, y);
    }
    case 'residenceDivisionCode':
      return a.residenceDivisionCode !== b.residenceDivisionCode;
    case 'keyCare':
      return a.keyCare !== b.keyCare;
  }
}

function statusDisplay(status: ExchangeStatus, residence: string): string {
  return `${EXCHANGE_STATUS_LABELS[status]} ${residence}`;
}

/** Whether the two records disagree on where the child is (see `status-conflict`). */
export function isStatusConflict(residence: ExchangeRecord, hukou: ExchangeRecord): boolean {
  if (residence.status === 'resident') {
    if (hukou.status === 'resident')
      return !sameCity(residence.residenceDivisionCode, hukou.residenceDivisionCode);
    return hukou.status === 'ended';
  }
  // Moved out of, or no longer followed in, the residence city: a conflict only when the hukou
  // city still has the child living there.
  return (
    hukou.status === 'resident' && sameCity(residence.residenceDivisionCode, hukou.residenceDivisionCode)
  );
}

/**
 * The residence city's pushed record against the hukou city's own record of the same index,
 * field by field. Rules:
 * - no local record: one `missing-here`;
 * - statuses disagree (see `status-conflict`): one `status-conflict`, and the residence
 *   division is then part of that conflict, not a separate `field-differs`;
 * - every other field: one `field-differs` each; the hukou address by division code first,
 *   its detail only when the codes agree (a different code makes the details incomparable).
 * Equal records give no difference; the result never holds a value in clear.
 */
export function compareRecords(pushed: ExchangeRecord, local: ExchangeRecord | undefined): Difference[] {
  if (local === undefined)
    return [
      { kind: 'missing-here', idNumberIndex: pushed.idNumberIndex, residenceChildRef: pushed.childRef },
    ];
  if (pushed.idNumberIndex !== local.idNumberIndex)
    throw new RangeError('compareRecords: the two records have different idNumberIndex');
  const refs = {
    idNumberIndex: pushed.idNumberIndex,
    residenceChildRef: pushed.childRef,
    hukouChildRef: local.childRef,
  };
  const out: Difference[] = [];
  const conflict = isStatusConflict(pushed, local);
  if (conflict)
    out.push({
      kind: 'status-conflict',
      ...refs,
      field: 'status',
      residenceValue: statusDisplay(pushed.status, pushed.residenceDivisionCode),
      hukouValue: statusDisplay(local.status, local.residenceDivisionCode),
    });
  for (const field of COMPARED_FIELDS) {
    if (field === 'residenceDivisionCode' && (conflict || pushed.status !== 'resident')) continue;
    if (
      field === 'hukouAddress.detail' &&
      pushed.hukouAddress.divisionCode !== local.hukouAddress.divisionCode
    )
      continue;
    if (differs(field, pushed, local))
      out.push({
        kind: 'field-differs',
        ...refs,
        field,
        residenceValue: display(field, pushed),
        hukouValue: display(field, local),
      });
  }
  return out;
}

/**
 * In a batch, a hukou record with no residence record: a difference only when the hukou city
 * says the child lives in the residence city (`missing-there`); otherwise none.
 */
export function unmatchedHukouRecord(
  local: ExchangeRecord,
  residenceCityCode: string,
): Difference | undefined {
  if (local.status !== 'resident' || !inCity(local.residenceDivisionCode, residenceCityCode))
    return undefined;
  return {
    kind: 'missing-there',
    idNumberIndex: local.idNumberIndex,
    hukouChildRef: local.childRef,
    hukouValue: statusDisplay(local.status, local.residenceDivisionCode),
  };
}
