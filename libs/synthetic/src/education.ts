import { completedYears, type LocalDate } from '@care/child-rules';

/** Education stages with the ids of @care/catalogue's vocabulary (common.v1.EducationStage). */
export type EducationStage =
  | 'none'
  | 'preschool'
  | 'primary'
  | 'junior-secondary'
  | 'senior-secondary'
  | 'secondary-vocational'
  | 'special';

/**
 * Age on 31 August before the school year containing `asOf`: children start primary school in
 * the September after they turn six (the usual national cut-off).
 */
export function schoolYearAge(birthDate: LocalDate, asOf: LocalDate): number {
  const year = Number(asOf.slice(0, 4));
  const schoolYearStart = asOf.slice(5) >= '09-01' ? year : year - 1;
  return completedYears(birthDate, `${schoolYearStart}-08-31`);
}

const PRIMARY_GRADES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'];
const JUNIOR_GRADES = ['七年级', '八年级', '九年级'];
const SENIOR_GRADES = ['高一', '高二', '高三'];
const PRESCHOOL_GRADES = ['小班', '中班', '大班'];

/** The stage and grade a child of this school-year age is normally in (no grade for out of school). */
export function typicalStage(
  age: number,
  track: 'general' | 'vocational' = 'general',
): { stage: EducationStage; grade?: string } {
  if (age < 3) return { stage: 'none' };
  if (age < 6) return { stage: 'preschool', grade: PRESCHOOL_GRADES[age - 3] };
  if (age < 12) return { stage: 'primary', grade: PRIMARY_GRADES[age - 6] };
  if (age < 15) return { stage: 'junior-secondary', grade: JUNIOR_GRADES[age - 12] };
  if (age < 18)
    return track === 'vocational'
      ? { stage: 'secondary-vocational', grade: `中职${['一', '二', '三'][age - 15]}年级` }
      : { stage: 'senior-secondary', grade: SENIOR_GRADES[age - 15] };
  return { stage: 'none' };
}
