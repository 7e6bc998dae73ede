import type { SchoolStage } from './grades';
import {
  KINDERGARTEN_KINDS,
  MAX_SCHOOL_NAME_LENGTH,
  SCHOOL_OWNERSHIPS,
  schoolProblems,
  type School,
} from './school';

const HEZE = { cityCode: '371700' };
const school = (overrides: Partial<School> = {}): School => ({
  code: '2137000001',
  name: '牡丹区第一实验小学',
  countyCode: '371702',
  stages: ['primary'],
  ownership: 'public',
  special: false,
  governmentPurchasedPlaces: false,
  ...overrides,
});
const rulesOf = (s: School) => schoolProblems(s, HEZE).map((p) => `${p.field}/${p.rule}`);

describe('vocabularies', () => {
  it('names ownerships and kindergarten kinds in Chinese; each kind has an ownership', () => {
    expect(SCHOOL_OWNERSHIPS).toEqual({ public: { nameZh: '公办' }, private: { nameZh: '民办' } });
    expect(KINDERGARTEN_KINDS).toEqual({
      public: { nameZh: '公办', ownership: 'public' },
      'inclusive-private': { nameZh: '普惠性民办', ownership: 'private' },
      'non-inclusive-private': { nameZh: '非普惠性民办', ownership: 'private' },
    });
  });
});

describe('schoolProblems', () => {
  it.each<[string, Partial<School>]>([
    ['a public primary school', {}],
    [
      'a private nine-year school taking purchased places',
      {
        code: '2137000002',
        stages: ['primary', 'junior-secondary'],
        ownership: 'private',
        governmentPurchasedPlaces: true,
      },
    ],
    [
      'an inclusive private kindergarten',
      {
        code: '1137000003',
        stages: ['preschool'],
        ownership: 'private',
        kindergartenKind: 'inclusive-private',
      },
    ],
    ['a public kindergarten', { code: '1137000004', stages: ['preschool'], kindergartenKind: 'public' }],
    ['a special school', { code: '5137000005', stages: ['special'], special: true }],
    ['a vocational school', { code: '3637000006', stages: ['secondary-vocational'] }],
  ])('accepts %s', (_why, overrides) => expect(schoolProblems(school(overrides), HEZE)).toEqual([]));

  it('accepts the city context as four digits too', () =>
    expect(schoolProblems(school(), { cityCode: '3717' })).toEqual([]));

  describe('code', () => {
    it('reports the code problems of school-code.ts', () => {
      expect(rulesOf(school({ code: '' }))).toEqual(['code/required']);
      expect(rulesOf(school({ code: '21370001' }))).toEqual(['code/school-code-format']);
      expect(rulesOf(school({ code: '2141000001' }))).toEqual(['code/school-code-province']);
    });
  });

  describe('name', () => {
    it('is required', () =>
      expect(schoolProblems(school({ name: '   ' }), HEZE)).toEqual([
        { field: 'name', rule: 'required', message: '学校名称：未填写' },
      ]));
    it(`is at most ${MAX_SCHOOL_NAME_LENGTH} characters, counted as characters`, () => {
      expect(rulesOf(school({ name: '校'.repeat(MAX_SCHOOL_NAME_LENGTH) }))).toEqual([]);
      expect(schoolProblems(school({ name: '校'.repeat(MAX_SCHOOL_NAME_LENGTH + 1) }), HEZE)).toEqual([
        { field: 'name', rule: 'max-length', message: '学校名称：不超过100个字' },
      ]);
      expect(rulesOf(school({ name: '𠀀'.repeat(MAX_SCHOOL_NAME_LENGTH) }))).toEqual([]); // astral characters count once
    });
  });

  describe('countyCode', () => {
    it.each([
      ['', 'required', '所在县区代码：未填写'],
      ['37170', 'county-code-format', '所在县区代码：须为6位行政区划代码，实为"37170"'],
      ['371702001', 'county-code-format', '所在县区代码：须为6位行政区划代码，实为"371702001"'],
      ['371302', 'county-of-city', '所在县区代码：须为本市（371700）的县区，实为"371302"'],
      ['371700', 'county-of-city', '所在县区代码：须为本市（371700）的县区，实为"371700"'],
      ['371799', 'county-of-city', '所在县区代码：须为本市（371700）的县区，实为"371799"'],
      ['371727', 'county-current', '所在县区代码：须为现行代码，"371727"（定陶县）已停用，现为"371703"'],
    ])('%p: %s', (countyCode, rule, message) =>
      expect(schoolProblems(school({ countyCode }), HEZE)).toEqual([{ field: 'countyCode', rule, message }]),
    );

    it('accepts every current county of the city', () => {
      for (const countyCode of [
        '371702',
        '371703',
        '371721',
        '371722',
        '371723',
        '371724',
        '371725',
        '371726',
        '371728',
      ])
        expect(rulesOf(school({ countyCode }))).toEqual([]);
    });
  });

  describe('stages', () => {
    it('needs at least one', () => expect(rulesOf(school({ stages: [] }))).toEqual(['stages/required']));
    it('names unknown stages', () => {
      const problems = schoolProblems(school({ stages: ['primary', 'college' as SchoolStage] }), HEZE);
      expect(problems).toEqual([
        { field: 'stages', rule: 'stage-vocabulary', message: '学段：不是已知学段："college"' },
      ]);
    });
    it('names a stage given twice (fix: "each once" was not checked)', () =>
      expect(schoolProblems(school({ stages: ['primary', 'primary'] }), HEZE)).toEqual([
        { field: 'stages', rule: 'stage-repeated', message: '学段：每个学段只填一次，重复填写了小学' },
      ]));
    it('a special school must offer special education', () =>
      expect(schoolProblems(school({ code: '5137000005', special: true }), HEZE)).toEqual([
        { field: 'stages', rule: 'special-school-stage', message: '学段：特殊教育学校须含特殊教育' },
      ]));
  });

  describe('kindergartenKind', () => {
    it('is required when the school has a kindergarten', () =>
      expect(rulesOf(school({ code: '1137000003', stages: ['preschool'] }))).toEqual([
        'kindergartenKind/required',
      ]));
    it('is only for a school with a kindergarten', () =>
      expect(schoolProblems(school({ kindergartenKind: 'public' }), HEZE)).toEqual([
        {
          field: 'kindergartenKind',
          rule: 'kindergarten-only',
          message: '幼儿园类型：只有设学前教育的学校填写',
        },
      ]));
    it.each<[School['ownership'], School['kindergartenKind'], string]>([
      ['public', 'inclusive-private', '公办学校不能是"普惠性民办"幼儿园'],
      ['public', 'non-inclusive-private', '公办学校不能是"非普惠性民办"幼儿园'],
      ['private', 'public', '民办学校不能是"公办"幼儿园'],
    ])('must fit the ownership: %s with %s', (ownership, kindergartenKind, text) => {
      const problems = schoolProblems(
        school({ code: '1137000003', stages: ['preschool'], ownership, kindergartenKind }),
        HEZE,
      );
      expect(problems).toEqual([
        {
          field: 'kindergartenKind',
          rule: 'kindergarten-kind-ownership',
          message: `幼儿园类型：须与办学性质一致，${text}`,
        },
      ]);
    });
  });

  it('only a private school takes purchased places', () =>
    expect(schoolProblems(school({ governmentPurchasedPlaces: true }), HEZE)).toEqual([
      {
        field: 'governmentPurchasedPlaces',
        rule: 'government-purchased-places-private-only',
        message: '接受政府购买学位：只有民办学校可接受政府购买学位，公办学校须为"否"',
      },
    ]));

  describe('the code category', () => {
    it('a code of category 51 is a special school', () =>
      expect(rulesOf(school({ code: '5137000005', stages: ['special'] }))).toEqual([
        'special/school-code-category',
      ]));
    it('a special school has a code of category 51', () =>
      expect(schoolProblems(school({ stages: ['special'], special: true }), HEZE)).toEqual([
        {
          field: 'special',
          rule: 'school-code-category',
          message: '特殊教育学校：学校标识码类别不是51（特殊教育学校），须为"否"',
        },
      ]));
    it('a code of category 11 is a kindergarten', () =>
      expect(rulesOf(school({ code: '1137000003' }))).toEqual(['stages/school-code-category']));
    it('a code that is no code leaves the category rules silent', () =>
      expect(rulesOf(school({ code: 'x', special: true, stages: ['special'] }))).toEqual([
        'code/school-code-format',
      ]));
  });

  it('reports every problem of a record at once', () =>
    expect(
      rulesOf({
        code: '',
        name: '',
        countyCode: '',
        stages: [],
        ownership: 'public',
        kindergartenKind: 'public',
        special: true,
        governmentPurchasedPlaces: true,
      }),
    ).toEqual([
      'code/required',
      'name/required',
      'countyCode/required',
      'stages/required',
      'stages/special-school-stage',
      'kindergartenKind/kindergarten-only',
      'governmentPurchasedPlaces/government-purchased-places-private-only',
    ]));
});
