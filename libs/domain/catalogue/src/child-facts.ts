import type { LocalDate } from '@care/child-rules';
import type { DifficultyType, EducationStage } from './vocabulary';

/**
 * The facts about a child that decide what the child is owed; mirrors common.v1.ChildFacts
 * without identity (no name, ID number or address ever reaches the catalogue).
 */
export interface ChildFacts {
  readonly birthDate: LocalDate;
  readonly educationStage: EducationStage;
  readonly inSchoolLocally: boolean; // 在流入地就读
  readonly disabled: boolean; // 残疾儿童
  readonly orphan: boolean; // 孤儿
  readonly scatteredOrphan: boolean; // 社会散居孤儿
  readonly deFactoUnsupported: boolean; // 事实无人抚养儿童
  readonly keyHardship: boolean; // 重点困境儿童
  readonly seriouslyIll: boolean; // 重病困境儿童
  readonly aidsAffected: boolean; // 受艾滋病影响儿童
  readonly minimumLiving: boolean; // 符合最低生活保障条件
  readonly destitute: boolean; // 符合户籍地特困救助供养条件
  readonly temporaryAssistance: boolean; // 符合本地临时救助情形
  readonly housingDifficulty: boolean; // 家庭住房困难
  readonly severeMentalDisorderAtHome: boolean; // 诊断明确、在家居住的严重精神障碍患者
  readonly isMigrant: boolean; // 流动儿童, as the registry last determined
  readonly movedOut: boolean; // 迁出
  readonly difficultyTypes: readonly DifficultyType[];
}

/** The yes/no facts a target-group rule may test (isMigrant and movedOut gate everything instead). */
export const FACT_FLAGS = {
  inSchoolLocally: '在流入地就读',
  disabled: '残疾儿童',
  orphan: '孤儿',
  scatteredOrphan: '社会散居孤儿',
  deFactoUnsupported: '事实无人抚养儿童',
  keyHardship: '重点困境儿童',
  seriouslyIll: '重病困境儿童',
  aidsAffected: '受艾滋病影响儿童',
  minimumLiving: '符合最低生活保障条件',
  destitute: '符合户籍地特困救助供养条件',
  temporaryAssistance: '符合本地临时救助情形',
  housingDifficulty: '家庭住房困难',
  severeMentalDisorderAtHome: '诊断明确、在家居住的严重精神障碍患者',
} as const satisfies Partial<Record<keyof ChildFacts, string>>;

export type FactFlag = keyof typeof FACT_FLAGS;

export function isFactFlag(value: unknown): value is FactFlag {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FACT_FLAGS, value);
}

/**
 * Only a migrant child who still lives here (isMigrant && !movedOut) is owed anything from a
 * residence list: the list is what the child enjoys 在居住地.
 */
export function isEntitledToAnything(facts: Pick<ChildFacts, 'isMigrant' | 'movedOut'>): boolean {
  return facts.isMigrant && !facts.movedOut;
}
