import {
  computeEntitlements,
  diffEntitlements,
  evaluateRule,
  nextEntitlementChangeOn,
  type ChildFacts,
  type DepartmentId,
  type ListRef,
  type ServiceArea,
  type ServiceList,
} from '@care/catalogue';
import type { LocalDate } from '@care/child-rules';

/**
 * A department's report that it served the child this item: recorded here through REST, or
 * received from the department service's delivery events (then with its record id and revision).
 */
export interface DeliveryRecord {
  readonly department: DepartmentId;
  readonly deliveredOn: LocalDate;
  readonly recordedAt: string;
  /** The department service's delivery record (common.v1.ServiceDeliveryRecorded.delivery_id). */
  readonly deliveryId?: string;
  readonly revision?: number;
}

/** One item a child is owed, as kept in the child's entitlement document. */
export interface EntitlementRecord {
  readonly itemCode: string;
  readonly itemName: string;
  readonly area: ServiceArea;
  readonly departments: readonly DepartmentId[];
  /** RFC 3339 instant the entitlement was first granted (kept across recomputations). */
  readonly grantedAt: string;
  /** The same, as a Shanghai calendar date: gaps count days from it. */
  readonly grantedOn: LocalDate;
  /** The list version the entitlement currently follows from. */
  readonly list: ListRef;
  readonly deliveries: readonly DeliveryRecord[];
}

/** Why entitlements were recomputed: the cause of any withdrawal. */
export type RecomputeReason = 'facts-changed' | 'list-changed' | 'age-changed';
export type WithdrawReason = RecomputeReason | 'moved-out' | 'no-longer-migrant';

export interface ChildEntitlementState {
  readonly countyCode: string;
  readonly list: ListRef | null;
  readonly items: readonly EntitlementRecord[];
  readonly recomputeOn: LocalDate | null;
}

export interface PlanInput {
  readonly previous: ChildEntitlementState | null;
  readonly countyCode: string;
  readonly facts: ChildFacts;
  /** The list in force where the child lives; null when the child lives outside the city. */
  readonly list: ServiceList | null;
  readonly asOf: LocalDate;
  readonly now: Date;
  readonly reason: RecomputeReason;
}

export interface EntitlementPlan {
  readonly items: EntitlementRecord[];
  readonly list: ListRef | null;
  readonly recomputeOn: LocalDate | null;
  /** Departments responsible for an item nobody has served yet (indexed for the gaps report). */
  readonly openDepartments: DepartmentId[];
  readonly openCount: number;
  readonly granted: readonly EntitlementRecord[];
  readonly withdrawn: readonly { readonly record: EntitlementRecord; readonly reason: WithdrawReason }[];
  /**
   * Still owed, but the responsible departments or the child's county changed: announced as a
   * grant carrying the original grant instant (consumers upsert on child and item, and move it).
   */
  readonly reassigned: readonly EntitlementRecord[];
  /** False when nothing stored would change (so a recomputation writes nothing). */
  readonly changed: boolean;
}

/** An item counts as served once any responsible department recorded a delivery. */
export function isServed(record: Pick<EntitlementRecord, 'deliveries'>): boolean {
  return record.deliveries.length > 0;
}

export function openDepartmentsOf(items: readonly EntitlementRecord[]): DepartmentId[] {
  const open = new Set<DepartmentId>();
  for (const item of items) if (!isServed(item)) item.departments.forEach((d) => open.add(d));
  return [...open].sort();
}

/**
 * Why one item is no longer owed. A recomputation may have several causes at once (a list takes
 * effect on the day a birthday crosses a bound), so each item gets its own: gone from the list
 * or its rule changed -> list-changed; still matching the rule as of its grant day with the same
 * facts -> the calendar moved (age-changed); otherwise the facts changed.
 */
function withdrawReason(
  record: EntitlementRecord,
  facts: ChildFacts,
  list: ServiceList | null,
  reason: RecomputeReason,
): WithdrawReason {
  if (facts.movedOut || list === null) return 'moved-out';
  if (!facts.isMigrant) return 'no-longer-migrant';
  const item = list.items.find((i) => i.code === record.itemCode);
  if (item === undefined) return 'list-changed';
  if (reason === 'facts-changed') return 'facts-changed';
  return evaluateRule(item.eligibility, facts, record.grantedOn) ? 'age-changed' : 'list-changed';
}

/**
 * The kept items to announce again: those whose departments changed, or every kept one when the
 * child moved county (the county office now responsible must see them; the old one's gap closes).
 */
function reassignedItems(
  items: readonly EntitlementRecord[],
  diff: { granted: readonly { itemCode: string }[]; reassigned: readonly { after: { itemCode: string } }[] },
  movedCounty: boolean,
): EntitlementRecord[] {
  const granted = new Set(diff.granted.map((e) => e.itemCode));
  const reassigned = new Set(diff.reassigned.map((r) => r.after.itemCode));
  return items.filter(
    (item) => !granted.has(item.itemCode) && (movedCounty || reassigned.has(item.itemCode)),
  );
}

/**
 * What a child is owed now, merged with what the child's document says: kept items keep
 * their grant time and deliveries, new items are granted now, lost items are withdrawn.
 */
export function planEntitlements(input: PlanInput): EntitlementPlan {
  const { previous, facts, list, asOf } = input;
  const before = previous?.items ?? [];
  const listRef: ListRef | null =
    list === null ? null : { divisionCode: list.divisionCode, version: list.version };
  const owed = list === null ? [] : computeEntitlements(facts, list, asOf);
  const diff = diffEntitlements(before, owed);
  const byCode = new Map(before.map((record) => [record.itemCode, record]));
  const grantedAt = input.now.toISOString();
  const items: EntitlementRecord[] = owed.map((e) => {
    const kept = byCode.get(e.itemCode);
    return {
      itemCode: e.itemCode,
      itemName: e.itemName,
      area: e.area,
      departments: [...e.departments],
      grantedAt: kept?.grantedAt ?? grantedAt,
      grantedOn: kept?.grantedOn ?? asOf,
      list: listRef as ListRef,
      deliveries: kept?.deliveries ?? [],
    };
  });
  const itemByCode = new Map(items.map((record) => [record.itemCode, record]));
  const recomputeOn = list === null ? null : nextEntitlementChangeOn(facts, list, asOf);
  const openDepartments = openDepartmentsOf(items);
  const changed =
    previous === null ||
    previous.countyCode !== input.countyCode ||
    previous.recomputeOn !== recomputeOn ||
    !sameRef(previous.list, listRef) ||
    JSON.stringify(stripped(previous.items)) !== JSON.stringify(stripped(items));
  return {
    items,
    list: listRef,
    recomputeOn,
    openDepartments,
    openCount: items.filter((item) => !isServed(item)).length,
    granted: diff.granted.map((e) => itemByCode.get(e.itemCode) as EntitlementRecord),
    withdrawn: diff.withdrawn.map((record) => ({
      record,
      reason: withdrawReason(record, facts, list, input.reason),
    })),
    reassigned: reassignedItems(items, diff, previous !== null && previous.countyCode !== input.countyCode),
    changed,
  };
}

function sameRef(a: ListRef | null, b: ListRef | null): boolean {
  return (
    a === b || (a !== null && b !== null && a.divisionCode === b.divisionCode && a.version === b.version)
  );
}

/** The fields whose change is worth a write (deliveries are written by their own path). */
function stripped(items: readonly EntitlementRecord[]): unknown[] {
  return items.map((i) => [
    i.itemCode,
    i.itemName,
    i.area,
    i.departments,
    i.list.divisionCode,
    i.list.version,
  ]);
}
