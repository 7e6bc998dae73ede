import { addDays, addMonths, type LocalDate } from '@care/child-rules';
import nipSchedule2021 from './data/nip-schedule-2021.json';

/**
 * The national immunisation programme's schedule for children (国家免疫规划疫苗儿童免疫程序),
 * as data (`data/nip-schedule-2021.json`, the 2021 edition, 国卫办疾控发〔2021〕10号): each
 * vaccine, its doses at the recommended age, the minimum intervals between doses and the
 * catch-up limits of the 说明. The JSON is checked once at load; a broken edit fails the boot.
 */

/** A span of time from a date: months first (clamped at month ends), then days. */
export interface AgeSpan {
  readonly months?: number;
  readonly days?: number;
}

/** The minimum interval after an earlier dose (of the same vaccine unless `vaccine` is named). */
export interface DoseInterval {
  readonly vaccine: string;
  readonly dose: number;
  readonly minMonths: number;
  readonly minDays: number;
}

export interface ScheduledDose {
  /** 1-based dose number (剂次) within the vaccine. */
  readonly dose: number;
  /** Recommended age in completed months (出生时 = 0; 2周岁 = 24). */
  readonly ageMonths: number;
  readonly intervals: readonly DoseInterval[];
  /** 及时接种: the age before which the national rule wants the dose given, where it names one. */
  readonly timelyBefore?: AgeSpan;
}

export interface Vaccine {
  /** Abbreviation used as the code (HepB, BCG, IPV, bOPV, DTaP, DT, MMR, JE-L, MPSV-A, …). */
  readonly code: string;
  readonly nameZh: string;
  readonly diseaseZh: string;
  /** The vaccine this one may replace (乙脑灭活 for 乙脑减毒活, 甲肝灭活 for 甲肝减毒活). */
  readonly alternativeTo?: string;
  /** 补种原则: from this age in months a missing dose is no longer given. */
  readonly catchUpBeforeMonths: number;
  readonly doses: readonly ScheduledDose[];
}

export interface ImmunisationSchedule {
  readonly edition: string;
  readonly title: string;
  readonly source: string;
  readonly vaccines: readonly Vaccine[];
}

interface RawInterval {
  vaccine?: string;
  dose: number;
  minMonths?: number;
  minDays?: number;
}
interface RawDose {
  dose: number;
  ageMonths: number;
  intervals?: RawInterval[];
  timelyBefore?: AgeSpan;
}
interface RawVaccine {
  code: string;
  nameZh: string;
  diseaseZh: string;
  alternativeTo?: string;
  catchUpBeforeMonths?: number;
  doses: RawDose[];
}
interface RawSchedule {
  edition: string;
  title: string;
  source: string;
  catchUpBeforeMonths: number;
  vaccines: RawVaccine[];
}

const isCount = (n: unknown, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;

/**
 * The schedule of a JSON document, or the list of what is wrong with it: codes unique, doses
 * numbered 1..n with non-decreasing ages, every interval pointing at an existing earlier dose,
 * every alternative at a vaccine that is not itself an alternative.
 */
export function parseSchedule(raw: unknown): { schedule: ImmunisationSchedule } | { errors: string[] } {
  const errors: string[] = [];
  const doc = raw as Partial<RawSchedule> | null;
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.vaccines))
    return { errors: ['schedule: must be an object with vaccines[]'] };
  if (!isCount(doc.catchUpBeforeMonths, 240)) errors.push('catchUpBeforeMonths: months 0..240');
  const codes = new Set<string>();
  for (const v of doc.vaccines) {
    if (typeof v.code !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,15}$/.test(v.code))
      errors.push(`vaccine code ${JSON.stringify(v.code)}: letters, digits, '-'`);
    if (codes.has(v.code)) errors.push(`${v.code}: duplicate code`);
    codes.add(v.code);
    if (typeof v.nameZh !== 'string' || v.nameZh === '') errors.push(`${v.code}: nameZh required`);
    if (!Array.isArray(v.doses) || v.doses.length === 0) {
      errors.push(`${v.code}: doses required`);
      continue;
    }
    v.doses.forEach((d, i) => {
      if (d.dose !== i + 1) errors.push(`${v.code}: dose ${i + 1} numbered ${d.dose}`);
      if (!isCount(d.ageMonths, 216)) errors.push(`${v.code}#${d.dose}: ageMonths 0..216`);
      if (i > 0 && d.ageMonths < v.doses[i - 1].ageMonths)
        errors.push(`${v.code}#${d.dose}: recommended before the previous dose`);
    });
  }
  for (const v of doc.vaccines) {
    if (v.alternativeTo !== undefined) {
      const target = doc.vaccines.find((o) => o.code === v.alternativeTo);
      if (target === undefined || target.alternativeTo !== undefined)
        errors.push(`${v.code}: alternativeTo ${v.alternativeTo} must be a primary vaccine of the schedule`);
    }
    for (const d of v.doses ?? [])
      for (const iv of d.intervals ?? []) {
        const other = doc.vaccines.find((o) => o.code === (iv.vaccine ?? v.code));
        const target = other?.doses?.find((o) => o.dose === iv.dose);
        if (target === undefined)
          errors.push(`${v.code}#${d.dose}: interval after unknown dose ${iv.vaccine ?? v.code}#${iv.dose}`);
        else if ((iv.vaccine ?? v.code) === v.code && iv.dose >= d.dose)
          errors.push(`${v.code}#${d.dose}: interval after a later dose`);
        if (!isCount(iv.minMonths ?? 0, 120) || !isCount(iv.minDays ?? 0, 3650))
          errors.push(`${v.code}#${d.dose}: interval months 0..120, days 0..3650`);
        if ((iv.minMonths ?? 0) === 0 && (iv.minDays ?? 0) === 0)
          errors.push(`${v.code}#${d.dose}: interval of zero`);
      }
  }
  if (errors.length > 0) return { errors };
  const defaultCatchUp = doc.catchUpBeforeMonths as number;
  return {
    schedule: {
      edition: String(doc.edition ?? ''),
      title: String(doc.title ?? ''),
      source: String(doc.source ?? ''),
      vaccines: doc.vaccines.map((v) => ({
        code: v.code,
        nameZh: v.nameZh,
        diseaseZh: v.diseaseZh ?? '',
        ...(v.alternativeTo === undefined ? {} : { alternativeTo: v.alternativeTo }),
        catchUpBeforeMonths: v.catchUpBeforeMonths ?? defaultCatchUp,
        doses: v.doses.map((d) => ({
          dose: d.dose,
          ageMonths: d.ageMonths,
          intervals: (d.intervals ?? []).map((iv) => ({
            vaccine: iv.vaccine ?? v.code,
            dose: iv.dose,
            minMonths: iv.minMonths ?? 0,
            minDays: iv.minDays ?? 0,
          })),
          ...(d.timelyBefore === undefined ? {} : { timelyBefore: d.timelyBefore }),
        })),
      })),
    },
  };
}

function loadBundled(): ImmunisationSchedule {
  const parsed = parseSchedule(nipSchedule2021);
  if ('errors' in parsed) throw new Error(`nip-schedule-2021.json: ${parsed.errors.join('; ')}`);
  return parsed.schedule;
}

/** 国家免疫规划疫苗儿童免疫程序（2021年版）. */
export const NIP_SCHEDULE_2021: ImmunisationSchedule = loadBundled();

export function findVaccine(schedule: ImmunisationSchedule, code: string): Vaccine | undefined {
  return schedule.vaccines.find((v) => v.code === code);
}

/** The date a span after `from` (months first, clamped at month ends, then days). */
export function plusSpan(from: LocalDate, span: AgeSpan): LocalDate {
  return addDays(addMonths(from, span.months ?? 0), span.days ?? 0);
}

/** The earliest date a dose may follow an earlier one given on `previousOn`. */
export function intervalEnd(previousOn: LocalDate, interval: DoseInterval): LocalDate {
  return plusSpan(previousOn, { months: interval.minMonths, days: interval.minDays });
}

/** "出生时", "8月龄", "18月龄", "4周岁": the age as the schedule's table prints it. */
export function ageText(ageMonths: number): string {
  if (ageMonths === 0) return '出生时';
  if (ageMonths >= 24 && ageMonths % 12 === 0) return `${ageMonths / 12}周岁`;
  return `${ageMonths}月龄`;
}

/** "≥28天", "≥6个月", "≥1个月7天". */
export function intervalText(interval: { minMonths: number; minDays: number }): string {
  const months = interval.minMonths > 0 ? `${interval.minMonths}个月` : '';
  const days = interval.minDays > 0 ? `${interval.minDays}天` : '';
  return `≥${months}${days}`;
}

/** "乙肝疫苗第2剂". */
export function doseLabel(vaccine: Pick<Vaccine, 'nameZh'>, dose: number): string {
  return `${vaccine.nameZh}第${dose}剂`;
}
