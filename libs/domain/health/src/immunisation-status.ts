import { addDays, addMonths, compareDates, daysBetween, type LocalDate } from '@care/child-rules';
import {
  ageText,
  doseLabel,
  intervalEnd,
  NIP_SCHEDULE_2021,
  plusSpan,
  type ImmunisationSchedule,
  type Vaccine,
} from './schedule';

/** A dose recorded as given (接种记录). */
export interface GivenDose {
  readonly vaccine: string;
  readonly dose: number;
  readonly date: LocalDate;
}

/**
 * When a dose not given counts as overdue (逾期未种, to be caught up: 补种). The 2021 说明 says a
 * dose not given at the recommended age should be given as soon as possible; the platform
 * gives the clinic a grace before it lists the child: a dose is **overdue when more than
 * `infantGraceMonths` months past its due date** for doses recommended in the first year
 * (under 12 months), and `childGraceMonths` for the later doses. Configuration of the service
 * (IMMUNISATION_GRACE_MONTHS_INFANT / _CHILD).
 */
export interface ImmunisationPolicy {
  readonly infantGraceMonths: number;
  readonly childGraceMonths: number;
}

export const DEFAULT_IMMUNISATION_POLICY: ImmunisationPolicy = { infantGraceMonths: 1, childGraceMonths: 3 };

/** Doses recommended before this age (months) are infant doses (the infant grace applies). */
export const INFANT_DOSE_BEFORE_MONTHS = 12;

export const DOSE_STATUSES = ['given', 'due', 'overdue', 'not-yet', 'not-needed'] as const;
export type DoseStatusId = (typeof DOSE_STATUSES)[number];

export const DOSE_STATUS_LABELS: Readonly<Record<DoseStatusId, string>> = {
  given: '已接种',
  due: '应种',
  overdue: '逾期未种（需补种）',
  'not-yet': '未到接种时间',
  'not-needed': '无需接种',
};

export interface DoseStatus {
  readonly vaccine: string;
  readonly vaccineNameZh: string;
  readonly dose: number;
  /** "乙肝疫苗第2剂". */
  readonly label: string;
  /** The schedule's age ("出生时", "8月龄", "4周岁"). */
  readonly recommendedAge: string;
  /** Birth date plus the recommended age. */
  readonly recommendedOn: LocalDate;
  /** The recommended date, or later when a minimum interval after an earlier dose given ends later. */
  readonly dueOn: LocalDate;
  /** The first day the dose, still not given, counts as overdue (dueOn + grace + 1 day). */
  readonly overdueFrom: LocalDate;
  /** 及时接种: the national rule's last day for a timely dose, where it names one. */
  readonly timelyBy: LocalDate | null;
  readonly status: DoseStatusId;
  readonly statusText: string;
  readonly givenOn: LocalDate | null;
  /** Days past `dueOn` of an overdue dose; 0 otherwise. */
  readonly daysOverdue: number;
  /** Why a dose is not needed (an alternative vaccine, past the catch-up age); empty otherwise. */
  readonly note: string;
}

export interface ImmunisationStatus {
  readonly edition: string;
  readonly birthDate: LocalDate;
  readonly asOf: LocalDate;
  readonly doses: readonly DoseStatus[];
  readonly counts: Readonly<Record<DoseStatusId, number>>;
  /** Every dose due up to `asOf` is given (no dose due or overdue). */
  readonly upToDate: boolean;
  /** The earliest dose still to give (due, overdue or not yet), by due date. */
  readonly nextDue: {
    readonly vaccine: string;
    readonly dose: number;
    readonly label: string;
    readonly dueOn: LocalDate;
  } | null;
  /** The due date of the most overdue dose (the overdue list's order); null when none is overdue. */
  readonly mostOverdueDueOn: LocalDate | null;
  readonly maxDaysOverdue: number;
}

const key = (vaccine: string, dose: number): string => `${vaccine}#${dose}`;

function later(a: LocalDate, b: LocalDate): LocalDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/**
 * Which vaccine of an alternative pair the child follows: the alternative when more of its
 * doses are given than of the primary vaccine, else the primary (乙脑减毒活, 甲肝减毒活 unless
 * the clinic started the inactivated series).
 */
function chosenVaccines(schedule: ImmunisationSchedule, given: ReadonlyMap<string, LocalDate>): Set<string> {
  const count = (v: Vaccine) => v.doses.filter((d) => given.has(key(v.code, d.dose))).length;
  const chosen = new Set<string>();
  for (const v of schedule.vaccines) {
    if (v.alternativeTo !== undefined) continue;
    const alternatives = schedule.vaccines.filter((a) => a.alternativeTo === v.code);
    const best = alternatives.reduce<Vaccine>((acc, a) => (count(a) > count(acc) ? a : acc), v);
    chosen.add(best.code);
  }
  return chosen;
}

/**
 * The status of every dose of the schedule for a child born on `birthDate`, as of `asOf`:
 * given; not yet (before its due date); due (from the due date through the grace); overdue
 * (past the grace, to be caught up); not needed (the other vaccine of an alternative pair,
 * or past the catch-up age of the 补种原则, e.g. 卡介苗 from 4 years). Doses dated after
 * `asOf` are ignored, so a status is reproducible for any past day.
 */
export function immunisationStatus(
  birthDate: LocalDate,
  dosesGiven: readonly GivenDose[],
  asOf: LocalDate,
  policy: ImmunisationPolicy = DEFAULT_IMMUNISATION_POLICY,
  schedule: ImmunisationSchedule = NIP_SCHEDULE_2021,
): ImmunisationStatus {
  const given = new Map<string, LocalDate>();
  for (const d of dosesGiven) {
    if (compareDates(d.date, asOf) > 0) continue;
    const k = key(d.vaccine, d.dose);
    const seen = given.get(k);
    if (seen === undefined || compareDates(d.date, seen) < 0) given.set(k, d.date);
  }
  const chosen = chosenVaccines(schedule, given);
  const doses: DoseStatus[] = [];
  for (const vaccine of schedule.vaccines) {
    const catchUpEnd = addMonths(birthDate, vaccine.catchUpBeforeMonths);
    const alternativeOf =
      vaccine.alternativeTo ?? schedule.vaccines.find((a) => a.alternativeTo === vaccine.code)?.code;
    for (const scheduled of vaccine.doses) {
      const recommendedOn = addMonths(birthDate, scheduled.ageMonths);
      let dueOn = recommendedOn;
      for (const interval of scheduled.intervals) {
        const previous = given.get(key(interval.vaccine, interval.dose));
        if (previous !== undefined) dueOn = later(dueOn, intervalEnd(previous, interval));
      }
      const grace =
        scheduled.ageMonths < INFANT_DOSE_BEFORE_MONTHS ? policy.infantGraceMonths : policy.childGraceMonths;
      const overdueFrom = addDays(addMonths(dueOn, grace), 1);
      const givenOn = given.get(key(vaccine.code, scheduled.dose)) ?? null;
      let status: DoseStatusId;
      let note = '';
      if (givenOn !== null) status = 'given';
      else if (!chosen.has(vaccine.code)) {
        status = 'not-needed';
        const other = schedule.vaccines.find((v) => v.code === alternativeOf && chosen.has(v.code));
        note = `已按${other?.nameZh ?? alternativeOf}程序接种`;
      } else if (compareDates(asOf, catchUpEnd) >= 0) {
        status = 'not-needed';
        note = `${ageText(vaccine.catchUpBeforeMonths)}起不再补种${vaccine.nameZh}`;
      } else if (compareDates(asOf, dueOn) < 0) status = 'not-yet';
      else if (compareDates(asOf, overdueFrom) >= 0) status = 'overdue';
      else status = 'due';
      doses.push({
        vaccine: vaccine.code,
        vaccineNameZh: vaccine.nameZh,
        dose: scheduled.dose,
        label: doseLabel(vaccine, scheduled.dose),
        recommendedAge: ageText(scheduled.ageMonths),
        recommendedOn,
        dueOn,
        overdueFrom,
        timelyBy:
          scheduled.timelyBefore === undefined
            ? null
            : addDays(plusSpan(birthDate, scheduled.timelyBefore), -1),
        status,
        statusText: DOSE_STATUS_LABELS[status],
        givenOn,
        daysOverdue: status === 'overdue' ? daysBetween(dueOn, asOf) : 0,
        note,
      });
    }
  }
  const counts = Object.fromEntries(DOSE_STATUSES.map((s) => [s, 0])) as Record<DoseStatusId, number>;
  for (const d of doses) counts[d.status] += 1;
  const open = doses
    .filter((d) => d.status === 'due' || d.status === 'overdue' || d.status === 'not-yet')
    .sort((a, b) => compareDates(a.dueOn, b.dueOn));
  const overdue = doses.filter((d) => d.status === 'overdue');
  const mostOverdue = overdue.reduce<DoseStatus | null>(
    (acc, d) => (acc === null || compareDates(d.dueOn, acc.dueOn) < 0 ? d : acc),
    null,
  );
  const next = open[0];
  return {
    edition: schedule.edition,
    birthDate,
    asOf,
    doses,
    counts,
    upToDate: counts.due === 0 && counts.overdue === 0,
    nextDue:
      next === undefined
        ? null
        : { vaccine: next.vaccine, dose: next.dose, label: next.label, dueOn: next.dueOn },
    mostOverdueDueOn: mostOverdue?.dueOn ?? null,
    maxDaysOverdue: mostOverdue?.daysOverdue ?? 0,
  };
}
