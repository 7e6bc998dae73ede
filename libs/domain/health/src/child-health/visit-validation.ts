import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import { problem, quoted, type HealthProblem } from '../problem';
import { institutionCodeProblem } from './institution-code';
import {
  CHILD_HEALTH_SCHEDULE,
  findScheduledVisit,
  visitWindowDates,
  type ChildHealthSchedule,
} from './visit-schedule';

/** A visit as an officer typed it (the request body), unchecked. */
export interface VisitInput {
  readonly visit: string;
  readonly date: string;
  readonly institutionCode: string;
  readonly results: readonly string[];
}

/** A visit as stored: codes only, results sorted and unique. */
export interface CheckedVisit {
  readonly visit: string;
  readonly date: LocalDate;
  readonly institutionCode: string;
  readonly results: readonly string[];
}

export interface VisitContext {
  readonly birthDate: LocalDate;
  /** Today (Asia/Shanghai): a visit cannot be recorded ahead. */
  readonly asOf: LocalDate;
  /** The visits already recorded for the child. */
  readonly recorded: readonly CheckedVisit[];
}

export type VisitValidation =
  | {
      readonly ok: true;
      readonly value: CheckedVisit;
      /** The very visit is already recorded (same date, institution and results): nothing to store. */
      readonly replay: boolean;
    }
  | { readonly ok: false; readonly problems: readonly HealthProblem[] };

/** At most this many result codes on one visit (every code of the table fits). */
export const MAX_VISIT_RESULTS = 16;

function resultProblems(results: unknown, schedule: ChildHealthSchedule): HealthProblem[] {
  if (!Array.isArray(results) || results.length === 0)
    return [problem('results', '须填写结果代码', '须填写至少一项检查结果代码（未见异常填 normal）')];
  if (results.length > MAX_VISIT_RESULTS)
    return [
      problem(
        'results',
        '结果代码最多16项',
        `检查结果代码最多${MAX_VISIT_RESULTS}项，实为 ${results.length} 项`,
      ),
    ];
  const problems: HealthProblem[] = [];
  const kinds = new Set<string>();
  const seen = new Set<string>();
  for (const code of results) {
    const known = schedule.resultCodes.find((r) => r.code === code);
    if (known === undefined) {
      problems.push(
        problem(
          'results',
          '结果代码须在代码表内',
          `检查结果代码 ${quoted(String(code))} 不在代码表内，须为 ${schedule.resultCodes.map((r) => r.code).join('、')} 之一`,
        ),
      );
      continue;
    }
    if (seen.has(known.code))
      problems.push(problem('results', '结果代码不重复', `检查结果代码 ${known.code} 填了两次`));
    seen.add(known.code);
    kinds.add(known.kind);
  }
  if (kinds.has('normal') && (kinds.has('finding') || kinds.has('action')))
    problems.push(
      problem('results', '未见异常不与其他结果同填', '“未见异常”（normal）不能与异常或处理结果同填'),
    );
  else if (kinds.has('action') && !kinds.has('finding'))
    problems.push(
      problem('results', '处理须有对应发现', '填写“已给出针对性指导”或“已转诊”时须同时填写所发现的异常'),
    );
  return problems;
}

/**
 * Checks a visit before it is recorded, reporting every problem at once: the visit is one of
 * the schedule's; the date is a calendar date, not before the birth, not after today, inside
 * the visit's window; the institution code is a 统一社会信用代码 with its check character; the
 * result codes are in the table, each once, `normal` alone, an action only beside a finding; and
 * the visit is not already recorded differently (the identical visit again is a replay).
 */
export function validateVisit(
  input: VisitInput,
  context: VisitContext,
  schedule: ChildHealthSchedule = CHILD_HEALTH_SCHEDULE,
): VisitValidation {
  const problems: HealthProblem[] = [];
  const scheduled = findScheduledVisit(schedule, input.visit);
  if (scheduled === undefined)
    problems.push(
      problem(
        'visit',
        '访视须在服务规范内',
        `访视 ${quoted(String(input.visit))} 不在${schedule.title}内，须为 ${schedule.visits.map((v) => v.code).join('、')} 之一`,
      ),
    );
  const dateOk = typeof input.date === 'string' && isLocalDate(input.date);
  if (!dateOk)
    problems.push(
      problem(
        'date',
        '日期格式',
        `访视日期须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(input.date))}`,
      ),
    );
  else {
    const before = compareDates(input.date, context.birthDate) < 0;
    if (before) problems.push(problem('date', '不早于出生日期', `访视日期 ${input.date} 早于儿童出生日期`));
    if (compareDates(input.date, context.asOf) > 0)
      problems.push(problem('date', '不晚于今日', `访视日期 ${input.date} 不能晚于今日 ${context.asOf}`));
    if (scheduled !== undefined && !before) {
      const { opensOn, lastDay } = visitWindowDates(context.birthDate, scheduled);
      if (compareDates(input.date, opensOn) < 0 || compareDates(input.date, lastDay) > 0)
        problems.push(
          problem(
            'date',
            '须在该次访视的月龄范围内',
            `${scheduled.nameZh}（${scheduled.timingZh}）须在 ${opensOn} 至 ${lastDay} 之间进行，实为 ${input.date}`,
          ),
        );
    }
  }
  const institution = institutionCodeProblem(input.institutionCode);
  if (institution === 'format')
    problems.push(
      problem(
        'institutionCode',
        '机构代码格式',
        `机构代码须为18位统一社会信用代码（数字和大写字母，不含 I、O、Z、S、V），实为 ${quoted(String(input.institutionCode))}`,
      ),
    );
  else if (institution === 'check')
    problems.push(
      problem('institutionCode', '机构代码校验位', `机构代码 ${input.institutionCode} 的校验位不正确`),
    );
  problems.push(...resultProblems(input.results, schedule));
  if (scheduled === undefined || !dateOk || problems.length > 0) return { ok: false, problems };

  const value: CheckedVisit = {
    visit: scheduled.code,
    date: input.date,
    institutionCode: input.institutionCode,
    results: [...input.results].sort(),
  };
  const same = context.recorded.find((r) => r.visit === value.visit);
  if (same === undefined) return { ok: true, value, replay: false };
  if (sameVisit(same, value)) return { ok: true, value: same, replay: true };
  return {
    ok: false,
    problems: [
      problem(
        'visit',
        '访视不重复',
        `${scheduled.nameZh}已登记（访视日期 ${same.date}），不能重复登记不同的内容`,
      ),
    ],
  };
}

/** The same date, institution and set of results. */
export function sameVisit(a: CheckedVisit, b: CheckedVisit): boolean {
  const ra = [...a.results].sort();
  const rb = [...b.results].sort();
  return (
    a.visit === b.visit &&
    a.date === b.date &&
    a.institutionCode === b.institutionCode &&
    ra.length === rb.length &&
    ra.every((r, i) => r === rb[i])
  );
}
