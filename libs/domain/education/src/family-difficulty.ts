import type { ChildFacts } from '@care/catalogue';

/**
 * 家庭经济困难 as the student-aid rules read it: the family meets the minimum-living (低保) or
 * destitute-support (特困) criteria, or the key-care ledger records family hardship, or the
 * child is an orphan, de facto unsupported (事实无人抚养) or disabled. These are the groups the
 * student-aid identification guidance (教育部等《关于做好家庭经济困难学生认定工作的指导意见》2018)
 * names first; a school's own identification of other families stays outside these facts.
 */
export const DIFFICULTY_GROUNDS = {
  minimumLiving: '符合最低生活保障条件',
  destitute: '符合特困救助供养条件',
  familyHardship: '家庭生活困难',
  orphan: '孤儿',
  deFactoUnsupported: '事实无人抚养儿童',
  disabled: '残疾儿童',
} as const satisfies Record<string, string>;

export type DifficultyGround = keyof typeof DIFFICULTY_GROUNDS;

export type DifficultyFacts = Pick<
  ChildFacts,
  | 'minimumLiving'
  | 'destitute'
  | 'difficultyTypes'
  | 'orphan'
  | 'scatteredOrphan'
  | 'deFactoUnsupported'
  | 'disabled'
>;

/** The grounds on which the child's family counts as in economic difficulty, in table order; [] when none. */
export function familyDifficultyGrounds(facts: DifficultyFacts): DifficultyGround[] {
  const holds: Record<DifficultyGround, boolean> = {
    minimumLiving: facts.minimumLiving,
    destitute: facts.destitute,
    familyHardship: facts.difficultyTypes.includes('family-hardship'),
    orphan: facts.orphan || facts.scatteredOrphan,
    deFactoUnsupported: facts.deFactoUnsupported,
    disabled: facts.disabled || facts.difficultyTypes.includes('disability'),
  };
  return (Object.keys(DIFFICULTY_GROUNDS) as DifficultyGround[]).filter((g) => holds[g]);
}

export function isFamilyInDifficulty(facts: DifficultyFacts): boolean {
  return familyDifficultyGrounds(facts).length > 0;
}
