import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import { DomainError, failedPrecondition, invalidArgument, notFound } from '@care/errors';
import { ruleExtends } from './target-rule';
import {
  departmentNamesZh,
  findItem,
  itemLabel,
  parseServiceItem,
  type ServiceItem,
  type ServiceList,
} from './service-list';
import type { DepartmentId } from './vocabulary';

/**
 * The lifecycle of a service list version: derive a draft, edit it, publish it with an
 * effective date. A list is never allowed below its basis: a county list's basis is the city's
 * current basic list (every item), the city list's basis is the national basic items of its
 * previous version. All functions are pure: they return a new list or throw a DomainError
 * whose Chinese message names the item and the rule.
 */

export type ViolationRule =
  'basic-item-missing' | 'eligibility-narrowed' | 'department-dropped' | 'area-changed';

export interface ListViolation {
  readonly itemCode: string;
  readonly itemName: string;
  readonly rule: ViolationRule;
  /** Chinese, naming the item and the rule. */
  readonly message: string;
}

/** What a list may not fall below, and what to call it in messages. */
export interface ListBasis {
  readonly items: readonly ServiceItem[];
  /** `基础清单` for a county list, `国家基础清单` for the city list. */
  readonly label: string;
}

export function countyBasis(cityList: ServiceList): ListBasis {
  return { items: cityList.items, label: '基础清单' };
}

export function cityBasis(previousCityList: ServiceList): ListBasis {
  return { items: previousCityList.items.filter((item) => item.nationalBasic), label: '国家基础清单' };
}

/** How one item compares with its basis item; empty when it keeps or raises it. */
export function itemViolations(
  item: ServiceItem,
  basisItem: ServiceItem,
  basisLabel: string,
): ListViolation[] {
  const out: ListViolation[] = [];
  const label = itemLabel(basisItem);
  const v = (rule: ViolationRule, message: string): void => {
    out.push({ itemCode: basisItem.code, itemName: basisItem.name, rule, message });
  };
  if (!ruleExtends(item.eligibility, basisItem.eligibility)) {
    v(
      'eligibility-narrowed',
      `${basisLabel}项目${label}的服务对象规则不得缩小：须与${basisLabel}相同，或用"或"(any)在${basisLabel}规则之外扩展`,
    );
  }
  const dropped = basisItem.departments.filter((d) => !item.departments.includes(d));
  if (dropped.length > 0) {
    v(
      'department-dropped',
      `${basisLabel}项目${label}不得移除${basisLabel}的责任部门：${departmentNamesZh(dropped)}`,
    );
  }
  if (item.area !== basisItem.area) {
    v('area-changed', `${basisLabel}项目${label}的服务领域须与${basisLabel}一致（${basisItem.area}）`);
  }
  return out;
}

/** Every way the list falls below its basis (a missing item, a narrowed one), in basis order. */
export function basisViolations(list: Pick<ServiceList, 'items'>, basis: ListBasis): ListViolation[] {
  const out: ListViolation[] = [];
  for (const basisItem of basis.items) {
    const item = findItem(list, basisItem.code);
    if (item === undefined) {
      out.push({
        itemCode: basisItem.code,
        itemName: basisItem.name,
        rule: 'basic-item-missing',
        message: `缺少${basis.label}项目${itemLabel(basisItem)}：${basis.label}项目不得删减`,
      });
    } else {
      out.push(...itemViolations(item, basisItem, basis.label));
    }
  }
  return out;
}

/** One DomainError carrying every violation: the message lists them all, details name the items. */
export function violationError(violations: readonly ListViolation[]): DomainError {
  const codes = [...new Set(violations.map((v) => v.itemCode))];
  return failedPrecondition(
    `服务清单低于基础清单，不能保存或发布：${violations.map((v) => v.message).join('；')}`,
    {
      field: 'items',
      rule: '不得低于基础清单',
      details: {
        items: codes.join(','),
        violations: violations.length,
        rules: [...new Set(violations.map((v) => v.rule))].join(','),
      },
    },
  );
}

function assertDraft(list: ServiceList): void {
  if (list.status !== 'draft') {
    throw failedPrecondition(`服务清单第${list.version}版已发布，不可修改：请新建草稿`, {
      field: 'status',
      rule: '仅草稿可编辑',
    });
  }
}

export interface DeriveDraftInput {
  readonly divisionCode: string;
  readonly version: number;
  /** The city's current basic list: its items are copied, and the draft records the version. */
  readonly cityList: ServiceList;
  /** The county's latest list version, if any: its edits and additions carry over. */
  readonly previous?: ServiceList;
  readonly title?: string;
}

/**
 * A new county draft: the previous county version's items (keeping the county's raises and
 * additions), plus any city item the previous version lacks (the city list may have grown).
 */
export function deriveCountyDraft(input: DeriveDraftInput): ServiceList {
  const { cityList, previous } = input;
  const carried = previous?.items ?? [];
  const missing = cityList.items.filter((item) => findItem({ items: carried }, item.code) === undefined);
  return {
    divisionCode: input.divisionCode,
    level: 'county',
    version: input.version,
    status: 'draft',
    title: input.title ?? previous?.title ?? cityList.title,
    effectiveFrom: null,
    publishedAt: null,
    basedOn: { divisionCode: cityList.divisionCode, version: cityList.version },
    items: [...carried, ...missing],
  };
}

/** A new city draft from the city's previous version (the city edits its own basic list). */
export function deriveCityDraft(previous: ServiceList, version: number): ServiceList {
  return { ...previous, version, status: 'draft', effectiveFrom: null, publishedAt: null, basedOn: null };
}

/** The fields an editor may change on an item (code is its identity; corrections are provenance). */
export interface ItemPatch {
  readonly area?: ServiceItem['area'];
  readonly targetGroup?: string;
  readonly name?: string;
  readonly content?: string;
  readonly departments?: readonly DepartmentId[];
  readonly eligibility?: ServiceItem['eligibility'];
  readonly nationalBasic?: boolean;
}

/**
 * Changes one item of a draft. A basis item may be raised (content rewritten, target group
 * extended with `any`, departments added) but never narrowed: that is refused at once,
 * naming the item, rather than at publish time.
 */
export function editItem(draft: ServiceList, code: string, patch: ItemPatch, basis: ListBasis): ServiceList {
  assertDraft(draft);
  const current = findItem(draft, code);
  if (current === undefined) throw notFound('服务项目', code);
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const parsed = parseServiceItem({ ...current, ...changes, code }, `items[${code}]`);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    throw invalidArgument(first.path, '服务项目格式', parsed.problems.map((p) => p.message).join('；'));
  }
  const basisItem = basis.items.find((item) => item.code === code);
  if (basisItem !== undefined) {
    const violations = itemViolations(parsed.value, basisItem, basis.label);
    if (violations.length > 0) throw violationError(violations);
  }
  return { ...draft, items: draft.items.map((item) => (item.code === code ? parsed.value : item)) };
}

export type NewItem = Omit<ServiceItem, 'code' | 'corrections' | 'nationalBasic'> & {
  readonly nationalBasic?: boolean;
};

/** Adds a local item (a county's own service) under a code the caller allocated (see nextAdditionCode). */
export function addItem(draft: ServiceList, code: string, item: NewItem): ServiceList {
  assertDraft(draft);
  if (findItem(draft, code) !== undefined) throw invalidArgument('code', '唯一', `项目编码 ${code} 已存在`);
  const parsed = parseServiceItem(
    { ...item, code, nationalBasic: item.nationalBasic ?? false, corrections: [] },
    'item',
  );
  if (!parsed.ok) {
    throw invalidArgument(
      parsed.problems[0].path,
      '服务项目格式',
      parsed.problems.map((p) => p.message).join('；'),
    );
  }
  return { ...draft, items: [...draft.items, parsed.value] };
}

/** Removes a local item; a basis item cannot be removed. */
export function removeItem(draft: ServiceList, code: string, basis: ListBasis): ServiceList {
  assertDraft(draft);
  const current = findItem(draft, code);
  if (current === undefined) throw notFound('服务项目', code);
  const basisItem = basis.items.find((item) => item.code === code);
  if (basisItem !== undefined) {
    throw failedPrecondition(`${itemLabel(basisItem)}是${basis.label}项目，不得删减`, {
      field: 'items',
      rule: '不得低于基础清单',
      details: { items: code },
    });
  }
  return { ...draft, items: draft.items.filter((item) => item.code !== code) };
}

/**
 * The code for a county's next own item: `<county code>-NN`, one past the highest ever used
 * in that county (all versions), so a withdrawn item's code is never given to another service.
 */
export function nextAdditionCode(divisionCode: string, usedCodes: Iterable<string>): string {
  const prefix = `${divisionCode}-`;
  let max = 0;
  for (const code of usedCodes) {
    if (code.startsWith(prefix)) {
      const n = Number(code.slice(prefix.length));
      if (Number.isInteger(n) && n > max) max = n;
    }
  }
  return `${prefix}${String(max + 1).padStart(2, '0')}`;
}

export interface PublishInput {
  readonly effectiveFrom: LocalDate;
  /** RFC 3339 instant. */
  readonly publishedAt: string;
  /** Today in Asia/Shanghai: a list cannot take effect in the past (families were told otherwise). */
  readonly today: LocalDate;
  readonly basis: ListBasis;
  /** The latest published version of the same list, if any: the new one cannot take effect before it. */
  readonly latestPublished?: ServiceList;
}

/** Publishes a draft, or refuses with every reason it falls below its basis. */
export function publishList(draft: ServiceList, input: PublishInput): ServiceList {
  assertDraft(draft);
  if (!isLocalDate(input.effectiveFrom)) {
    throw invalidArgument(
      'effectiveFrom',
      '日期格式',
      `生效日期须为 YYYY-MM-DD 日期：${input.effectiveFrom}`,
    );
  }
  if (compareDates(input.effectiveFrom, input.today) < 0) {
    throw invalidArgument(
      'effectiveFrom',
      '不早于今日',
      `生效日期 ${input.effectiveFrom} 不能早于今日 ${input.today}`,
    );
  }
  const latest = input.latestPublished;
  if (latest?.effectiveFrom && compareDates(input.effectiveFrom, latest.effectiveFrom) < 0) {
    throw invalidArgument(
      'effectiveFrom',
      '不早于上一版',
      `生效日期 ${input.effectiveFrom} 不能早于已发布的第${latest.version}版的生效日期 ${latest.effectiveFrom}`,
    );
  }
  if (draft.items.length === 0)
    throw failedPrecondition('服务清单没有任何服务项目，不能发布', { field: 'items', rule: '非空' });
  const violations = basisViolations(draft, input.basis);
  if (violations.length > 0) throw violationError(violations);
  return {
    ...draft,
    status: 'published',
    effectiveFrom: input.effectiveFrom,
    publishedAt: input.publishedAt,
  };
}

/** The published version in force on a date: latest effective date on or before it, then highest version. */
export function currentPublished(
  versions: readonly ServiceList[],
  onDate: LocalDate,
): ServiceList | undefined {
  let best: ServiceList | undefined;
  for (const list of versions) {
    if (
      list.status !== 'published' ||
      list.effectiveFrom === null ||
      compareDates(list.effectiveFrom, onDate) > 0
    )
      continue;
    if (
      best === undefined ||
      compareDates(list.effectiveFrom, best.effectiveFrom as LocalDate) > 0 ||
      (list.effectiveFrom === best.effectiveFrom && list.version > best.version)
    ) {
      best = list;
    }
  }
  return best;
}

/**
 * The list that applies to children of a county: the county's current list, completed with
 * any city item it lacks (the city list can grow after the county published), or the city's
 * list itself while the county has published none. A child is never offered less than the
 * basic list.
 */
export function effectiveList(cityList: ServiceList, countyList: ServiceList | undefined): ServiceList {
  if (countyList === undefined) return cityList;
  const missing = cityList.items.filter((item) => findItem(countyList, item.code) === undefined);
  return missing.length === 0 ? countyList : { ...countyList, items: [...countyList.items, ...missing] };
}
