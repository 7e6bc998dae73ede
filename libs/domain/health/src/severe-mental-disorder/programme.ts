import type { AgeSpan } from '../schedule';
import programme2017 from './programme.json';

/**
 * 严重精神障碍患者管理 as data (`programme.json`): the six disorders of the programme, the risk
 * levels of 危险性评估, the three stability classes (分类干预) with the interval to the next
 * follow-up, the medication adherence codes of the follow-up form, and the sources — with what
 * could not be verified listed in the file itself. Checked once at load; a broken edit fails the boot.
 */

export interface DiagnosisCategory {
  /** Stable code the API takes (`schizophrenia`). */
  readonly code: string;
  readonly label: string;
  /** ICD-10 reference (unverified, see the file's `unverified`). */
  readonly icd10: string;
}

export interface RiskLevel {
  /** 0..5 (危险性评估 0级—5级). */
  readonly level: number;
  readonly description: string;
}

export interface StabilityClass {
  readonly code: string;
  readonly label: string;
  /** 本次随访分类 on the form: 1 不稳定, 2 基本稳定, 3 稳定. */
  readonly formCode: number;
  /** The risk levels this class admits (a level 3–5 patient is never stable). */
  readonly riskLevels: readonly number[];
  /** From the follow-up's date to the next one due. */
  readonly nextFollowUp: AgeSpan;
  readonly rule: string;
}

export interface AdherenceCode {
  readonly code: string;
  readonly label: string;
  /** 服药依从性 on the form: 1..4. */
  readonly formCode: number;
}

export interface SevereMentalDisorderProgramme {
  readonly edition: string;
  readonly title: string;
  readonly sources: readonly string[];
  readonly verified: string;
  readonly unverified: readonly string[];
  readonly diagnosisCategories: readonly DiagnosisCategory[];
  readonly riskLevels: readonly RiskLevel[];
  readonly stabilities: readonly StabilityClass[];
  readonly adherence: readonly AdherenceCode[];
  readonly minFollowUpsPerYear: number;
}

const CODE = /^[a-z][a-z0-9-]{0,63}$/;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isSpan(value: unknown): value is AgeSpan {
  if (typeof value !== 'object' || value === null) return false;
  const { months = 0, days = 0 } = value as { months?: unknown; days?: unknown };
  return (
    Number.isInteger(months) &&
    Number.isInteger(days) &&
    (months as number) >= 0 &&
    (days as number) >= 0 &&
    (months as number) <= 12 &&
    (days as number) <= 366 &&
    (months as number) + (days as number) > 0
  );
}

function codesProblems(what: string, list: readonly { code?: unknown }[]): string[] {
  const errors: string[] = [];
  const seen = new Set<unknown>();
  for (const entry of list) {
    if (typeof entry.code !== 'string' || !CODE.test(entry.code))
      errors.push(`${what} code ${JSON.stringify(entry.code)}: lower-case letters, digits, '-'`);
    if (seen.has(entry.code)) errors.push(`${what} ${String(entry.code)}: duplicate code`);
    seen.add(entry.code);
  }
  return errors;
}

/**
 * The programme of a JSON document, or what is wrong with it: the categories, stability classes
 * and adherence codes unique and labelled; risk levels exactly 0..5; every stability admitting
 * known levels with a positive interval, and every level admitted by some class; form codes unique.
 */
export function parseSevereMentalDisorderProgramme(
  raw: unknown,
): { programme: SevereMentalDisorderProgramme } | { errors: string[] } {
  const doc = raw as Partial<Record<keyof SevereMentalDisorderProgramme, unknown>> | null;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    !Array.isArray(doc.diagnosisCategories) ||
    !Array.isArray(doc.riskLevels) ||
    !Array.isArray(doc.stabilities) ||
    !Array.isArray(doc.adherence)
  )
    return {
      errors: ['programme: diagnosisCategories[], riskLevels[], stabilities[], adherence[] required'],
    };
  const categories = doc.diagnosisCategories as Partial<DiagnosisCategory>[];
  const levels = doc.riskLevels as Partial<RiskLevel>[];
  const stabilities = doc.stabilities as Partial<StabilityClass>[];
  const adherence = doc.adherence as Partial<AdherenceCode>[];
  const errors: string[] = [
    ...codesProblems('diagnosis', categories),
    ...codesProblems('stability', stabilities),
    ...codesProblems('adherence', adherence),
  ];
  if (categories.length === 0) errors.push('diagnosisCategories: at least one');
  for (const c of categories)
    if (!isText(c.label)) errors.push(`diagnosis ${String(c.code)}: label required`);
  if (levels.map((l) => l.level).join(',') !== '0,1,2,3,4,5')
    errors.push('riskLevels: exactly the levels 0..5, in order');
  for (const l of levels)
    if (!isText(l.description)) errors.push(`risk level ${String(l.level)}: description required`);
  const admitted = new Set<number>();
  for (const s of stabilities) {
    if (!isText(s.label) || !isText(s.rule))
      errors.push(`stability ${String(s.code)}: label and rule required`);
    if (!isSpan(s.nextFollowUp))
      errors.push(`stability ${String(s.code)}: nextFollowUp months 0..12 and days 0..366, not zero`);
    if (!Array.isArray(s.riskLevels) || s.riskLevels.length === 0)
      errors.push(`stability ${String(s.code)}: riskLevels required`);
    for (const level of s.riskLevels ?? []) {
      if (!Number.isInteger(level) || level < 0 || level > 5)
        errors.push(`stability ${String(s.code)}: risk level ${String(level)} not in 0..5`);
      admitted.add(level);
    }
  }
  for (let level = 0; level <= 5; level++)
    if (!admitted.has(level)) errors.push(`risk level ${level}: admitted by no stability class`);
  for (const [what, list] of [
    ['stability', stabilities],
    ['adherence', adherence],
  ] as const) {
    const formCodes = list.map((e) => e.formCode);
    if (new Set(formCodes).size !== formCodes.length || !formCodes.every((f) => Number.isInteger(f)))
      errors.push(`${what}: formCode whole numbers, unique`);
  }
  for (const a of adherence) if (!isText(a.label)) errors.push(`adherence ${String(a.code)}: label required`);
  if (!Number.isInteger(doc.minFollowUpsPerYear) || (doc.minFollowUpsPerYear as number) < 1)
    errors.push('minFollowUpsPerYear: a whole number from 1');
  if (!Array.isArray(doc.sources) || doc.sources.length === 0 || !doc.sources.every(isText))
    errors.push('sources: the documents the data comes from');
  if (errors.length > 0) return { errors };
  return {
    programme: {
      edition: String(doc.edition ?? ''),
      title: String(doc.title ?? ''),
      sources: doc.sources as string[],
      verified: String(doc.verified ?? ''),
      unverified: Array.isArray(doc.unverified) ? (doc.unverified as string[]) : [],
      diagnosisCategories: categories as DiagnosisCategory[],
      riskLevels: levels as RiskLevel[],
      stabilities: stabilities as StabilityClass[],
      adherence: adherence as AdherenceCode[],
      minFollowUpsPerYear: doc.minFollowUpsPerYear as number,
    },
  };
}

function loadBundled(): SevereMentalDisorderProgramme {
  const parsed = parseSevereMentalDisorderProgramme(programme2017);
  if ('errors' in parsed)
    throw new Error(`severe-mental-disorder/programme.json: ${parsed.errors.join('; ')}`);
  return parsed.programme;
}

/** 国家基本公共卫生服务规范（第三版） 严重精神障碍患者管理, with the 2018 工作规范's six disorders. */
export const SEVERE_MENTAL_DISORDER_PROGRAMME: SevereMentalDisorderProgramme = loadBundled();

export function findDiagnosisCategory(
  programme: SevereMentalDisorderProgramme,
  code: string,
): DiagnosisCategory | undefined {
  return programme.diagnosisCategories.find((c) => c.code === code);
}

export function findStability(
  programme: SevereMentalDisorderProgramme,
  code: string,
): StabilityClass | undefined {
  return programme.stabilities.find((s) => s.code === code);
}

export function findAdherence(
  programme: SevereMentalDisorderProgramme,
  code: string,
): AdherenceCode | undefined {
  return programme.adherence.find((a) => a.code === code);
}
