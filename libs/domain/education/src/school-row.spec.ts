import type { RawRow } from './cells';
import { SCHOOL_COLUMNS, validateSchoolRow } from './school-row';

const HEZE = { cityCode: '371700' };
const base: Record<string, unknown> = {
  学校标识码: '2137000001',
  学校名称: '牡丹区第一实验小学',
  所在县区代码: '371702',
  学段: '小学',
  办学性质: '公办',
};
const row = (overrides: Record<string, unknown> = {}): RawRow => ({ ...base, ...overrides });
const problemsOf = (r: RawRow) => {
  const result = validateSchoolRow(r, HEZE);
  return result.ok ? [] : result.problems;
};
const rulesOf = (r: RawRow) => problemsOf(r).map((p) => `${p.field}/${p.rule}`);

describe('SCHOOL_COLUMNS', () => {
  it('has the Chinese headers of the workbook, the first five required', () => {
    expect(SCHOOL_COLUMNS.map((c) => c.header)).toEqual([
      '学校标识码',
      '学校名称',
      '所在县区代码',
      '学段',
      '办学性质',
      '幼儿园类型',
      '特殊教育学校',
      '接受政府购买学位',
    ]);
    expect(SCHOOL_COLUMNS.filter((c) => c.required).map((c) => c.key)).toEqual([
      'code',
      'name',
      'countyCode',
      'stages',
      'ownership',
    ]);
  });
});

describe('validateSchoolRow', () => {
  it('reads a good row; empty optional 是/否 columns read as 否', () =>
    expect(validateSchoolRow(row(), HEZE)).toEqual({
      ok: true,
      value: {
        code: '2137000001',
        name: '牡丹区第一实验小学',
        countyCode: '371702',
        stages: ['primary'],
        ownership: 'public',
        special: false,
        governmentPurchasedPlaces: false,
      },
    }));

  it('normalises as typed: full-width digits, spaces, numbers for codes, headers with marks', () => {
    const result = validateSchoolRow(
      {
        '学校标识码*': '２１３７ ０００ ００２',
        '学校名称（必填）': '  牡丹区  育才学校 ',
        所在县区代码: 371702,
        学段: '九年一贯制',
        办学性质: ' 民 办 ',
        特殊教育学校: '否',
        接受政府购买学位: '是',
      },
      HEZE,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        code: '2137000002',
        name: '牡丹区 育才学校',
        countyCode: '371702',
        stages: ['primary', 'junior-secondary'],
        ownership: 'private',
        special: false,
        governmentPurchasedPlaces: true,
      },
    });
  });

  it.each([
    ['公办', 'public', 'public'],
    ['公办园', 'public', 'public'],
    ['公办幼儿园', 'public', 'public'],
    ['普惠性民办', 'private', 'inclusive-private'],
    ['普惠民办园', 'private', 'inclusive-private'],
    ['民办普惠', 'private', 'inclusive-private'],
    ['非普惠性民办幼儿园', 'private', 'non-inclusive-private'],
    ['非普惠', 'private', 'non-inclusive-private'],
    ['民办非普惠', 'private', 'non-inclusive-private'],
  ])('reads the kindergarten kind %p', (text, ownership, kind) => {
    const result = validateSchoolRow(
      row({
        学校标识码: '1137000003',
        学段: '幼儿园',
        办学性质: ownership === 'public' ? '公办' : '民办',
        幼儿园类型: text,
      }),
      HEZE,
    );
    expect(result.ok && result.value.kindergartenKind).toBe(kind);
  });

  it('reads a special school', () => {
    const result = validateSchoolRow(
      row({ 学校标识码: '5137000005', 学段: '特教', 特殊教育学校: '是' }),
      HEZE,
    );
    expect(result).toMatchObject({ ok: true, value: { special: true, stages: ['special'] } });
  });

  describe('problems per column', () => {
    it('names each empty required column', () =>
      expect(rulesOf({ 学校标识码: '', 学校名称: '', 所在县区代码: '', 学段: '', 办学性质: '' })).toEqual([
        'stages/required',
        'ownership/required',
        'code/required',
        'name/required',
        'countyCode/required',
      ]));

    it('a missing column is an empty one', () => expect(rulesOf({})).toContain('ownership/required'));

    it('names an unknown ownership, quoting it', () =>
      expect(problemsOf(row({ 办学性质: '民营' }))).toEqual([
        {
          field: 'ownership',
          rule: 'ownership-vocabulary',
          message: '办学性质：须为"公办"或"民办"，实为"民营"',
        },
      ]));

    it('names an unknown kindergarten kind', () =>
      expect(problemsOf(row({ 学校标识码: '1137000003', 学段: '幼儿园', 幼儿园类型: '私立' }))).toEqual([
        {
          field: 'kindergartenKind',
          rule: 'kindergarten-kind-vocabulary',
          message: '幼儿园类型：须为"公办""普惠性民办"或"非普惠性民办"，实为"私立"',
        },
      ]));

    it('names an unknown stage', () =>
      expect(rulesOf(row({ 学段: '小学、大学' }))).toEqual(['stages/stage-vocabulary']));

    it.each([
      ['特殊教育学校', 'special'],
      ['接受政府购买学位', 'governmentPurchasedPlaces'],
    ])('names a 是/否 column %s holding something else', (header, field) =>
      expect(problemsOf(row({ [header]: '可以' }))).toEqual([
        { field, rule: 'yes-no', message: `${header}：须为"是"或"否"，实为"可以"` },
      ]),
    );

    it.each([
      ['学校标识码', 'code'],
      ['学校名称', 'name'],
      ['所在县区代码', 'countyCode'],
      ['学段', 'stages'],
      ['办学性质', 'ownership'],
      ['幼儿园类型', 'kindergartenKind'],
      ['特殊教育学校', 'special'],
    ])(
      'a date cell under %s is reported once, as a cell of the wrong type (fix: was also "未填写")',
      (header, field) =>
        expect(problemsOf(row({ [header]: new Date('2026-09-01T00:00:00Z') }))).toEqual([
          { field, rule: 'cell-type', message: `${header}：须为文字或数字单元格` },
        ]),
    );
  });

  describe('rules across columns', () => {
    it('reports the record rules of schoolProblems', () => {
      expect(rulesOf(row({ 接受政府购买学位: '是' }))).toEqual([
        'governmentPurchasedPlaces/government-purchased-places-private-only',
      ]);
      expect(rulesOf(row({ 学校标识码: '1137000003', 学段: '幼儿园' }))).toEqual([
        'kindergartenKind/required',
      ]);
      expect(rulesOf(row({ 所在县区代码: '371302' }))).toEqual(['countyCode/county-of-city']);
      expect(rulesOf(row({ 学校标识码: '2141000001' }))).toEqual(['code/school-code-province']);
    });

    it('does not repeat a column problem as a record problem', () => {
      expect(rulesOf(row({ 学校标识码: '12345' }))).toEqual(['code/school-code-format']);
      expect(rulesOf(row({ 学校名称: '' }))).toEqual(['name/required']);
    });

    it('an ownership that did not read leaves the rules that depend on it silent', () =>
      expect(
        rulesOf(
          row({
            学校标识码: '1137000003',
            学段: '幼儿园',
            办学性质: '民营',
            幼儿园类型: '普惠性民办',
            接受政府购买学位: '是',
          }),
        ),
      ).toEqual(['ownership/ownership-vocabulary']));

    it('stages that did not read leave the kindergarten and special rules silent', () =>
      expect(rulesOf(row({ 学段: '大学', 幼儿园类型: '公办', 特殊教育学校: '是' }))).toEqual([
        'stages/stage-vocabulary',
      ]));

    it('reports column and record problems together, columns first', () =>
      expect(rulesOf(row({ 办学性质: '', 所在县区代码: '371727', 学校名称: '校'.repeat(101) }))).toEqual([
        'ownership/required',
        'name/max-length',
        'countyCode/county-current',
      ]));
  });
});
