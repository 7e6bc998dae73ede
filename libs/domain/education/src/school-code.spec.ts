import { isSchoolCategoryCode, SCHOOL_CATEGORIES, schoolCategoryOf, schoolCodeProblems } from './school-code';

const HEZE = '371700';

describe('SCHOOL_CATEGORIES', () => {
  it('names the categories the platform meets', () => {
    expect(SCHOOL_CATEGORIES['11']).toBe('幼儿园');
    expect(SCHOOL_CATEGORIES['21']).toBe('普通小学');
    expect(SCHOOL_CATEGORIES['31']).toBe('普通初中');
    expect(SCHOOL_CATEGORIES['34']).toBe('普通高中（含完全中学）');
    expect(SCHOOL_CATEGORIES['36']).toBe('中等职业学校');
    expect(SCHOOL_CATEGORIES['51']).toBe('特殊教育学校');
    for (const code of Object.keys(SCHOOL_CATEGORIES)) expect(code).toMatch(/^\d{2}$/);
  });

  it.each([
    ['21', true],
    ['51', true],
    ['99', false],
    ['2', false],
    ['toString', false],
  ])('isSchoolCategoryCode(%p) is %p', (code, expected) => expect(isSchoolCategoryCode(code)).toBe(expected));
});

describe('schoolCategoryOf', () => {
  it.each([
    ['2137000001', '21'],
    ['1137000001', '11'],
    ['5137000001', '51'],
    ['9937000001', undefined], // unknown category
    ['213700000', undefined], // nine digits
    ['21370000011', undefined], // eleven digits
    ['21370000A1', undefined],
    ['', undefined],
  ])('%p -> %p', (code, expected) => expect(schoolCategoryOf(code)).toBe(expected));
});

describe('schoolCodeProblems', () => {
  it('accepts a ten-digit code of a known category in the province', () => {
    expect(schoolCodeProblems('2137000001', HEZE)).toEqual([]);
    expect(schoolCodeProblems('3637170002', '3717')).toEqual([]);
  });

  it('reports an empty code as required', () =>
    expect(schoolCodeProblems('', HEZE)).toEqual([
      { field: 'code', rule: 'required', message: '学校标识码：未填写' },
    ]));

  it.each(['213700001', '21370000011', '21-3700001', '２１３７０００００１x'])(
    'reports %p as not ten digits, quoting it',
    (code) => {
      const [p, ...rest] = schoolCodeProblems(code, HEZE);
      expect(rest).toEqual([]);
      expect(p).toMatchObject({ field: 'code', rule: 'school-code-format' });
      expect(p.message).toBe(`学校标识码：须为10位数字，实为"${code}"`);
    },
  );

  it('quotes at most 20 characters of a long code', () =>
    expect(schoolCodeProblems('1'.repeat(30), HEZE)[0].message).toBe(
      `学校标识码：须为10位数字，实为"${'1'.repeat(20)}…"`,
    ));

  it('reports an unknown category', () =>
    expect(schoolCodeProblems('9937000001', HEZE)).toEqual([
      {
        field: 'code',
        rule: 'school-code-category',
        message: '学校标识码：前2位须为学校类别码（如21普通小学、31普通初中），实为"99"',
      },
    ]));

  it('reports a school of another province', () =>
    expect(schoolCodeProblems('2141000001', HEZE)).toEqual([
      {
        field: 'code',
        rule: 'school-code-province',
        message: '学校标识码：第3至4位须为本省代码"37"，实为"41"',
      },
    ]));

  it('reports both category and province when both are wrong', () =>
    expect(schoolCodeProblems('9941000001', HEZE).map((p) => p.rule)).toEqual([
      'school-code-category',
      'school-code-province',
    ]));
});
