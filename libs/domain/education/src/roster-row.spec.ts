import { makeIdNumber } from '@care/identity';
import type { RawRow } from './cells';
import { MAX_NAME_LENGTH, ROSTER_COLUMNS, validateRosterRow } from './roster-row';

const AS_OF = '2026-09-20';
const ID = makeIdNumber('371702', '2019-05-01', 12); // girl (even sequence)
const PRIMARY = { stages: ['primary'] as const };
const base: Record<string, unknown> = {
  身份证号: ID,
  姓名: '张小花',
  年级: '一年级',
  入学日期: '2026-09-01',
  学位类型: '公办学位',
};
const row = (overrides: Record<string, unknown> = {}): RawRow => ({ ...base, ...overrides });
const problemsOf = (r: RawRow, context: { stages: readonly string[]; rowNumber?: number } = PRIMARY) => {
  const result = validateRosterRow(r, AS_OF, context as never);
  return result.ok ? [] : result.problems;
};
const rulesOf = (r: RawRow, context: { stages: readonly string[]; rowNumber?: number } = PRIMARY) =>
  problemsOf(r, context).map((p) => `${p.field}/${p.rule}`);

describe('ROSTER_COLUMNS', () => {
  it('has the five required columns of the 学籍名单', () =>
    expect(ROSTER_COLUMNS.map((c) => [c.key, c.header, c.required])).toEqual([
      ['idNumber', '身份证号', true],
      ['name', '姓名', true],
      ['grade', '年级', true],
      ['enrolledOn', '入学日期', true],
      ['placement', '学位类型', true],
    ]));
});

describe('validateRosterRow', () => {
  it('reads a good row, completed from the ID number', () =>
    expect(validateRosterRow(row(), AS_OF, PRIMARY)).toEqual({
      ok: true,
      value: {
        idNumber: ID,
        name: '张小花',
        birthDate: '2019-05-01',
        sex: 'female',
        stage: 'primary',
        grade: 'primary-1',
        placement: 'public-school',
        enrolledOn: '2026-09-01',
      },
    }));

  it('normalises the ID number (full width, spaces, lowercase x) and reads aliases and date forms', () => {
    const idX = (() => {
      for (let seq = 0; seq < 1000; seq++) {
        const id = makeIdNumber('371702', '2014-03-01', seq);
        if (id.endsWith('X')) return id;
      }
      throw new Error('no X check character found');
    })();
    const fullWidth = [...idX.toLowerCase()]
      .map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
      .join('');
    const result = validateRosterRow(
      row({
        身份证号: ` ${fullWidth.slice(0, 6)} ${fullWidth.slice(6)} `,
        年级: '初一',
        入学日期: '2026年9月1日',
        学位类型: '政府购买',
      }),
      AS_OF,
      { stages: ['primary', 'junior-secondary'] },
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        idNumber: idX,
        stage: 'junior-secondary',
        grade: 'junior-secondary-1',
        placement: 'government-purchased-place',
      },
    });
  });

  it('reads an Excel date cell as its day in Asia/Shanghai', () => {
    const result = validateRosterRow(row({ 入学日期: new Date('2026-08-31T16:30:00Z') }), AS_OF, PRIMARY);
    expect(result.ok && result.value.enrolledOn).toBe('2026-09-01');
  });

  it('prefixes every message with the row number, and never quotes the ID number or the name', () => {
    const problems = problemsOf(row({ 身份证号: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0'), 姓名: '' }), {
      stages: ['primary'],
      rowNumber: 12,
    });
    expect(problems.map((p) => p.message)).toEqual([
      '第12行 身份证号：最后一位校验码错误（GB 11643-1999）',
      '第12行 姓名：未填写',
    ]);
    for (const p of problems) expect(p.message).not.toContain(ID.slice(0, 10));
  });

  describe('身份证号', () => {
    it.each([
      ['empty', '', 'empty'],
      ['too short', ID.slice(0, 16), 'bad-length'],
      ['a wrong check character', ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0'), 'bad-check-character'],
      ['an unknown address code', makeIdNumber('999999', '2019-05-01', 12), 'unknown-address-code'],
      ['a birth date after today', makeIdNumber('371702', '2026-10-01', 12), 'birth-date-in-future'],
    ])('names %s', (_why, idNumber, rule) =>
      expect(rulesOf(row({ 身份证号: idNumber }))).toEqual([`idNumber/${rule}`]),
    );

    it('refuses a number cell (Excel loses the last digits), once', () =>
      expect(problemsOf(row({ 身份证号: 371702201905 }))).toEqual([
        { field: 'idNumber', rule: 'cell-type', message: '身份证号：须为文本单元格（数字格式会丢失末几位）' },
      ]));
  });

  describe('姓名', () => {
    it(`is required and at most ${MAX_NAME_LENGTH} characters, without digits`, () => {
      expect(rulesOf(row({ 姓名: '  ' }))).toEqual(['name/required']);
      expect(rulesOf(row({ 姓名: '张'.repeat(MAX_NAME_LENGTH) }))).toEqual([]);
      expect(rulesOf(row({ 姓名: '张'.repeat(MAX_NAME_LENGTH + 1) }))).toEqual(['name/max-length']);
      expect(rulesOf(row({ 姓名: '张三1' }))).toEqual(['name/name-characters']);
      expect(rulesOf(row({ 姓名: '张三１' }))).toEqual(['name/name-characters']);
      expect(rulesOf(row({ 姓名: '阿依古丽·买买提' }))).toEqual([]);
    });
    it('a name cell that is not text is reported once', () =>
      expect(rulesOf(row({ 姓名: true }))).toEqual(['name/cell-type']));
  });

  describe('年级', () => {
    it('names an empty grade, a grade of another stage and an ambiguous one', () => {
      expect(rulesOf(row({ 年级: '' }))).toEqual(['grade/required']);
      expect(rulesOf(row({ 年级: '高一' }))).toEqual(['grade/grade-in-stage']);
      expect(rulesOf(row({ 年级: '一年级' }), { stages: ['primary', 'special'] })).toEqual([
        'grade/grade-ambiguous',
      ]);
      expect(rulesOf(row({ 年级: '一年级' }), { stages: [] })).toEqual(['grade/stage-has-grades']);
    });
    it('a grade cell that is a date is reported once', () =>
      expect(rulesOf(row({ 年级: new Date() }))).toEqual(['grade/cell-type']));
    it('reads an Arabic digit', () => expect(rulesOf(row({ 年级: '3年级' }))).toEqual([]));
  });

  describe('入学日期', () => {
    it.each([
      ['empty', '', 'required', '入学日期：未填写'],
      ['missing', undefined, 'required', '入学日期：未填写'],
      ['no date', '九月一日', 'date-format', '入学日期：须为日期（如2026-09-01），实为"九月一日"'],
      [
        'no calendar day',
        '2026-02-30',
        'date-format',
        '入学日期：须为日期（如2026-09-01），实为"2026-02-30"',
      ],
      ['an Excel serial number', 46266, 'date-format', '入学日期：须为日期（如2026-09-01），实为"46266"'],
      ['a boolean', true, 'date-format', '入学日期：须为日期（如2026-09-01）'],
      ['after today', '2026-09-21', 'not-in-future', '入学日期：不能晚于今天（2026-09-20）'],
      ['on the birth date', '2019-05-01', 'after-birth', '入学日期：须晚于身份证号中的出生日期'],
    ])('%s', (_why, value, rule, message) =>
      expect(problemsOf(row({ 入学日期: value }))).toEqual([{ field: 'enrolledOn', rule, message }]),
    );

    it('the birth-date rule is skipped when the ID number did not read', () =>
      expect(rulesOf(row({ 身份证号: '', 入学日期: '2000-01-01' }))).toEqual(['idNumber/empty']));
  });

  describe('学位类型', () => {
    it('names an empty and an unknown placement, quoting it', () => {
      expect(rulesOf(row({ 学位类型: '' }))).toEqual(['placement/required']);
      expect(problemsOf(row({ 学位类型: '借读' }))).toEqual([
        {
          field: 'placement',
          rule: 'placement-vocabulary',
          message: '学位类型：须为"公办学位""政府购买学位"或"民办自费"，实为"借读"',
        },
      ]);
    });
    it('a placement cell that is a number is reported once', () =>
      expect(rulesOf(row({ 学位类型: Number.NaN }))).toEqual(['placement/cell-type']));
  });

  it('reports every column at once, in column order', () =>
    expect(rulesOf({ 身份证号: '', 姓名: '', 年级: '', 入学日期: '', 学位类型: '' })).toEqual([
      'idNumber/empty',
      'name/required',
      'grade/required',
      'enrolledOn/required',
      'placement/required',
    ]));
});
