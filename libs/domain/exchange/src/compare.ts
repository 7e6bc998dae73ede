import { maskAddress, maskName } from '@care/crypto';
import { resolveDivision } from '@care/divisions';
import type { SharedRecord } from './fields';
import {
  EXCHANGE_STATUS_LABELS,
  GUARDIAN_RELATIONS,
  type ExchangeRecord,
  type ExchangeStatus,
  type GuardianRelationCode,
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

function namesDiffer(a: string, b: string): boolean {
  return a !== b && normaliseName(a) !== normaliseName(b);
}

/**
 * The two display values of a field that differs; undefined when the records agree on it or the
 * pushed record does not carry it (the pair's agreement withholds it: never a difference).
 */
function difference(
  field: ComparedField,
  pushed: SharedRecord,
  local: ExchangeRecord,
): readonly [residence: string, hukou: string] | undefined {
  switch (field) {
    case 'name': {
      const v = pushed.name;
      return v === undefined || !namesDiffer(v, local.name) ? undefined : [maskName(v), maskName(local.name)];
    }
    case 'guardianName': {
      const v = pushed.guardianName;
      return v === undefined || !namesDiffer(v, local.guardianName)
        ? undefined
        : [maskName(v), maskName(local.guardianName)];
    }
    case 'birthDate': {
      const v = pushed.birthDate;
      return v === undefined || v === local.birthDate ? undefined : [maskDate(v), maskDate(local.birthDate)];
    }
    case 'sex': {
      const v = pushed.sex;
      return v === undefined || v === local.sex ? undefined : [SEX_SHOWN[v], SEX_SHOWN[local.sex]];
    }
    case 'guardianRelation': {
      const v = pushed.guardianRelation;
      return v === undefined || v === local.guardianRelation
        ? undefined
        : [relationShown(v), relationShown(local.guardianRelation)];
    }
    case 'hukouAddress.divisionCode': {
      const v = pushed.hukouAddress?.divisionCode;
      const w = local.hukouAddress.divisionCode;
      return v === undefined || v === w ? undefined : [v, w];
    }
    case 'hukouAddress.detail': {
      // Only under the same division code: a different code makes the details incomparable.
      const v = pushed.hukouAddress;
      const w = local.hukouAddress;
      if (v === undefined || v.divisionCode !== w.divisionCode || v.detail === w.detail) return undefined;
      return detailBelowDivision(v.divisionCode, v.detail) === detailBelowDivision(w.divisionCode, w.detail)
        ? undefined
        : [maskDetail(v.detail), maskDetail(w.detail)];
    }
    case 'residenceDivisionCode': {
      const v = pushed.residenceDivisionCode;
      return v === undefined || v === local.residenceDivisionCode
        ? undefined
        : [v, local.residenceDivisionCode];
    }
    case 'keyCare': {
      const v = pushed.keyCare;
      return v === undefined || v === local.keyCare ? undefined : [yesNo(v), yesNo(local.keyCare)];
    }
  }
}

function relationShown(code: GuardianRelationCode | ''): string {
  return code === '' ? '' : `${code} ${GUARDIAN_RELATIONS[code]}`;
}

function yesNo(value: boolean): string {
  return value ? '是' : '否';
}

function statusDisplay(status: ExchangeStatus, residence: string): string {
  return `${EXCHANGE_STATUS_LABELS[status]} ${residence}`;
}

/** Where a record has the child: its status and the division it names. */
export type Whereabouts = Pick<ExchangeRecord, 'status' | 'residenceDivisionCode'>;

/** Whether the two records disagree on where the child is (see `status-conflict`). */
export function isStatusConflict(residence: Whereabouts, hukou: Whereabouts): boolean {
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

export interface CompareOptions {
  /**
   * The residence city (`371700` or `3717`). Needed only when the pair's agreement withholds the
   * residence division: the status rule then places the child in the sending city, which is
   * where a residence city's records are (a child who left is pushed with the last place there).
   */
  readonly residenceCityCode?: string;
}

/** The pushed record's whereabouts: its own division, or the residence city when it is withheld. */
function pushedWhereabouts(pushed: SharedRecord, options: CompareOptions): Whereabouts {
  if (pushed.residenceDivisionCode !== undefined)
    return { status: pushed.status, residenceDivisionCode: pushed.residenceDivisionCode };
  const city = options.residenceCityCode;
  if (city === undefined || !/^\d{4}(00)?$/.test(city))
    throw new RangeError(
      'compareRecords: the record withholds residenceDivisionCode; residenceCityCode (4 or 6 digits) is needed',
    );
  return { status: pushed.status, residenceDivisionCode: city.length === 4 ? `${city}00` : city };
}

/**
 * The residence city's pushed record against the hukou city's own record of the same index,
 * field by field. Rules:
 * - no local record: one `missing-here`;
 * - statuses disagree (see `status-conflict`): one `status-conflict`, and the residence
 *   division is then part of that conflict, not a separate `field-differs`;
 * - every other field the pushed record carries: one `field-differs` each; the hukou address by
 *   division code first, its detail only when the codes agree (a different code makes the
 *   details incomparable). A field the pair's agreement withholds is not compared: never a
 *   difference, never named.
 * Equal records give no difference; the result never holds a value in clear.
 */
export function compareRecords(
  pushed: SharedRecord,
  local: ExchangeRecord | undefined,
  options: CompareOptions = {},
): Difference[] {
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
  const where = pushedWhereabouts(pushed, options);
  const conflict = isStatusConflict(where, local);
  if (conflict)
    out.push({
      kind: 'status-conflict',
      ...refs,
      field: 'status',
      residenceValue: statusDisplay(where.status, where.residenceDivisionCode),
      hukouValue: statusDisplay(local.status, local.residenceDivisionCode),
    });
  for (const field of COMPARED_FIELDS) {
    if (field === 'residenceDivisionCode' && (conflict || pushed.status !== 'resident')) continue;
    const values = difference(field, pushed, local);
    if (values !== undefined)
      out.push({
        kind: 'field-differs',
        ...refs,
        field,
        residenceValue: values[0],
        hukouValue: values[1],
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
