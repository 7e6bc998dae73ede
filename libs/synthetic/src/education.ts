import type { EducationStage as CatalogueEducationStage } from '@care/catalogue';
import { typicalGrade, type Track } from '@care/education-rules';

/**
 * The grade vocabulary, the 31 August cut-off and the typical grade for an age live in
 * @care/education-rules; the generator keeps these names for its callers.
 */
export { schoolYearAge } from '@care/education-rules';

/** Education stages with the ids of @care/catalogue's vocabulary (common.v1.EducationStage). */
export type EducationStage = Exclude<CatalogueEducationStage, 'unspecified'>;

/** The stage and grade label a child of this school-year age is normally in (no grade for out of school). */
export function typicalStage(
  age: number,
  track: Track = 'general',
): { stage: EducationStage; grade?: string } {
  const grade = typicalGrade(age, track);
  return grade ? { stage: grade.stage, grade: grade.label } : { stage: 'none' };
}
