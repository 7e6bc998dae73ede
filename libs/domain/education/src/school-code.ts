import { problem, quoted, type EducationProblem } from './problem';

/**
 * 学校（机构）标识码: the ten-digit code the Ministry of Education gives every school for life
 * (《学校（机构）代码管理办法》, 教育部 2011). Form AABBCCCCCC: AA the school category, BB the
 * province (37 = 山东), CCCCCC a sequence the province assigns.
 */
export const SCHOOL_CATEGORIES = {
  '11': '幼儿园',
  '21': '普通小学',
  '22': '成人小学',
  '31': '普通初中',
  '32': '职业初中',
  '33': '成人初中',
  '34': '普通高中（含完全中学）',
  '35': '成人高中',
  '36': '中等职业学校',
  '37': '工读学校',
  '41': '普通高等学校',
  '42': '成人高等学校',
  '51': '特殊教育学校',
  '91': '培养研究生的科研机构',
  '92': '民办的其他高等教育机构',
  '93': '中等职业培训机构',
} as const satisfies Record<string, string>;

export type SchoolCategoryCode = keyof typeof SCHOOL_CATEGORIES;

export function isSchoolCategoryCode(value: string): value is SchoolCategoryCode {
  return Object.prototype.hasOwnProperty.call(SCHOOL_CATEGORIES, value);
}

/** The category of a well-formed code; undefined when the code is not ten digits of a known category. */
export function schoolCategoryOf(code: string): SchoolCategoryCode | undefined {
  const category = code.slice(0, 2);
  return /^\d{10}$/.test(code) && isSchoolCategoryCode(category) ? category : undefined;
}

/** Problems of a 学校标识码 for a school of the city `cityCode` (its province must be the city's). */
export function schoolCodeProblems(code: string, cityCode: string): EducationProblem[] {
  if (code === '') return [problem('code', 'required', '学校标识码：未填写')];
  if (!/^\d{10}$/.test(code))
    return [problem('code', 'school-code-format', `学校标识码：须为10位数字，实为${quoted(code)}`)];
  const problems: EducationProblem[] = [];
  if (!isSchoolCategoryCode(code.slice(0, 2)))
    problems.push(
      problem(
        'code',
        'school-code-category',
        `学校标识码：前2位须为学校类别码（如21普通小学、31普通初中），实为"${code.slice(0, 2)}"`,
      ),
    );
  if (code.slice(2, 4) !== cityCode.slice(0, 2))
    problems.push(
      problem(
        'code',
        'school-code-province',
        `学校标识码：第3至4位须为本省代码"${cityCode.slice(0, 2)}"，实为"${code.slice(2, 4)}"`,
      ),
    );
  return problems;
}
