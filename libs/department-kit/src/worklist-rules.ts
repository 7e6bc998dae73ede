import { addDays, daysBetween, type LocalDate } from '@care/child-rules';

/** When the delivery of an item granted on `grantedOn` is due (DELIVERY_DUE_DAYS[_BY_ITEM]). */
export function deliveryDueOn(
  grantedOn: LocalDate,
  itemCode: string,
  config: {
    readonly DELIVERY_DUE_DAYS: number;
    readonly DELIVERY_DUE_DAYS_BY_ITEM: Readonly<Record<string, number>>;
  },
): LocalDate {
  return addDays(grantedOn, config.DELIVERY_DUE_DAYS_BY_ITEM[itemCode] ?? config.DELIVERY_DUE_DAYS);
}

/** Days past due on `asOf` (0 while not yet due). */
export function daysOverdue(dueOn: LocalDate, asOf: LocalDate): number {
  return Math.max(0, daysBetween(dueOn, asOf));
}

export interface WorklistOrderKey {
  readonly dueOn: LocalDate;
  readonly childId: string;
  readonly itemCode: string;
}

/** Overdue first: the earliest due date first (the most overdue), then child and item for a stable order. */
export function compareWorklist(a: WorklistOrderKey, b: WorklistOrderKey): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  if (a.childId !== b.childId) return a.childId < b.childId ? -1 : 1;
  return a.itemCode < b.itemCode ? -1 : a.itemCode > b.itemCode ? 1 : 0;
}
