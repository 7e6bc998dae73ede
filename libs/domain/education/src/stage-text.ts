import { compactText, normalizeText } from './cells';
import { SCHOOL_STAGES, stageLabel, type SchoolStage } from './grades';
import { problem, quoted, type Validated } from './problem';

/**
 * The stages a school list names in one cell ("小学,初中", "小学、初中", "九年一贯制"): the
 * catalogue's Chinese names (小学, 初中, 普通高中, 中等职业教育, 学前教育, 特殊教育), their
 * short forms (高中, 中职, 职高, 幼儿园, 特教), and the usual school forms that imply several
 * (九年一贯制 = 小学+初中, 完全中学 = 初中+高中, 十二年一贯制 = 小学+初中+高中).
 */
const STAGE_WORDS: ReadonlyMap<string, readonly SchoolStage[]> = new Map<string, readonly SchoolStage[]>([
  ...SCHOOL_STAGES.map((s): [string, SchoolStage[]] => [stageLabel(s), [s]]),
  ['学前', ['preschool']],
  ['幼儿园', ['preschool']],
  ['初级中学', ['junior-secondary']],
  ['高中', ['senior-secondary']],
  ['中职', ['secondary-vocational']],
  ['职高', ['secondary-vocational']],
  ['职业高中', ['secondary-vocational']],
  ['中专', ['secondary-vocational']],
  ['特教', ['special']],
  ['九年一贯制', ['primary', 'junior-secondary']],
  ['完全中学', ['junior-secondary', 'senior-secondary']],
  ['十二年一贯制', ['primary', 'junior-secondary', 'senior-secondary']],
]);

const SEPARATORS = /[,，、;；/|+＋\s]+/;

/** Stages from a cell, in SCHOOL_STAGES order, each once; field `stages`. */
export function parseStageList(text: string): Validated<SchoolStage[]> {
  const words = normalizeText(text)
    .split(SEPARATORS)
    .map(compactText)
    .filter((w) => w !== '');
  if (words.length === 0) return { ok: false, problems: [problem('stages', 'required', '学段：未填写')] };
  const found = new Set<SchoolStage>();
  const unknown: string[] = [];
  for (const word of words) {
    const stages = STAGE_WORDS.get(word);
    if (stages) stages.forEach((s) => found.add(s));
    else unknown.push(word);
  }
  if (unknown.length > 0) {
    const accepted = SCHOOL_STAGES.map(stageLabel).join('、');
    return {
      ok: false,
      problems: [
        problem(
          'stages',
          'stage-vocabulary',
          `学段：须为${accepted}，多个用逗号分隔，实为${unknown.map(quoted).join('、')}`,
        ),
      ],
    };
  }
  return { ok: true, value: SCHOOL_STAGES.filter((s) => found.has(s)) };
}
