import { resolveDivision } from '@care/divisions';
import { isSchoolStage, stageLabel, type SchoolStage } from './grades';
import { problem, quoted, type EducationProblem } from './problem';
import { schoolCategoryOf, schoolCodeProblems } from './school-code';

/**
 * A school as the education bureau (市教体局) keeps it: what the enrolment and entitlement rules
 * need to know about where a child studies. Ownership (办学性质) and, for kindergartens, the
 * kind (公办 / 普惠性民办 / 非普惠性民办, 国务院《关于学前教育深化改革规范发展的若干意见》2018)
 * decide which places and aids are possible; `governmentPurchasedPlaces` marks a private school
 * that takes children on places the government buys (政府购买学位, HZ-03).
 */
export const SCHOOL_OWNERSHIPS = {
  public: { nameZh: '公办' },
  private: { nameZh: '民办' },
} as const;
export type SchoolOwnership = keyof typeof SCHOOL_OWNERSHIPS;

export const KINDERGARTEN_KINDS = {
  public: { nameZh: '公办', ownership: 'public' },
  'inclusive-private': { nameZh: '普惠性民办', ownership: 'private' }, // 普惠性民办幼儿园
  'non-inclusive-private': { nameZh: '非普惠性民办', ownership: 'private' },
} as const satisfies Record<string, { nameZh: string; ownership: SchoolOwnership }>;
export type KindergartenKind = keyof typeof KINDERGARTEN_KINDS;

export interface School {
  /** 学校标识码, ten digits (school-code.ts). */
  readonly code: string;
  readonly name: string;
  /** 6-digit county (县区) division code of a county of the city. */
  readonly countyCode: string;
  /** The stages offered, in SCHOOL_STAGES order, each once. */
  readonly stages: readonly SchoolStage[];
  readonly ownership: SchoolOwnership; // 办学性质
  /** Set exactly when the school has a kindergarten (stage 'preschool'). */
  readonly kindergartenKind?: KindergartenKind;
  readonly special: boolean; // 特殊教育学校
  readonly governmentPurchasedPlaces: boolean; // 接受政府购买学位
}

export interface SchoolContext {
  /** The city whose schools these are ('371700' 菏泽市). */
  readonly cityCode: string;
}

export const MAX_SCHOOL_NAME_LENGTH = 100;

function countyProblems(countyCode: string, cityCode: string): EducationProblem[] {
  if (countyCode === '') return [problem('countyCode', 'required', '所在县区代码：未填写')];
  if (!/^\d{6}$/.test(countyCode))
    return [
      problem(
        'countyCode',
        'county-code-format',
        `所在县区代码：须为6位行政区划代码，实为${quoted(countyCode)}`,
      ),
    ];
  const division = resolveDivision(countyCode);
  if (!division || division.level !== 'county' || division.cityCode !== cityCode.slice(0, 4).padEnd(6, '0'))
    return [
      problem(
        'countyCode',
        'county-of-city',
        `所在县区代码：须为本市（${cityCode}）的县区，实为"${countyCode}"`,
      ),
    ];
  if (division.historical)
    return [
      problem(
        'countyCode',
        'county-current',
        `所在县区代码：须为现行代码，"${countyCode}"（${division.name}）已停用${division.historical.successor ? `，现为"${division.historical.successor}"` : ''}`,
      ),
    ];
  return [];
}

function kindProblems(school: School): EducationProblem[] {
  const hasKindergarten = school.stages.includes('preschool');
  if (!school.kindergartenKind)
    return hasKindergarten
      ? [
          problem(
            'kindergartenKind',
            'required',
            '幼儿园类型：设学前教育的学校须填写（公办、普惠性民办、非普惠性民办）',
          ),
        ]
      : [];
  if (!hasKindergarten)
    return [problem('kindergartenKind', 'kindergarten-only', '幼儿园类型：只有设学前教育的学校填写')];
  const kind = KINDERGARTEN_KINDS[school.kindergartenKind];
  return kind.ownership === school.ownership
    ? []
    : [
        problem(
          'kindergartenKind',
          'kindergarten-kind-ownership',
          `幼儿园类型：须与办学性质一致，${SCHOOL_OWNERSHIPS[school.ownership].nameZh}学校不能是"${kind.nameZh}"幼儿园`,
        ),
      ];
}

function categoryProblems(school: School): EducationProblem[] {
  const category = schoolCategoryOf(school.code);
  const problems: EducationProblem[] = [];
  if (category === '51' && !school.special)
    problems.push(
      problem(
        'special',
        'school-code-category',
        '特殊教育学校：学校标识码类别为51（特殊教育学校），须为"是"',
      ),
    );
  if (school.special && category !== undefined && category !== '51')
    problems.push(
      problem(
        'special',
        'school-code-category',
        '特殊教育学校：学校标识码类别不是51（特殊教育学校），须为"否"',
      ),
    );
  if (category === '11' && !school.stages.includes('preschool'))
    problems.push(
      problem('stages', 'school-code-category', '学段：学校标识码类别为11（幼儿园），须含学前教育'),
    );
  return problems;
}

/** Every problem of a school record (from an import row or a form); [] when it may be stored. */
export function schoolProblems(school: School, context: SchoolContext): EducationProblem[] {
  const problems = [...schoolCodeProblems(school.code, context.cityCode)];
  if (school.name.trim() === '') problems.push(problem('name', 'required', '学校名称：未填写'));
  else if ([...school.name].length > MAX_SCHOOL_NAME_LENGTH)
    problems.push(problem('name', 'max-length', `学校名称：不超过${MAX_SCHOOL_NAME_LENGTH}个字`));
  problems.push(...countyProblems(school.countyCode, context.cityCode));
  if (school.stages.length === 0) problems.push(problem('stages', 'required', '学段：未填写'));
  const unknown = school.stages.filter((s) => !isSchoolStage(s));
  if (unknown.length > 0)
    problems.push(
      problem(
        'stages',
        'stage-vocabulary',
        `学段：不是已知学段：${unknown.map((s) => quoted(String(s))).join('、')}`,
      ),
    );
  const repeated = school.stages.filter((s, i) => school.stages.indexOf(s) !== i);
  if (repeated.length > 0)
    problems.push(
      problem(
        'stages',
        'stage-repeated',
        `学段：每个学段只填一次，重复填写了${[...new Set(repeated)].map((s) => (isSchoolStage(s) ? stageLabel(s) : quoted(String(s)))).join('、')}`,
      ),
    );
  if (school.special && !school.stages.includes('special'))
    problems.push(
      problem('stages', 'special-school-stage', `学段：特殊教育学校须含${stageLabel('special')}`),
    );
  problems.push(...kindProblems(school));
  if (school.governmentPurchasedPlaces && school.ownership === 'public')
    problems.push(
      problem(
        'governmentPurchasedPlaces',
        'government-purchased-places-private-only',
        '接受政府购买学位：只有民办学校可接受政府购买学位，公办学校须为"否"',
      ),
    );
  problems.push(...categoryProblems(school));
  return problems;
}
