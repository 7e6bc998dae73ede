import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import type { GivenDose } from './immunisation-status';
import { problem, quoted, type HealthProblem } from './problem';
import {
  doseLabel,
  findVaccine,
  intervalEnd,
  intervalText,
  NIP_SCHEDULE_2021,
  type ImmunisationSchedule,
} from './schedule';

/** A dose as an officer typed it (the request body), unchecked. */
export interface DoseInput {
  readonly vaccine: string;
  readonly dose: number;
  readonly date: string;
}

export interface DoseContext {
  readonly birthDate: LocalDate;
  /** Today (Asia/Shanghai): a dose cannot be recorded ahead. */
  readonly asOf: LocalDate;
  /** The doses already recorded for the child. */
  readonly given: readonly GivenDose[];
}

export type DoseValidation =
  | {
      readonly ok: true;
      readonly value: GivenDose;
      /** The very dose is already recorded (same vaccine, number and date): a replay, nothing to store. */
      readonly replay: boolean;
    }
  | { readonly ok: false; readonly problems: readonly HealthProblem[] };

/**
 * Checks a dose before it is recorded, reporting every problem at once: the vaccine is in the
 * schedule; the dose number is one of its doses; the date is a calendar date, not before the
 * birth and not after today; the dose is not already recorded with another date; the doses
 * of the vaccine keep their order; and the minimum intervals of the schedule hold against the
 * doses recorded before it and after it (a late record of an earlier dose is checked too).
 */
export function validateDose(
  input: DoseInput,
  context: DoseContext,
  schedule: ImmunisationSchedule = NIP_SCHEDULE_2021,
): DoseValidation {
  const problems: HealthProblem[] = [];
  const vaccine = findVaccine(schedule, input.vaccine);
  if (vaccine === undefined)
    problems.push(
      problem(
        'vaccine',
        '疫苗须在免疫程序内',
        `疫苗 ${quoted(String(input.vaccine))} 不在${schedule.title}内，须为 ${schedule.vaccines.map((v) => v.code).join('、')} 之一`,
      ),
    );
  const scheduled = vaccine?.doses.find((d) => d.dose === input.dose);
  if (vaccine !== undefined && scheduled === undefined)
    problems.push(
      problem(
        'dose',
        '剂次须在程序范围内',
        `${vaccine.nameZh}共${vaccine.doses.length}剂，剂次须为 1 至 ${vaccine.doses.length} 的整数，实为 ${quoted(String(input.dose))}`,
      ),
    );
  const dateOk = typeof input.date === 'string' && isLocalDate(input.date);
  if (!dateOk)
    problems.push(
      problem(
        'date',
        '日期格式',
        `接种日期须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(input.date))}`,
      ),
    );
  else {
    if (compareDates(input.date, context.birthDate) < 0)
      problems.push(problem('date', '不早于出生日期', `接种日期 ${input.date} 早于儿童出生日期`));
    if (compareDates(input.date, context.asOf) > 0)
      problems.push(problem('date', '不晚于今日', `接种日期 ${input.date} 不能晚于今日 ${context.asOf}`));
  }
  if (vaccine === undefined || scheduled === undefined || !dateOk) return { ok: false, problems };

  const label = doseLabel(vaccine, scheduled.dose);
  const date = input.date;
  const same = context.given.find((g) => g.vaccine === vaccine.code && g.dose === scheduled.dose);
  if (same !== undefined && same.date === date && problems.length === 0)
    return { ok: true, value: { vaccine: vaccine.code, dose: scheduled.dose, date }, replay: true };
  if (same !== undefined)
    problems.push(
      problem('dose', '剂次不重复', `${label}已登记（接种日期 ${same.date}），不能重复登记为 ${date}`),
    );

  for (const other of context.given) {
    if (other.vaccine !== vaccine.code || other.dose === scheduled.dose) continue;
    if (other.dose < scheduled.dose && compareDates(other.date, date) > 0)
      problems.push(
        problem(
          'date',
          '剂次顺序',
          `${label}的接种日期 ${date} 早于已登记的第${other.dose}剂（${other.date}）`,
        ),
      );
    if (other.dose > scheduled.dose && compareDates(other.date, date) < 0)
      problems.push(
        problem(
          'date',
          '剂次顺序',
          `${label}的接种日期 ${date} 晚于已登记的第${other.dose}剂（${other.date}）`,
        ),
      );
  }

  // Intervals after the doses recorded before this one.
  for (const interval of scheduled.intervals) {
    const previous = context.given.find((g) => g.vaccine === interval.vaccine && g.dose === interval.dose);
    if (previous === undefined) continue;
    const earliest = intervalEnd(previous.date, interval);
    if (compareDates(date, earliest) < 0) {
      const previousVaccine = findVaccine(schedule, interval.vaccine);
      problems.push(
        problem(
          'date',
          '最短接种间隔',
          `${label}与${doseLabel(previousVaccine ?? vaccine, interval.dose)}（${previous.date}）的间隔须${intervalText(interval)}，最早可于 ${earliest} 接种`,
        ),
      );
    }
  }
  // Intervals of the doses recorded after this one that count from it.
  for (const next of schedule.vaccines)
    for (const nextDose of next.doses)
      for (const interval of nextDose.intervals) {
        if (interval.vaccine !== vaccine.code || interval.dose !== scheduled.dose) continue;
        const recorded = context.given.find((g) => g.vaccine === next.code && g.dose === nextDose.dose);
        if (recorded === undefined) continue;
        if (compareDates(recorded.date, intervalEnd(date, interval)) < 0)
          problems.push(
            problem(
              'date',
              '最短接种间隔',
              `已登记的${doseLabel(next, nextDose.dose)}（${recorded.date}）与${label}（${date}）的间隔须${intervalText(interval)}`,
            ),
          );
      }

  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, value: { vaccine: vaccine.code, dose: scheduled.dose, date }, replay: false };
}
