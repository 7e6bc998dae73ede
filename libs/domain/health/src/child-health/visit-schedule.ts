import { addDays, type LocalDate } from '@care/child-rules';
import visitsJson from '../data/child-health-visits-2017.json';
import { plusSpan, type AgeSpan } from '../schedule';

/**
 * 0～3岁儿童健康管理 (国家基本公共卫生服务规范（第三版）, 0～6岁儿童健康管理服务规范) as data
 * (`data/child-health-visits-2017.json`): the newborn home visit, the 满月 visit and the eight
 * checks at 3…36 months, each with the ages in which it may be recorded (its window), the age
 * from which a visit not done is overdue, and whether the timing is the spec's own words or
 * the platform's reading (`timingInSpec`); the result codes a visit records; and how many visits
 * count as the health management delivered. The JSON is checked once at load.
 */

export interface VisitWindow {
  /** First age (inclusive) at which the visit may be recorded. */
  readonly from: AgeSpan;
  /** The age (exclusive) from which it may no longer be recorded. */
  readonly before: AgeSpan;
}

export interface ScheduledVisit {
  /** `newborn`, `month-1`, `month-3` … `month-36`. */
  readonly code: string;
  readonly nameZh: string;
  /** The timing as the spec words it ("出院后1周内", "出生后28～30天", "3月龄"). */
  readonly timingZh: string;
  readonly place: string;
  readonly window: VisitWindow;
  /** From this age a visit not done is overdue; equal to `window.before`: never overdue, only missed. */
  readonly overdueFrom: AgeSpan;
  readonly sourceText: string;
  /** The window is the spec's (true) or the platform's reading of "at N months" (false). */
  readonly timingInSpec: boolean;
  readonly windowNote: string;
}

/** `normal` stands alone; a `finding` is what was found; an `action` what the clinic did about it. */
export type VisitResultKind = 'normal' | 'finding' | 'action';

export interface VisitResultCode {
  readonly code: string;
  readonly nameZh: string;
  readonly kind: VisitResultKind;
}

export interface ChildHealthSchedule {
  readonly edition: string;
  readonly title: string;
  readonly source: string;
  /** The quoted texts were checked word for word against the original (false: see sourceTextNote). */
  readonly sourceTextChecked: boolean;
  readonly sourceTextNote: string;
  /** Visits done after which the catalogue item (health management) counts as delivered. */
  readonly managedAfterVisits: number;
  readonly managedSource: string;
  readonly visits: readonly ScheduledVisit[];
  readonly resultCodes: readonly VisitResultCode[];
}

const RESULT_KINDS: readonly VisitResultKind[] = ['normal', 'finding', 'action'];

/** A span as a comparable number of days (months counted as 31: only to order spans of one table). */
const spanOrder = (s: AgeSpan): number => (s.months ?? 0) * 31 + (s.days ?? 0);

function spanErrors(name: string, raw: unknown): string[] {
  const s = raw as Partial<Record<string, unknown>> | null;
  if (typeof s !== 'object' || s === null) return [`${name}: must be { months?, days? }`];
  const extra = Object.keys(s).filter((k) => k !== 'months' && k !== 'days');
  if (extra.length > 0) return [`${name}: unknown ${extra.join(', ')}`];
  const ok = (n: unknown, max: number) =>
    n === undefined || (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max);
  return ok(s.months, 216) && ok(s.days, 366) ? [] : [`${name}: months 0..216, days 0..366`];
}

/**
 * The schedule of a JSON document, or what is wrong with it: visit and result codes unique and
 * well formed; every window opening before it closes, the overdue age inside it (or at its close),
 * windows in order of age; at least one result code of each kind; managedAfterVisits between 1
 * and the number of visits.
 */
export function parseChildHealthSchedule(
  raw: unknown,
): { schedule: ChildHealthSchedule } | { errors: string[] } {
  const doc = raw as Partial<Record<keyof ChildHealthSchedule, unknown>> | null;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    !Array.isArray(doc.visits) ||
    !Array.isArray(doc.resultCodes)
  )
    return { errors: ['schedule: must be an object with visits[] and resultCodes[]'] };
  const errors: string[] = [];
  for (const field of ['edition', 'title', 'source', 'managedSource'] as const)
    if (typeof doc[field] !== 'string' || doc[field] === '') errors.push(`${field}: required`);
  if (typeof doc.sourceTextChecked !== 'boolean') errors.push('sourceTextChecked: true or false');
  if (
    doc.sourceTextChecked === false &&
    (typeof doc.sourceTextNote !== 'string' || doc.sourceTextNote === '')
  )
    errors.push('sourceTextNote: say why the texts are not checked');
  const visits = doc.visits as Partial<ScheduledVisit>[];
  const codes = new Set<string>();
  let previousFrom = -1;
  for (const v of visits) {
    const name = typeof v.code === 'string' ? v.code : JSON.stringify(v.code);
    if (typeof v.code !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(v.code))
      errors.push(`visit code ${name}: lower-case letters, digits, '-'`);
    if (codes.has(String(v.code))) errors.push(`${name}: duplicate code`);
    codes.add(String(v.code));
    for (const field of ['nameZh', 'timingZh', 'place', 'sourceText', 'windowNote'] as const)
      if (typeof v[field] !== 'string' || v[field] === '') errors.push(`${name}: ${field} required`);
    if (typeof v.timingInSpec !== 'boolean') errors.push(`${name}: timingInSpec true or false`);
    const spans = [
      ...spanErrors(`${name}.window.from`, v.window?.from),
      ...spanErrors(`${name}.window.before`, v.window?.before),
      ...spanErrors(`${name}.overdueFrom`, v.overdueFrom),
    ];
    errors.push(...spans);
    if (spans.length > 0 || v.window === undefined || v.overdueFrom === undefined) continue;
    const from = spanOrder(v.window.from);
    const before = spanOrder(v.window.before);
    const overdue = spanOrder(v.overdueFrom);
    if (from >= before) errors.push(`${name}: window opens at or after it closes`);
    if (overdue <= from || overdue > before)
      errors.push(`${name}: overdueFrom must lie after the opening, at most the close`);
    if (from < previousFrom) errors.push(`${name}: window opens before the previous visit's`);
    previousFrom = from;
  }
  if (visits.length === 0) errors.push('visits: at least one');
  const managed = doc.managedAfterVisits;
  if (typeof managed !== 'number' || !Number.isInteger(managed) || managed < 1 || managed > visits.length)
    errors.push(`managedAfterVisits: 1..${visits.length}`);
  const results = doc.resultCodes as Partial<VisitResultCode>[];
  const resultCodes = new Set<string>();
  for (const r of results) {
    const name = typeof r.code === 'string' ? r.code : JSON.stringify(r.code);
    if (typeof r.code !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(r.code))
      errors.push(`result code ${name}: lower-case letters, digits, '-'`);
    if (resultCodes.has(String(r.code))) errors.push(`result ${name}: duplicate code`);
    resultCodes.add(String(r.code));
    if (typeof r.nameZh !== 'string' || r.nameZh === '') errors.push(`result ${name}: nameZh required`);
    if (!RESULT_KINDS.includes(r.kind as VisitResultKind))
      errors.push(`result ${name}: kind normal, finding or action`);
  }
  for (const kind of RESULT_KINDS)
    if (!results.some((r) => r.kind === kind)) errors.push(`resultCodes: no code of kind ${kind}`);
  if (errors.length > 0) return { errors };
  return {
    schedule: {
      edition: doc.edition as string,
      title: doc.title as string,
      source: doc.source as string,
      sourceTextChecked: doc.sourceTextChecked as boolean,
      sourceTextNote: String(doc.sourceTextNote ?? ''),
      managedAfterVisits: managed as number,
      managedSource: doc.managedSource as string,
      visits: visits as ScheduledVisit[],
      resultCodes: results as VisitResultCode[],
    },
  };
}

function load(): ChildHealthSchedule {
  const parsed = parseChildHealthSchedule(visitsJson);
  if ('errors' in parsed) throw new Error(`child-health-visits-2017.json: ${parsed.errors.join('; ')}`);
  return parsed.schedule;
}

/** 国家基本公共卫生服务规范（第三版）: the 0～3岁 visits. */
export const CHILD_HEALTH_SCHEDULE: ChildHealthSchedule = load();

export function findScheduledVisit(schedule: ChildHealthSchedule, code: string): ScheduledVisit | undefined {
  return schedule.visits.find((v) => v.code === code);
}

/** The dates of a visit's window for a child born on `birthDate`: first and last day it may be recorded. */
export function visitWindowDates(
  birthDate: LocalDate,
  visit: Pick<ScheduledVisit, 'window' | 'overdueFrom'>,
): { readonly opensOn: LocalDate; readonly lastDay: LocalDate; readonly overdueFrom: LocalDate } {
  return {
    opensOn: plusSpan(birthDate, visit.window.from),
    lastDay: addDays(plusSpan(birthDate, visit.window.before), -1),
    overdueFrom: plusSpan(birthDate, visit.overdueFrom),
  };
}
