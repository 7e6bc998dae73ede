import { EDUCATION_STAGES, type EducationStage } from '@care/catalogue';

/**
 * The closed vocabulary of grades (年级) per stage, as school rosters (学籍) name them: the
 * 六三制 sequence that Heze and most of Shandong use (primary 一年级–六年级, junior secondary
 * 七年级–九年级), three kindergarten years (小班/中班/大班), three years of senior secondary
 * (高一–高三) and of secondary vocational school (中职一年级–中职三年级), and the nine years of
 * compulsory education in a special-education school (特殊教育学校 一年级–九年级).
 *
 * `ordinal` counts grades on one scale across the stages (大班 = 0, 一年级 = 1, 九年级 = 9,
 * 高一 = 中职一年级 = 10), so the typical 入学年龄 of a grade is `ordinal + 5`.
 */

/** A stage that has grades: every education stage but 未入学 and 未知. */
export type SchoolStage = Exclude<EducationStage, 'none' | 'unspecified'>;

export const SCHOOL_STAGES: readonly SchoolStage[] = [
  'preschool',
  'primary',
  'junior-secondary',
  'senior-secondary',
  'secondary-vocational',
  'special',
];

export function isSchoolStage(value: unknown): value is SchoolStage {
  return typeof value === 'string' && (SCHOOL_STAGES as readonly string[]).includes(value);
}

/** 小学, 初中, 特殊教育 …: the Chinese name of a stage (@care/catalogue's vocabulary). */
export function stageLabel(stage: EducationStage): string {
  return EDUCATION_STAGES[stage].nameZh;
}

interface GradeDefinition {
  readonly stage: SchoolStage;
  readonly year: number; // 1-based year within the stage
  readonly label: string;
  readonly ordinal: number;
}

export const GRADES = {
  'preschool-1': { stage: 'preschool', year: 1, label: '小班', ordinal: -2 },
  'preschool-2': { stage: 'preschool', year: 2, label: '中班', ordinal: -1 },
  'preschool-3': { stage: 'preschool', year: 3, label: '大班', ordinal: 0 },
  'primary-1': { stage: 'primary', year: 1, label: '一年级', ordinal: 1 },
  'primary-2': { stage: 'primary', year: 2, label: '二年级', ordinal: 2 },
  'primary-3': { stage: 'primary', year: 3, label: '三年级', ordinal: 3 },
  'primary-4': { stage: 'primary', year: 4, label: '四年级', ordinal: 4 },
  'primary-5': { stage: 'primary', year: 5, label: '五年级', ordinal: 5 },
  'primary-6': { stage: 'primary', year: 6, label: '六年级', ordinal: 6 },
  'junior-secondary-1': { stage: 'junior-secondary', year: 1, label: '七年级', ordinal: 7 },
  'junior-secondary-2': { stage: 'junior-secondary', year: 2, label: '八年级', ordinal: 8 },
  'junior-secondary-3': { stage: 'junior-secondary', year: 3, label: '九年级', ordinal: 9 },
  'senior-secondary-1': { stage: 'senior-secondary', year: 1, label: '高一', ordinal: 10 },
  'senior-secondary-2': { stage: 'senior-secondary', year: 2, label: '高二', ordinal: 11 },
  'senior-secondary-3': { stage: 'senior-secondary', year: 3, label: '高三', ordinal: 12 },
  'secondary-vocational-1': { stage: 'secondary-vocational', year: 1, label: '中职一年级', ordinal: 10 },
  'secondary-vocational-2': { stage: 'secondary-vocational', year: 2, label: '中职二年级', ordinal: 11 },
  'secondary-vocational-3': { stage: 'secondary-vocational', year: 3, label: '中职三年级', ordinal: 12 },
  'special-1': { stage: 'special', year: 1, label: '一年级', ordinal: 1 },
  'special-2': { stage: 'special', year: 2, label: '二年级', ordinal: 2 },
  'special-3': { stage: 'special', year: 3, label: '三年级', ordinal: 3 },
  'special-4': { stage: 'special', year: 4, label: '四年级', ordinal: 4 },
  'special-5': { stage: 'special', year: 5, label: '五年级', ordinal: 5 },
  'special-6': { stage: 'special', year: 6, label: '六年级', ordinal: 6 },
  'special-7': { stage: 'special', year: 7, label: '七年级', ordinal: 7 },
  'special-8': { stage: 'special', year: 8, label: '八年级', ordinal: 8 },
  'special-9': { stage: 'special', year: 9, label: '九年级', ordinal: 9 },
} as const satisfies Record<string, GradeDefinition>;

/** Stable grade id, `<stage>-<year>` ('primary-3' = 小学三年级, 'special-3' = 特殊教育学校三年级). */
export type GradeId = keyof typeof GRADES;

export interface Grade extends GradeDefinition {
  readonly id: GradeId;
}

export const GRADE_IDS = Object.keys(GRADES) as GradeId[];

const ALL_GRADES: readonly Grade[] = GRADE_IDS.map((id) => ({ id, ...GRADES[id] }));
const BY_ID = new Map(ALL_GRADES.map((g) => [g.id, g]));

export function isGradeId(value: unknown): value is GradeId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(GRADES, value);
}

export function gradeById(id: GradeId): Grade {
  return BY_ID.get(id) as Grade;
}

/** The grades of a stage in order; none for 未入学 and 未知. */
export function gradesOf(stage: EducationStage): readonly Grade[] {
  return ALL_GRADES.filter((g) => g.stage === stage);
}

/** 三年级, 高一, 中班: the label a roster shows (the stage is not part of it). */
export function gradeLabel(id: GradeId): string {
  return GRADES[id].label;
}

/** Position on the one scale across stages (大班 0, 一年级 1 … 九年级 9, 高一/中职一年级 10). */
export function gradeOrdinal(id: GradeId): number {
  return GRADES[id].ordinal;
}

/** The 入学年龄 (age on 31 August, see school-year.ts) of a child in this grade without delay or skip. */
export function gradeTypicalAge(id: GradeId): number {
  return GRADES[id].ordinal + 5;
}

/** "一年级至六年级": the range of a stage, for messages; '' for a stage without grades. */
export function stageGradeRange(stage: EducationStage): string {
  const grades = gradesOf(stage);
  return grades.length === 0 ? '' : `${grades[0].label}至${grades[grades.length - 1].label}`;
}

export type Track = 'general' | 'vocational';

/**
 * The grade a child of this 入学年龄 is normally in, without delay or skip: preschool from 3,
 * primary from 6, junior secondary from 12, and from 15 senior secondary (`general`) or
 * secondary vocational (`vocational`) school. Undefined below 3 and from 18.
 */
export function typicalGrade(schoolYearAge: number, track: Track = 'general'): Grade | undefined {
  if (!Number.isInteger(schoolYearAge) || schoolYearAge < 3 || schoolYearAge >= 18) return undefined;
  const ordinal = schoolYearAge - 5;
  const stage: SchoolStage =
    ordinal <= 0
      ? 'preschool'
      : ordinal <= 6
        ? 'primary'
        : ordinal <= 9
          ? 'junior-secondary'
          : track === 'vocational'
            ? 'secondary-vocational'
            : 'senior-secondary';
  return gradesOf(stage).find((g) => g.ordinal === ordinal);
}
