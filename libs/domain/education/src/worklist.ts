import { addDays, compareDates, daysBetween, isLocalDate, type LocalDate } from '@care/child-rules';
import { problem, type EducationProblem, type Validated } from './problem';

/**
 * The education department's worklist: entitlements granted to children and not yet served.
 * Each item has a service-level time (SLA, in days from the grant) as data, so the bureau sets
 * it without code; supervisors (MISSION.md: supervision) look at what is overdue first.
 */

/** Days to serve an entitlement of each education item, counted from the day it was granted. */
export type SlaTable = Readonly<Record<string, number>>;

/** Heze's education items (学前, 义务教育, 普通高中, 中职, 特殊教育): 30 days until the bureau decides otherwise. */
export const DEFAULT_EDUCATION_SLA_DAYS: SlaTable = {
  'HZ-02': 30,
  'HZ-03': 30,
  'HZ-04': 30,
  'HZ-05': 30,
  'HZ-14': 30,
};

export const MAX_SLA_DAYS = 366;

/** An SLA table from configuration data, or the problems (field = item code). */
export function parseSlaTable(data: unknown): Validated<SlaTable> {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, problems: [problem('sla', 'object', '服务时限：须为"项目编码: 天数"的对象')] };
  const problems: EducationProblem[] = [];
  const table: Record<string, number> = {};
  for (const [code, days] of Object.entries(data)) {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_SLA_DAYS)
      problems.push(problem(code, 'sla-days', `服务时限：${code}须为0至${MAX_SLA_DAYS}的整数天数`));
    else table[code] = days;
  }
  return problems.length === 0 ? { ok: true, value: table } : { ok: false, problems };
}

/** The last day to serve an entitlement granted on `grantedOn` with `slaDays` days. */
export function dueDate(grantedOn: LocalDate, slaDays: number): LocalDate {
  if (!Number.isInteger(slaDays) || slaDays < 0)
    throw new RangeError(`SLA days must be a whole number >= 0: ${slaDays}`);
  return addDays(grantedOn, slaDays);
}

/** The due date of an item's entitlement, undefined when the table sets no SLA for the item. */
export function itemDueDate(
  itemCode: string,
  grantedOn: LocalDate,
  table: SlaTable = DEFAULT_EDUCATION_SLA_DAYS,
): LocalDate | undefined {
  const days = table[itemCode];
  return days === undefined || !isLocalDate(grantedOn) ? undefined : dueDate(grantedOn, days);
}

export interface WorklistEntry {
  readonly childId: string;
  readonly itemCode: string;
  /** Undefined when no SLA applies: such entries come last. */
  readonly dueDate?: LocalDate;
}

/** Days past the due date on `asOf` (0 when not overdue or without a due date); due today is not overdue. */
export function daysOverdue(entry: Pick<WorklistEntry, 'dueDate'>, asOf: LocalDate): number {
  return entry.dueDate === undefined ? 0 : Math.max(0, daysBetween(entry.dueDate, asOf));
}

/**
 * The worklist order on `asOf`: overdue entries first, most days overdue first; then by due
 * date; entries without one last; then by child id and item code, so the order is total.
 */
export function compareWorklistEntries(asOf: LocalDate): (a: WorklistEntry, b: WorklistEntry) => number {
  return (a, b) => {
    const overdueA = daysOverdue(a, asOf);
    const overdueB = daysOverdue(b, asOf);
    if (overdueA > 0 !== overdueB > 0) return overdueA > 0 ? -1 : 1;
    if (overdueA !== overdueB) return overdueB - overdueA;
    if (a.dueDate !== b.dueDate) {
      if (a.dueDate === undefined) return 1;
      if (b.dueDate === undefined) return -1;
      return compareDates(a.dueDate, b.dueDate);
    }
    if (a.childId !== b.childId) return a.childId < b.childId ? -1 : 1;
    return a.itemCode < b.itemCode ? -1 : a.itemCode > b.itemCode ? 1 : 0;
  };
}
