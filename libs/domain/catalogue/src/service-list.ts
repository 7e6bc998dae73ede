import { isLocalDate, type LocalDate } from '@care/child-rules';
import { parseTargetRule, type RuleProblem, type TargetRule } from './target-rule';
import {
  DEPARTMENTS,
  isDepartmentId,
  isServiceArea,
  SERVICE_AREAS,
  type DepartmentId,
  type ServiceArea,
} from './vocabulary';

/** Fields of an item an editor sees; corrections name one of them. */
export const ITEM_TEXT_FIELDS = ['targetGroup', 'name', 'content'] as const;
export type CorrectableField = 'code' | 'area' | 'targetGroup' | 'name' | 'content' | 'departments';
const CORRECTABLE_FIELDS: readonly CorrectableField[] = [
  'code',
  'area',
  'targetGroup',
  'name',
  'content',
  'departments',
];

/**
 * Where the item departs from what the seed's extracted table shows at its position (the table
 * lost its cell alignment), so an editor can see the reading taken and revise it.
 */
export interface SeedCorrection {
  readonly field: CorrectableField;
  /** What the extracted table shows in this item's cell ('' when the cell is empty or absent). */
  readonly seedCell: string;
  /** The reading taken, and why. */
  readonly note: string;
}

/** One row of a service list (服务清单). Text fields are the list's own words, verbatim. */
export interface ServiceItem {
  /** Stable across versions: HZ-01..HZ-21 for the city list, `<county code>-NN` for a county's additions. */
  readonly code: string;
  readonly area: ServiceArea; // 服务领域
  readonly targetGroup: string; // 服务对象
  readonly name: string; // 服务项目
  readonly content: string; // 服务内容
  readonly departments: readonly DepartmentId[]; // 责任部门
  /** The target group as a machine-checkable rule over a child's facts. */
  readonly eligibility: TargetRule;
  /** In the national basic list (民发〔2024〕35号, 19 items): a city list may not drop it. */
  readonly nationalBasic: boolean;
  readonly corrections: readonly SeedCorrection[];
}

export type ListLevel = 'city' | 'county';
export type ListStatus = 'draft' | 'published';

export interface ListRef {
  readonly divisionCode: string;
  readonly version: number;
}

/** A version of a city's or a county's service list. Published versions never change. */
export interface ServiceList {
  /** GB/T 2260: the city's code (371700) for the city's basic list, else the county's. */
  readonly divisionCode: string;
  readonly level: ListLevel;
  readonly version: number;
  readonly status: ListStatus;
  readonly title: string; // 清单名称
  /** The day the version takes effect (set on publish). */
  readonly effectiveFrom: LocalDate | null;
  /** RFC 3339 instant of publication. */
  readonly publishedAt: string | null;
  /** For a county: the city list version it was derived from. */
  readonly basedOn: ListRef | null;
  readonly items: readonly ServiceItem[];
}

/** A service item's code: the city's (`HZ-03`) or a county's own (`371702-01`). */
export const ITEM_CODE_PATTERN = /^[A-Z0-9]{2,8}(?:-[A-Z0-9]{1,8}){1,2}$/;
const ITEM_CODE = ITEM_CODE_PATTERN;
const DIVISION_CODE = /^[1-9][0-9]{5}$/;
export const MAX_TEXT_LENGTH = 2000;

export function isDivisionCode(value: unknown): value is string {
  return typeof value === 'string' && DIVISION_CODE.test(value);
}

export function isItemCode(value: unknown): value is string {
  return typeof value === 'string' && ITEM_CODE.test(value);
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

function text(
  record: Record<string, unknown>,
  key: string,
  at: string,
  label: string,
  problems: RuleProblem[],
): string {
  const value = record[key];
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ path: `${at}.${key}`, message: `${at}.${key}（${label}）：必填，须为非空文字` });
    return '';
  }
  if (value.length > MAX_TEXT_LENGTH) {
    problems.push({
      path: `${at}.${key}`,
      message: `${at}.${key}（${label}）：不能超过${MAX_TEXT_LENGTH}个字符`,
    });
  }
  return value.trim();
}

/** Validates a department list: non-empty, known ids, no repeats (order kept: it is the list's order). */
export function parseDepartments(value: unknown, at: string, problems: RuleProblem[]): DepartmentId[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push({ path: at, message: `${at}（责任部门）：至少一个责任部门` });
    return [];
  }
  const unknown = value.filter((d) => !isDepartmentId(d));
  if (unknown.length > 0) {
    problems.push({
      path: at,
      message: `${at}（责任部门）：未知的部门 ${unknown.map(String).join('、')}（可选：${Object.keys(DEPARTMENTS).join('、')}）`,
    });
    return [];
  }
  const ids = value as DepartmentId[];
  if (new Set(ids).size !== ids.length) {
    problems.push({ path: at, message: `${at}（责任部门）：部门不能重复` });
    return [];
  }
  return ids;
}

/** Reads one item from untrusted data (seed file, editor request, stored document). */
export function parseServiceItem(value: unknown, at = 'item'): ParseResult<ServiceItem> {
  const problems: RuleProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: [{ path: at, message: `${at}：须为服务项目对象` }] };
  }
  const record = value as Record<string, unknown>;
  if (!isItemCode(record.code))
    problems.push({ path: `${at}.code`, message: `${at}.code（项目编码）：格式须如 HZ-01 或 371702-01` });
  if (!isServiceArea(record.area))
    problems.push({
      path: `${at}.area`,
      message: `${at}.area（服务领域）：须为 ${SERVICE_AREAS.join('、')} 之一`,
    });
  const targetGroup = text(record, 'targetGroup', at, '服务对象', problems);
  const name = text(record, 'name', at, '服务项目', problems);
  const content = text(record, 'content', at, '服务内容', problems);
  const departments = parseDepartments(record.departments, `${at}.departments`, problems);
  const eligibility = parseTargetRule(record.eligibility, `${at}.eligibility`);
  if (!eligibility.ok) problems.push(...eligibility.problems);
  if (record.nationalBasic !== undefined && typeof record.nationalBasic !== 'boolean') {
    problems.push({
      path: `${at}.nationalBasic`,
      message: `${at}.nationalBasic（国家基础清单项目）：须为 true 或 false`,
    });
  }
  const corrections = parseCorrections(record.corrections, `${at}.corrections`, problems);
  if (problems.length > 0 || !eligibility.ok) return { ok: false, problems };
  return {
    ok: true,
    value: {
      code: record.code as string,
      area: record.area as ServiceArea,
      targetGroup,
      name,
      content,
      departments,
      eligibility: eligibility.rule,
      nationalBasic: record.nationalBasic === true,
      corrections,
    },
  };
}

function parseCorrections(value: unknown, at: string, problems: RuleProblem[]): SeedCorrection[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ path: at, message: `${at}（校正说明）：须为数组` });
    return [];
  }
  const out: SeedCorrection[] = [];
  value.forEach((entry, i) => {
    const e = entry as Record<string, unknown> | null;
    if (
      typeof e !== 'object' ||
      e === null ||
      !CORRECTABLE_FIELDS.includes(e.field as CorrectableField) ||
      typeof e.seedCell !== 'string' ||
      typeof e.note !== 'string' ||
      e.note.trim() === ''
    ) {
      problems.push({
        path: `${at}[${i}]`,
        message: `${at}[${i}]（校正说明）：须含 field（${CORRECTABLE_FIELDS.join('、')}）、seedCell 与 note`,
      });
      return;
    }
    out.push({ field: e.field as CorrectableField, seedCell: e.seedCell, note: e.note });
  });
  return out;
}

/** Reads a whole list from untrusted data, checking item codes are unique. */
export function parseServiceList(value: unknown, at = 'list'): ParseResult<ServiceList> {
  const problems: RuleProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: [{ path: at, message: `${at}：须为服务清单对象` }] };
  }
  const r = value as Record<string, unknown>;
  if (!isDivisionCode(r.divisionCode))
    problems.push({ path: `${at}.divisionCode`, message: `${at}.divisionCode（行政区划代码）：须为6位数字` });
  if (r.level !== 'city' && r.level !== 'county')
    problems.push({ path: `${at}.level`, message: `${at}.level：须为 city 或 county` });
  if (typeof r.version !== 'number' || !Number.isInteger(r.version) || r.version < 1) {
    problems.push({ path: `${at}.version`, message: `${at}.version（版本号）：须为正整数` });
  }
  if (r.status !== 'draft' && r.status !== 'published')
    problems.push({ path: `${at}.status`, message: `${at}.status：须为 draft 或 published` });
  const title = text(r, 'title', at, '清单名称', problems);
  const effectiveFrom = r.effectiveFrom ?? null;
  if (effectiveFrom !== null && (typeof effectiveFrom !== 'string' || !isLocalDate(effectiveFrom))) {
    problems.push({
      path: `${at}.effectiveFrom`,
      message: `${at}.effectiveFrom（生效日期）：须为 YYYY-MM-DD 日期`,
    });
  }
  if (r.status === 'published' && effectiveFrom === null) {
    problems.push({
      path: `${at}.effectiveFrom`,
      message: `${at}.effectiveFrom（生效日期）：已发布的清单须有生效日期`,
    });
  }
  const publishedAt = r.publishedAt ?? null;
  if (publishedAt !== null && typeof publishedAt !== 'string')
    problems.push({ path: `${at}.publishedAt`, message: `${at}.publishedAt：须为时间文字` });
  const basedOn = r.basedOn ?? null;
  if (basedOn !== null) {
    const b = basedOn as Record<string, unknown>;
    if (typeof b !== 'object' || !isDivisionCode(b.divisionCode) || typeof b.version !== 'number') {
      problems.push({ path: `${at}.basedOn`, message: `${at}.basedOn：须含 divisionCode 与 version` });
    }
  }
  const items: ServiceItem[] = [];
  if (!Array.isArray(r.items)) {
    problems.push({ path: `${at}.items`, message: `${at}.items（服务项目）：须为数组` });
  } else {
    r.items.forEach((raw, i) => {
      const parsed = parseServiceItem(raw, `${at}.items[${i}]`);
      if (parsed.ok) items.push(parsed.value);
      else problems.push(...parsed.problems);
    });
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.code))
        problems.push({ path: `${at}.items`, message: `${at}.items：项目编码 ${item.code} 重复` });
      seen.add(item.code);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      divisionCode: r.divisionCode as string,
      level: r.level as ListLevel,
      version: r.version as number,
      status: r.status as ListStatus,
      title,
      effectiveFrom: effectiveFrom as LocalDate | null,
      publishedAt: publishedAt as string | null,
      basedOn:
        basedOn === null
          ? null
          : { divisionCode: (basedOn as ListRef).divisionCode, version: (basedOn as ListRef).version },
      items,
    },
  };
}

export function findItem(list: Pick<ServiceList, 'items'>, code: string): ServiceItem | undefined {
  return list.items.find((item) => item.code === code);
}

/** `HZ-07「医疗保障服务」`: how messages name an item. */
export function itemLabel(item: Pick<ServiceItem, 'code' | 'name'>): string {
  return `${item.code}「${item.name}」`;
}

export function departmentNamesZh(departments: readonly DepartmentId[]): string {
  return departments.map((d) => DEPARTMENTS[d].nameZh).join('、');
}
