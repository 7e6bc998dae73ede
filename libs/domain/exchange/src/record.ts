import { isLocalDate } from '@care/child-rules';
import { blindIndexVersion } from '@care/crypto';
import { countyOf } from '@care/divisions';
import {
  ALL_FIELDS,
  fullRecordOf,
  isCoreField,
  isSelectableField,
  type CoreField,
  type FieldSelection,
  type SelectableField,
  type SharedRecord,
} from './fields';

/**
 * The residence city's view of where the child is, in both cities' records alike:
 * - `resident`: lives at `residenceDivisionCode` now (居住);
 * - `moved-out`: has left `residenceDivisionCode`, whereabouts not known here (迁出);
 * - `ended`: no longer followed (turned 16, died, record closed; 终止).
 */
export const EXCHANGE_STATUSES = ['resident', 'moved-out', 'ended'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];

export const EXCHANGE_STATUS_LABELS: Readonly<Record<ExchangeStatus, string>> = {
  resident: '居住',
  'moved-out': '迁出',
  ended: '终止',
};

/**
 * The guardian as the child's relative, GB/T 4761-2008 家庭关系代码 (the codes a guardian can
 * hold). The registry keeps the relation as typed text: `guardianRelationCode` maps it.
 */
export const GUARDIAN_RELATIONS = {
  '51': '父亲',
  '52': '母亲',
  '57': '继父或养父',
  '58': '继母或养母',
  '61': '祖父',
  '62': '祖母',
  '63': '外祖父',
  '64': '外祖母',
  '71': '兄',
  '75': '姐姐',
  '81': '伯父',
  '82': '伯母',
  '83': '叔父',
  '84': '婶母',
  '85': '舅父',
  '86': '舅母',
  '87': '姨父',
  '88': '姨母',
  '89': '姑父',
  '90': '姑母',
  '97': '其他亲属',
  '99': '非亲属',
} as const;
export type GuardianRelationCode = keyof typeof GUARDIAN_RELATIONS;

const RELATION_BY_TEXT = new Map<string, GuardianRelationCode>([
  ...Object.entries(GUARDIAN_RELATIONS).map(([code, text]) => [text, code as GuardianRelationCode] as const),
  ['爸爸', '51'],
  ['妈妈', '52'],
  ['继父', '57'],
  ['养父', '57'],
  ['继母', '58'],
  ['养母', '58'],
  ['爷爷', '61'],
  ['奶奶', '62'],
  ['外公', '63'],
  ['姥爷', '63'],
  ['外婆', '64'],
  ['姥姥', '64'],
  ['哥哥', '71'],
]);

/** The code of a relation typed as text (父亲 -> 51); undefined when it names no code. */
export function guardianRelationCode(text: string): GuardianRelationCode | undefined {
  return RELATION_BY_TEXT.get(text.normalize('NFKC').replace(/\s/g, ''));
}

export function isGuardianRelationCode(value: unknown): value is GuardianRelationCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(GUARDIAN_RELATIONS, value);
}

/** The record's sex values (GB/T 2261.1 1 男, 2 女, 9 未说明的性别). */
export const EXCHANGE_SEXES = ['male', 'female', 'unspecified'] as const;
export type ExchangeSex = (typeof EXCHANGE_SEXES)[number];

/**
 * What a hukou city needs about a child and no more (purpose limitation): no ID number (only
 * its blind index under the pair's shared key), no phone, no school, no difficulty types. A city's
 * own full record of a child; what goes to a partner is narrowed further by the pair's agreement
 * (`SharedRecord`, `selectFields`).
 */
export interface ExchangeRecord {
  /** The sending city's own child id (居住地儿童编号 when the residence city sends it). */
  readonly childRef: string;
  /** `bi<v>:<hex>`: HMAC-SM3 of the normalised ID number under the key the two cities share. */
  readonly idNumberIndex: string;
  readonly name: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  /** GB/T 2261.1: 男, 女, or 未说明 when the registry does not record it (never guessed). */
  readonly sex: ExchangeSex;
  /** Empty when the child has no known guardian (then guardianRelation is empty too). */
  readonly guardianName: string;
  readonly guardianRelation: GuardianRelationCode | '';
  /** 户籍地址: the division code (6 or 9 digits) and the rest of the address. */
  readonly hukouAddress: { readonly divisionCode: string; readonly detail: string };
  /** 现居住地 (6 or 9 digits); the last one known when the status is not `resident`. */
  readonly residenceDivisionCode: string;
  readonly status: ExchangeStatus;
  /** 重点关爱服务对象. */
  readonly keyCare: boolean;
  /** ISO 8601 instant with its offset. */
  readonly updatedAt: string;
}

/** One broken rule of a received record; `message` is Chinese, names the field and never echoes a value. */
export interface ExchangeRecordIssue {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export class ExchangeRecordError extends Error {
  constructor(readonly issues: readonly ExchangeRecordIssue[]) {
    super(`交换记录不合格：${issues.map((i) => i.message).join('；')}`);
    this.name = 'ExchangeRecordError';
  }
}

const ADDRESS_FIELDS = ['divisionCode', 'detail'];
const MAX_NAME = 30;
const MAX_DETAIL = 200;
const CHILD_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const DIVISION = /^\d{6}(\d{3})?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A record received from a partner, checked field by field before anything is compared or
 * stored: every broken rule is reported at once (`ExchangeRecordError.issues`), each naming its
 * field. Purpose limitation: the receiver must not keep what it was not meant to get, so a field
 * outside the exchanged set, or a selectable field the pair's agreement (`fields`) does not
 * include, is refused rather than ignored; a field the agreement includes must be there. Returns
 * the record with its text fields NFKC-normalised and trimmed, carrying exactly the agreed fields.
 */
export function parseSharedRecord(
  input: unknown,
  options: { readonly fields: FieldSelection; readonly today?: string },
): SharedRecord {
  const { fields } = options;
  const issues: ExchangeRecordIssue[] = [];
  const issue = (field: string, rule: string, message: string) =>
    issues.push({ field, rule, message: `${field}：${message}` });
  if (!isRecord(input))
    throw new ExchangeRecordError([{ field: '(record)', rule: '对象', message: '记录必须是对象' }]);

  for (const key of Object.keys(input))
    if (isSelectableField(key)) {
      if (!fields.has(key)) issue(key, '约定字段', '不在本城市对约定的交换字段之内，不得发送');
    } else if (!isCoreField(key)) issue(key, '约定字段', '不属于约定的交换字段，不得发送');

  /** Whether to check the field: it is expected (core or agreed) and there; an expected one absent is an issue. */
  const has = (field: CoreField | SelectableField): boolean => {
    if (!isCoreField(field) && !fields.has(field)) return false;
    if (input[field] !== undefined) return true;
    issue(field, '必填', '约定交换的字段，不得缺少');
    return false;
  };
  const text = (field: string, value: unknown, min: number, max: number): string => {
    if (typeof value !== 'string') {
      issue(field, '文本', '必须是文本');
      return '';
    }
    const v = value.normalize('NFKC').trim();
    if (CONTROL.test(v)) issue(field, '字符', '不得包含控制字符');
    else if (Array.from(v).length < min) issue(field, '必填', '必填');
    else if (Array.from(v).length > max) issue(field, '长度', `不得超过${max}个字符`);
    return v;
  };
  const division = (field: string, value: unknown): string => {
    if (typeof value !== 'string' || !DIVISION.test(value))
      issue(field, '区划代码', '必须是6位（县级）或9位（乡镇/街道）行政区划代码');
    else if (countyOf(value) === undefined) issue(field, '区划代码', '不是已知的行政区划代码（GB/T 2260）');
    return typeof value === 'string' ? value : '';
  };
  const out: { -readonly [K in keyof SharedRecord]: SharedRecord[K] } = {
    childRef: '',
    idNumberIndex: '',
    status: 'resident',
    updatedAt: '',
  };

  const childRef = input['childRef'];
  if (has('childRef'))
    if (typeof childRef !== 'string' || !CHILD_REF.test(childRef))
      issue('childRef', '编号', '必须是1至64位字母、数字或 . _ : -');
    else out.childRef = childRef;
  const idNumberIndex = input['idNumberIndex'];
  if (has('idNumberIndex'))
    if (typeof idNumberIndex !== 'string' || blindIndexVersion(idNumberIndex) === undefined)
      issue('idNumberIndex', '盲索引', '必须是盲索引 bi<版本>:<64位十六进制>');
    else out.idNumberIndex = idNumberIndex;
  if (has('name')) out.name = text('name', input['name'], 1, MAX_NAME);
  const birthDate = input['birthDate'];
  if (has('birthDate'))
    if (typeof birthDate !== 'string' || !isLocalDate(birthDate))
      issue('birthDate', '日期', '必须是有效日期 YYYY-MM-DD');
    else if (options.today !== undefined && birthDate > options.today)
      issue('birthDate', '日期', '不得晚于今天');
    else out.birthDate = birthDate;
  const sex = input['sex'];
  if (has('sex'))
    if (!isExchangeSex(sex)) issue('sex', '取值', '必须是 male、female 或 unspecified');
    else out.sex = sex;
  if (has('guardianName')) out.guardianName = text('guardianName', input['guardianName'], 0, MAX_NAME);
  const guardianRelation = input['guardianRelation'];
  if (has('guardianRelation'))
    if (guardianRelation !== '' && !isGuardianRelationCode(guardianRelation))
      issue('guardianRelation', '代码', '必须是家庭关系代码（GB/T 4761）或空');
    else {
      // Only when both are shared can the pair be checked (a relation alone is agreed too).
      if (out.guardianName !== undefined && (guardianRelation === '') !== (out.guardianName === ''))
        issue('guardianRelation', '成对', '监护人姓名与关系须同时填写或同时为空');
      out.guardianRelation = guardianRelation;
    }

  const address = input['hukouAddress'];
  if (has('hukouAddress'))
    if (!isRecord(address)) issue('hukouAddress', '对象', '必须是 { divisionCode, detail }');
    else {
      for (const key of Object.keys(address))
        if (!ADDRESS_FIELDS.includes(key))
          issue(`hukouAddress.${key}`, '约定字段', '不属于约定的交换字段，不得发送');
      out.hukouAddress = {
        divisionCode: division('hukouAddress.divisionCode', address['divisionCode']),
        detail: text('hukouAddress.detail', address['detail'], 0, MAX_DETAIL),
      };
    }
  if (has('residenceDivisionCode'))
    out.residenceDivisionCode = division('residenceDivisionCode', input['residenceDivisionCode']);
  const status = input['status'];
  if (has('status'))
    if (!isExchangeStatus(status)) issue('status', '取值', `必须是 ${EXCHANGE_STATUSES.join('、')} 之一`);
    else out.status = status;
  const keyCare = input['keyCare'];
  if (has('keyCare'))
    if (typeof keyCare !== 'boolean') issue('keyCare', '布尔', '必须是 true 或 false');
    else out.keyCare = keyCare;
  const updatedAt = input['updatedAt'];
  if (has('updatedAt'))
    if (
      typeof updatedAt !== 'string' ||
      !INSTANT.test(updatedAt) ||
      !isLocalDate(updatedAt.slice(0, 10)) ||
      Number.isNaN(Date.parse(updatedAt))
    )
      issue('updatedAt', '时间', '必须是带时区的 ISO 8601 时间');
    else out.updatedAt = updatedAt;

  if (issues.length > 0) throw new ExchangeRecordError(issues);
  return out;
}

/** A full record (every field, as between two cities that share all of them): `parseSharedRecord` with every field agreed. */
export function parseExchangeRecord(input: unknown, options: { today?: string } = {}): ExchangeRecord {
  const full = fullRecordOf(parseSharedRecord(input, { fields: ALL_FIELDS, today: options.today }));
  // parseSharedRecord refuses a record missing an agreed field, and every field is agreed here.
  if (full === undefined) throw new Error('parseExchangeRecord: a parsed record lacks a field');
  return full;
}

export function isExchangeSex(value: unknown): value is ExchangeSex {
  return (EXCHANGE_SEXES as readonly unknown[]).includes(value);
}

export function isExchangeStatus(value: unknown): value is ExchangeStatus {
  return (EXCHANGE_STATUSES as readonly unknown[]).includes(value);
}
