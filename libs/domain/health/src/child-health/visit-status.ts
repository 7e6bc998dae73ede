import { compareDates, daysBetween, type LocalDate } from '@care/child-rules';
import { CHILD_HEALTH_SCHEDULE, visitWindowDates, type ChildHealthSchedule } from './visit-schedule';

/** A visit recorded as done (健康管理随访记录). */
export interface DoneVisit {
  readonly visit: string;
  readonly date: LocalDate;
}

export const VISIT_STATUSES = ['done', 'due', 'overdue', 'missed', 'not-yet'] as const;
export type VisitStatusId = (typeof VISIT_STATUSES)[number];

export const VISIT_STATUS_LABELS: Readonly<Record<VisitStatusId, string>> = {
  done: '已完成',
  due: '应访视',
  overdue: '逾期未访视（窗口期内仍可补做）',
  missed: '已错过（窗口期已过）',
  'not-yet': '未到访视时间',
};

export interface VisitStatus {
  readonly visit: string;
  readonly nameZh: string;
  readonly timingZh: string;
  /** First and last day the visit may be recorded. */
  readonly opensOn: LocalDate;
  readonly lastDay: LocalDate;
  /** The first day the visit, still not done, counts as overdue (after lastDay: never overdue). */
  readonly overdueFrom: LocalDate;
  readonly status: VisitStatusId;
  readonly statusText: string;
  readonly doneOn: LocalDate | null;
  /** Days since `overdueFrom` of an overdue visit (0 on its first overdue day); 0 otherwise. */
  readonly daysOverdue: number;
  /** The window is the platform's reading of the spec, to be confirmed (timingInSpec false). */
  readonly windowToConfirm: boolean;
}

export interface ChildHealthStatus {
  readonly edition: string;
  readonly birthDate: LocalDate;
  readonly asOf: LocalDate;
  readonly visits: readonly VisitStatus[];
  readonly counts: Readonly<Record<VisitStatusId, number>>;
  /** Done visits reach the schedule's `managedAfterVisits` (the catalogue item counts as delivered). */
  readonly managed: boolean;
  /** The date of the visit that made the child managed; null when not managed. */
  readonly managedOn: LocalDate | null;
  /** The open visit of the earliest window (due, overdue or not yet). */
  readonly nextDue: {
    readonly visit: string;
    readonly nameZh: string;
    readonly opensOn: LocalDate;
    readonly lastDay: LocalDate;
  } | null;
  /** The overdue date of the longest-overdue visit (the overdue list's order); null when none is overdue. */
  readonly mostOverdueFrom: LocalDate | null;
  readonly maxDaysOverdue: number;
}

/**
 * Every visit of the schedule for a child born on `birthDate`, as of `asOf`: done; not yet
 * (before its window); due (window open, not yet overdue); overdue (past `overdueFrom`, the
 * window still open, so it can be made up); missed (the window has closed). Visits dated after
 * `asOf` are ignored, so a status is reproducible for any past day; the first date of a visit
 * recorded twice counts.
 */
export function childHealthStatus(
  birthDate: LocalDate,
  done: readonly DoneVisit[],
  asOf: LocalDate,
  schedule: ChildHealthSchedule = CHILD_HEALTH_SCHEDULE,
): ChildHealthStatus {
  const doneOn = new Map<string, LocalDate>();
  for (const d of done) {
    if (compareDates(d.date, asOf) > 0) continue;
    const seen = doneOn.get(d.visit);
    if (seen === undefined || compareDates(d.date, seen) < 0) doneOn.set(d.visit, d.date);
  }
  const visits = schedule.visits.map((scheduled): VisitStatus => {
    const { opensOn, lastDay, overdueFrom } = visitWindowDates(birthDate, scheduled);
    const on = doneOn.get(scheduled.code) ?? null;
    let status: VisitStatusId;
    if (on !== null) status = 'done';
    else if (compareDates(asOf, opensOn) < 0) status = 'not-yet';
    else if (compareDates(asOf, lastDay) > 0) status = 'missed';
    else if (compareDates(asOf, overdueFrom) >= 0) status = 'overdue';
    else status = 'due';
    return {
      visit: scheduled.code,
      nameZh: scheduled.nameZh,
      timingZh: scheduled.timingZh,
      opensOn,
      lastDay,
      overdueFrom,
      status,
      statusText: VISIT_STATUS_LABELS[status],
      doneOn: on,
      daysOverdue: status === 'overdue' ? daysBetween(overdueFrom, asOf) : 0,
      windowToConfirm: !scheduled.timingInSpec,
    };
  });
  const counts = Object.fromEntries(VISIT_STATUSES.map((s) => [s, 0])) as Record<VisitStatusId, number>;
  for (const v of visits) counts[v.status] += 1;
  const doneDates = visits
    .map((v) => v.doneOn)
    .filter((d): d is LocalDate => d !== null)
    .sort(compareDates);
  const managedOn = doneDates[schedule.managedAfterVisits - 1] ?? null;
  const next = visits.find((v) => v.status === 'due' || v.status === 'overdue' || v.status === 'not-yet');
  const overdue = visits.filter((v) => v.status === 'overdue');
  const longest = overdue.reduce<VisitStatus | null>(
    (acc, v) => (acc === null || compareDates(v.overdueFrom, acc.overdueFrom) < 0 ? v : acc),
    null,
  );
  return {
    edition: schedule.edition,
    birthDate,
    asOf,
    visits,
    counts,
    managed: managedOn !== null,
    managedOn,
    nextDue:
      next === undefined
        ? null
        : { visit: next.visit, nameZh: next.nameZh, opensOn: next.opensOn, lastDay: next.lastDay },
    mostOverdueFrom: longest?.overdueFrom ?? null,
    maxDaysOverdue: longest?.daysOverdue ?? 0,
  };
}
