import {
  DEFAULT_GRADE_AGE_POLICY,
  expectedGrade,
  gradeAgeProblem,
  isGradeAgeProblem,
  plausibleAges,
} from './grade-age';
import type { GradeId } from './grades';

const ASOF = '2026-10-15'; // school year 2026-2027, cut-off 2026-08-31

/** A birth date giving the 入学年龄 `age` in school year 2026-2027. */
const bornFor = (age: number) => `${2026 - age}-06-01`;

describe('plausibleAges', () => {
  it.each([
    ['kindergarten: 3 to 6 whatever the class', 'preschool-1', 3, 6],
    ['kindergarten: the same for 大班', 'preschool-3', 3, 6],
    ['一年级: 6 ± 2', 'primary-1', 4, 8],
    ['九年级: 14 ± 2', 'junior-secondary-3', 12, 16],
    ['高三: 17 ± 2', 'senior-secondary-3', 15, 19],
    ['中职一年级: 15 ± 2', 'secondary-vocational-1', 13, 17],
    ['special school 一年级: 6 ± 2 by default', 'special-1', 4, 8],
  ] as const)('%s', (_why, grade, min, max) => expect(plausibleAges(grade)).toEqual({ min, max }));

  it('takes the bureau’s own tolerance', () => {
    const policy = {
      ...DEFAULT_GRADE_AGE_POLICY,
      toleranceYears: { ...DEFAULT_GRADE_AGE_POLICY.toleranceYears, special: 4 },
    };
    expect(plausibleAges('special-1', policy)).toEqual({ min: 2, max: 10 });
  });
});

describe('gradeAgeProblem', () => {
  it.each([
    ['typical age', 'primary-3', 8],
    ['two years older (repeated years, late entry)', 'primary-3', 10],
    ['two years younger', 'primary-3', 6],
    ['a three-year-old in 小班', 'preschool-1', 3],
    ['a six-year-old held back in 大班', 'preschool-3', 6],
    ['a six-year-old in 小班 is still of kindergarten age', 'preschool-1', 6],
    ['高三 at 19', 'senior-secondary-3', 19],
  ] as const)('accepts %s', (_why, grade, age) =>
    expect(gradeAgeProblem(bornFor(age), grade, ASOF)).toBeUndefined(),
  );

  it('refuses three years off, with the expected grade', () => {
    const p = gradeAgeProblem(bornFor(9), 'junior-secondary-3', ASOF);
    expect(p).toEqual({
      field: 'grade',
      rule: 'grade-age-plausible',
      message:
        '年级：年级与年龄不符（初中九年级的入学年龄应为12至16岁，该儿童按8月31日计为9岁，按年龄应为小学四年级）',
      schoolYearAge: 9,
      expectedGrade: 'primary-4',
    });
    expect(p && isGradeAgeProblem(p)).toBe(true);
  });

  it.each([
    ['a two-year-old in kindergarten', 'preschool-1', 2, undefined, '按年龄尚未到入园年龄'],
    ['a seven-year-old in kindergarten', 'preschool-3', 7, 'primary-2', '按年龄应为小学二年级'],
    ['a twenty-year-old in 高三', 'senior-secondary-3', 20, undefined, '按年龄已超过高中阶段'],
    [
      'a thirteen-year-old in 中职三年级 belongs in 初中',
      'secondary-vocational-3',
      13,
      'junior-secondary-2',
      '按年龄应为初中八年级',
    ],
    [
      'a special-school pupil is expected in the special school',
      'special-1',
      12,
      'special-7',
      '特殊教育七年级',
    ],
  ] as const)('refuses %s', (_why, grade: GradeId, age, expected, text) => {
    const p = gradeAgeProblem(bornFor(age), grade, ASOF);
    expect(p).toMatchObject({ rule: 'grade-age-plausible', schoolYearAge: age });
    expect(p && isGradeAgeProblem(p) ? p.expectedGrade : 'none').toBe(expected);
    expect(p?.message).toContain(text);
  });

  it('uses the 31 August cut-off, not the birthday', () => {
    // Born 1 September 2020: five on 31 August 2026, so a 2026-2027 一年级 pupil is one year young (fine) …
    expect(gradeAgeProblem('2020-09-01', 'primary-1', ASOF)).toBeUndefined();
    // … and 四年级 at that age is three years ahead.
    expect(gradeAgeProblem('2020-09-01', 'primary-4', ASOF)).toMatchObject({ schoolYearAge: 5 });
  });

  it.each([
    ['no calendar date', '2020-02-30', 'date-format'],
    ['not a date at all', '', 'date-format'],
    ['after the check date', '2026-10-16', 'not-in-future'],
  ])('reports a birth date that is %s', (_why, birth, rule) =>
    expect(gradeAgeProblem(birth, 'primary-1', ASOF)).toMatchObject({ field: 'birthDate', rule }),
  );

  it('isGradeAgeProblem tells other problems apart', () =>
    expect(isGradeAgeProblem({ field: 'grade', rule: 'grade-in-stage', message: '' })).toBe(false));
});

describe('expectedGrade', () => {
  it('prefers the stage’s own grade, then the general sequence', () => {
    expect(expectedGrade('special', 8)?.id).toBe('special-3');
    expect(expectedGrade('senior-secondary', 8)?.id).toBe('primary-3');
    expect(expectedGrade('secondary-vocational', 16)?.id).toBe('secondary-vocational-2');
    expect(expectedGrade('primary', 18)).toBeUndefined();
  });
});
