import { compareDates, type LocalDate } from '@care/child-rules';
import { isEntitledToAnything, type ChildFacts } from './child-facts';
import { ageBoundaryDates, evaluateRule } from './target-rule';
import type { ServiceList } from './service-list';
import type { DepartmentId, ServiceArea } from './vocabulary';

/** An item a child is owed, and who owes it. */
export interface Entitlement {
  readonly itemCode: string;
  readonly itemName: string;
  readonly area: ServiceArea;
  readonly departments: readonly DepartmentId[];
}

/**
 * The items of `list` the child is entitled to on `asOf`, in list order. Nothing at all for a
 * child who is not (or no longer) a migrant child living here.
 */
export function computeEntitlements(
  facts: ChildFacts,
  list: Pick<ServiceList, 'items'>,
  asOf: LocalDate,
): Entitlement[] {
  if (!isEntitledToAnything(facts)) return [];
  return list.items
    .filter((item) => evaluateRule(item.eligibility, facts, asOf))
    .map((item) => ({
      itemCode: item.code,
      itemName: item.name,
      area: item.area,
      departments: [...item.departments],
    }));
}

export type EntitlementLike = Pick<Entitlement, 'itemCode' | 'departments'>;

/**
 * Only the differences: items newly owed, items no longer owed, and items still owed whose
 * responsible departments changed (a list edit), so each department hears of what is now its own.
 */
export interface EntitlementDiff<
  B extends EntitlementLike = Entitlement,
  A extends EntitlementLike = Entitlement,
> {
  readonly granted: readonly A[];
  readonly withdrawn: readonly B[];
  readonly reassigned: readonly { readonly before: B; readonly after: A }[];
}

export function diffEntitlements<B extends EntitlementLike, A extends EntitlementLike>(
  before: readonly B[],
  after: readonly A[],
): EntitlementDiff<B, A> {
  const old = new Map(before.map((e) => [e.itemCode, e]));
  const now = new Map(after.map((e) => [e.itemCode, e]));
  return {
    granted: after.filter((e) => !old.has(e.itemCode)),
    withdrawn: before.filter((e) => !now.has(e.itemCode)),
    reassigned: after
      .filter((e) => {
        const previous = old.get(e.itemCode);
        return previous !== undefined && !sameDepartments(previous.departments, e.departments);
      })
      .map((e) => ({ before: old.get(e.itemCode) as B, after: e })),
  };
}

export function isEmptyDiff<B extends EntitlementLike, A extends EntitlementLike>(
  diff: EntitlementDiff<B, A>,
): boolean {
  return diff.granted.length === 0 && diff.withdrawn.length === 0 && diff.reassigned.length === 0;
}

function sameDepartments(a: readonly DepartmentId[], b: readonly DepartmentId[]): boolean {
  return a.length === b.length && a.every((d) => b.includes(d));
}

/**
 * The next day after `asOf` on which the child's entitlements may change with no new fact (a
 * birthday crossing an age bound of some item), or null when none will. The service
 * recomputes the child on that day.
 */
export function nextEntitlementChangeOn(
  facts: ChildFacts,
  list: Pick<ServiceList, 'items'>,
  asOf: LocalDate,
): LocalDate | null {
  if (!isEntitledToAnything(facts)) return null;
  let next: LocalDate | null = null;
  for (const item of list.items) {
    for (const date of ageBoundaryDates(item.eligibility, facts.birthDate)) {
      if (compareDates(date, asOf) > 0 && (next === null || compareDates(date, next) < 0)) next = date;
    }
  }
  return next;
}
