import { DomainError } from '@care/errors';
import {
  formatCareActivities,
  formatSchoolGrade,
  isNoActivity,
  LEDGER_CELL_COLUMNS,
  ledgerCellText,
  parseCareActivities,
  parseSchoolGrade,
  type LedgerCell,
} from './ledger-text';

const CELLS = Object.keys(LEDGER_CELL_COLUMNS) as LedgerCell[];

describe('a ledger cell (the one place blank is decided)', () => {
  it.each([
    [undefined, '', 'absent: the codec leaves blank cells out'],
    [null, '', 'null: how MongoDB kept an undefined property (records stored before the fix)'],
    ['', '', 'empty'],
    ['   ', '', 'spaces'],
    [' \t\r\n ', '', 'tabs and line breaks'],
    ['\u3000\u3000', '', 'full-width spaces (NFKC)'],
    ['  父母务工 ', '父母务工', 'trimmed'],
    ['ＡＢＣ１２３', 'ABC123', 'full-width letters and digits (NFKC)'],
  ])('%j -> %j (%s)', (value, expected, _reason) => {
    for (const cell of CELLS) expect(ledgerCellText(value, cell)).toBe(expected);
  });

  it.each([
    [42, 'a number'],
    [0, 'zero'],
    [true, 'a boolean'],
    [false, 'false'],
    [['2026-03-01 上门'], 'an array'],
    [{ on: '2026-03-01' }, 'an object'],
    [new Date('2026-03-01'), 'a date'],
  ])('refuses %j (%s), naming the stored field, the rule and the column', (value, _reason) => {
    for (const cell of CELLS) {
      let thrown: unknown;
      try {
        ledgerCellText(value, cell);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'invalid-argument', field: `ledger.${cell}`, rule: '文本或空白' });
      expect((thrown as DomainError).message).toContain(LEDGER_CELL_COLUMNS[cell]);
    }
  });
});

describe('关爱服务活动 cell', () => {
  it.each([
    // Blank, however it arrives: no activities recorded yet (an entry is opened while screening).
    [undefined, [], 'absent'],
    [null, [], 'null'],
    ['', [], 'an empty cell'],
    ['   ', [], 'spaces'],
    ['\n\r\n\t\n', [], 'only line breaks and tabs'],
    ['\u3000', [], 'a full-width space'],
    ['无', [], '无: nothing to report'],
    ['暂无', [], '暂无'],
    [' 尚 无 ', [], '尚无 with spaces'],
    ['没有', [], '没有'],
    ['/', [], 'a slash placeholder'],
    ['／', [], 'a full-width slash placeholder'],
    ['-', [], 'a dash placeholder'],
    ['——', [], 'a Chinese dash placeholder'],
    ['；；', [], 'only separators'],
    ['无\n/\n-', [], 'several placeholder lines'],
    // Dates the parser reads, with each separator between the date and the description.
    ['2026-03-01 上门走访', [{ on: '2026-03-01', description: '上门走访' }], 'ISO date and a space'],
    ['2026-03-01\t上门', [{ on: '2026-03-01', description: '上门' }], 'a tab after the date'],
    ['2026-03-01:上门', [{ on: '2026-03-01', description: '上门' }], 'colon'],
    [
      '2026/3/1：送学习用品',
      [{ on: '2026-03-01', description: '送学习用品' }],
      'slashes, no padding, full-width colon',
    ],
    ['2026.3.1、心理疏导', [{ on: '2026-03-01', description: '心理疏导' }], 'dots and 、'],
    ['2026年3月1日、心理疏导', [{ on: '2026-03-01', description: '心理疏导' }], 'Chinese date with 、'],
    ['2026年3月1日 心理疏导', [{ on: '2026-03-01', description: '心理疏导' }], 'Chinese date and a space'],
    ['2026-03-01,上门', [{ on: '2026-03-01', description: '上门' }], 'comma'],
    ['2026-03-01，上门', [{ on: '2026-03-01', description: '上门' }], 'full-width comma'],
    ['2026-03-01 ： 上门', [{ on: '2026-03-01', description: '上门' }], 'spaces around the separator'],
    ['２０２６-０３-０１ 上门', [{ on: '2026-03-01', description: '上门' }], 'full-width digits'],
    // Lines the parser keeps as written, undated, rather than guess.
    ['定期电话联系', [{ on: null, description: '定期电话联系' }], 'an undated line stays as written'],
    ['2026-02-30 上门', [{ on: null, description: '2026-02-30 上门' }], 'not a calendar date: kept as text'],
    ['2026-13-01 上门', [{ on: null, description: '2026-13-01 上门' }], 'month 13: kept as text'],
    ['2026-03-01', [{ on: null, description: '2026-03-01' }], 'a date with no activity: kept as text'],
    ['2026-03-01：', [{ on: null, description: '2026-03-01:' }], 'a date and a separator only'],
    [
      '2026-03-01 无',
      [{ on: null, description: '2026-03-01 无' }],
      'a date with a placeholder: not an activity of that day',
    ],
    [
      '20260301 上门',
      [{ on: null, description: '20260301 上门' }],
      'digits without separators: not read as a date',
    ],
    ['3月1日 上门', [{ on: null, description: '3月1日 上门' }], 'no year: not guessed'],
    ['上门2026-03-01', [{ on: null, description: '上门2026-03-01' }], 'a trailing date is text'],
    // Separators between activities.
    [
      '2026-03-01 上门\n\n 2026-04-02 电话回访 ',
      [
        { on: '2026-03-01', description: '上门' },
        { on: '2026-04-02', description: '电话回访' },
      ],
      'line feeds, blank lines dropped',
    ],
    [
      '2026-03-01 上门\r\n2026-04-02 电话',
      [
        { on: '2026-03-01', description: '上门' },
        { on: '2026-04-02', description: '电话' },
      ],
      'CRLF',
    ],
    [
      '2026-03-01 上门\r2026-04-02 电话',
      [
        { on: '2026-03-01', description: '上门' },
        { on: '2026-04-02', description: '电话' },
      ],
      'a lone CR',
    ],
    [
      '2026-03-01 上门；2026-04-02 电话',
      [
        { on: '2026-03-01', description: '上门' },
        { on: '2026-04-02', description: '电话' },
      ],
      'full-width semicolon before a date separates',
    ],
    [
      '2026-03-01 上门; 2026年4月2日 电话',
      [
        { on: '2026-03-01', description: '上门' },
        { on: '2026-04-02', description: '电话' },
      ],
      'semicolon and a space before a Chinese date',
    ],
    [
      '送米；送油',
      [{ on: null, description: '送米;送油' }],
      'a semicolon not before a date is part of the text',
    ],
    [
      '2026-03-01 上门\n无\n定期电话联系',
      [
        { on: '2026-03-01', description: '上门' },
        { on: null, description: '定期电话联系' },
      ],
      'a placeholder line among activities is dropped',
    ],
  ])('%j -> %j (%s)', (cell, expected, _reason) => {
    expect(parseCareActivities(cell)).toEqual(expected);
  });

  it.each([
    [42, 'a number'],
    [['2026-03-01 上门'], 'an array'],
    [{ careActivities: '上门' }, 'an object'],
  ])('refuses a stored value that is not text: %j (%s)', (cell, _reason) => {
    expect(() => parseCareActivities(cell)).toThrow(
      expect.objectContaining({ code: 'invalid-argument', field: 'ledger.careActivities' }),
    );
  });

  it('round-trips what it writes', () => {
    const activities = [
      { on: '2026-03-01', description: '上门走访' },
      { on: null, description: '定期电话联系' },
      { on: null, description: '2026-02-30 上门' },
    ];
    expect(parseCareActivities(formatCareActivities(activities))).toEqual(activities);
    expect(parseCareActivities(formatCareActivities([]))).toEqual([]);
  });
});

describe('what is not an activity', () => {
  it.each([
    ['无', true],
    ['暂无', true],
    ['尚无', true],
    ['没有', true],
    [' 无 ', true],
    ['/', true],
    ['-', true],
    ['——', true],
    ['…', true],
    ['', true],
    ['   ', true],
    ['无偿送米', false],
    ['上门', false],
    ['2026', false],
    ['A', false],
  ])('%j -> %j', (text, expected) => {
    expect(isNoActivity(text)).toBe(expected);
  });
});

describe('就读学校/年级 cell', () => {
  it.each([
    ['东城小学/三年级', { school: '东城小学', grade: '三年级' }, 'school and grade'],
    ['东城小学', { school: '东城小学', grade: '' }, 'school only'],
    ['/三年级', { school: '', grade: '三年级' }, 'grade only'],
    ['菏泽一中/实验部/高一', { school: '菏泽一中/实验部', grade: '高一' }, 'the last slash separates'],
    ['东城小学／三年级', { school: '东城小学', grade: '三年级' }, 'full-width slash'],
    [' 东城小学 / 三年级 ', { school: '东城小学', grade: '三年级' }, 'spaces around'],
    ['', { school: '', grade: '' }, 'empty'],
    ['   ', { school: '', grade: '' }, 'spaces'],
    [undefined, { school: '', grade: '' }, 'absent'],
    [null, { school: '', grade: '' }, 'null (stored before the fix)'],
  ])('%j -> %j (%s)', (cell, expected, _reason) => {
    expect(parseSchoolGrade(cell)).toEqual(expected);
  });

  it('refuses a stored value that is not text, naming the field', () => {
    expect(() => parseSchoolGrade(3)).toThrow(
      expect.objectContaining({ code: 'invalid-argument', field: 'ledger.schoolGrade' }),
    );
  });

  it.each([
    ['东城小学', '三年级'],
    ['东城小学', ''],
    ['', '三年级'],
    ['', ''],
  ])('round-trips %j / %j', (school, grade) => {
    expect(parseSchoolGrade(formatSchoolGrade(school, grade))).toEqual({ school, grade });
  });
});
