import { canonicalRule, describeRule } from './target-rule';
import { departmentNamesZh, type ListRef, type ServiceItem, type ServiceList } from './service-list';

export type DiffField =
  'area' | 'targetGroup' | 'name' | 'content' | 'departments' | 'eligibility' | 'nationalBasic';

export const DIFF_FIELD_NAMES_ZH: Readonly<Record<DiffField, string>> = {
  area: '服务领域',
  targetGroup: '服务对象',
  name: '服务项目',
  content: '服务内容',
  departments: '责任部门',
  eligibility: '服务对象规则',
  nationalBasic: '国家基础清单项目',
};

export interface FieldChange {
  readonly field: DiffField;
  readonly fieldZh: string;
  /** Readable values (departments by Chinese name, rules described in Chinese). */
  readonly before: string;
  readonly after: string;
}

export interface ItemRef {
  readonly code: string;
  readonly name: string;
}

export interface ChangedItem extends ItemRef {
  readonly changes: readonly FieldChange[];
}

export interface ListDiff {
  readonly from: ListRef;
  readonly to: ListRef;
  readonly added: readonly ItemRef[];
  readonly removed: readonly ItemRef[];
  readonly changed: readonly ChangedItem[];
  readonly effectiveFrom: { readonly before: string | null; readonly after: string | null } | null;
}

const FIELD_VIEWS: ReadonlyArray<
  readonly [DiffField, (item: ServiceItem) => string, (item: ServiceItem) => string]
> = [
  ['area', (i) => i.area, (i) => i.area],
  ['targetGroup', (i) => i.targetGroup, (i) => i.targetGroup],
  ['name', (i) => i.name, (i) => i.name],
  ['content', (i) => i.content, (i) => i.content],
  ['departments', (i) => i.departments.join(','), (i) => departmentNamesZh(i.departments)],
  ['eligibility', (i) => canonicalRule(i.eligibility), (i) => describeRule(i.eligibility)],
  ['nationalBasic', (i) => String(i.nationalBasic), (i) => (i.nationalBasic ? '是' : '否')],
];

/** What changed from list `a` to list `b`, item by item (matched on code), in `b`'s order. */
export function diffLists(a: ServiceList, b: ServiceList): ListDiff {
  const before = new Map(a.items.map((item) => [item.code, item]));
  const after = new Map(b.items.map((item) => [item.code, item]));
  const added = b.items.filter((item) => !before.has(item.code)).map(ref);
  const removed = a.items.filter((item) => !after.has(item.code)).map(ref);
  const changed: ChangedItem[] = [];
  for (const item of b.items) {
    const old = before.get(item.code);
    if (old === undefined) continue;
    const changes = FIELD_VIEWS.filter(([, key]) => key(old) !== key(item)).map(([field, , show]) => ({
      field,
      fieldZh: DIFF_FIELD_NAMES_ZH[field],
      before: show(old),
      after: show(item),
    }));
    if (changes.length > 0) changed.push({ ...ref(item), changes });
  }
  return {
    from: { divisionCode: a.divisionCode, version: a.version },
    to: { divisionCode: b.divisionCode, version: b.version },
    added,
    removed,
    changed,
    effectiveFrom:
      a.effectiveFrom === b.effectiveFrom ? null : { before: a.effectiveFrom, after: b.effectiveFrom },
  };
}

function ref(item: ServiceItem): ItemRef {
  return { code: item.code, name: item.name };
}
