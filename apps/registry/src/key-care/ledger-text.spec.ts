import {
  formatCareActivities,
  formatSchoolGrade,
  parseCareActivities,
  parseSchoolGrade,
} from './ledger-text';

describe('关爱服务活动 cell', () => {
  it.each([
    ['', [], 'an empty cell'],
    ['2026-03-01 上门走访', [{ on: '2026-03-01', description: '上门走访' }], 'ISO date and a space'],
    [
      '2026/3/1：送学习用品',
      [{ on: '2026-03-01', description: '送学习用品' }],
      'slashes, no padding, full-width colon',
    ],
    ['2026年3月1日、心理疏导', [{ on: '2026-03-01', description: '心理疏导' }], 'Chinese date with 、'],
    ['２０２６-０３-０１ 上门', [{ on: '2026-03-01', description: '上门' }], 'full-width digits'],
    ['定期电话联系', [{ on: null, description: '定期电话联系' }], 'an undated line stays as written'],
    [
      '2026-02-30 上门',
      [{ on: null, description: '2026-02-30 上门' }],
      'not a calendar date: kept as text, not guessed',
    ],
    [
      '2026-03-01 上门\n\n 2026-04-02 电话回访 ',
      [
        { on: '2026-03-01', description: '上门' },
        { on: '2026-04-02', description: '电话回访' },
      ],
      'several lines, blanks dropped',
    ],
    [
      '2026-03-01 上门；2026-04-02 电话',
      [
        { on: '2026-03-01', description: '上门' },
        { on: '2026-04-02', description: '电话' },
      ],
      'semicolon before a date separates',
    ],
  ])('%j -> %j (%s)', (cell, expected, _reason) => {
    expect(parseCareActivities(cell)).toEqual(expected);
  });

  it('round-trips what it writes', () => {
    const activities = [
      { on: '2026-03-01', description: '上门走访' },
      { on: null, description: '定期电话联系' },
    ];
    expect(parseCareActivities(formatCareActivities(activities))).toEqual(activities);
  });
});

describe('就读学校/年级 cell', () => {
  it.each([
    ['东城小学/三年级', { school: '东城小学', grade: '三年级' }, 'school and grade'],
    ['东城小学', { school: '东城小学', grade: '' }, 'school only'],
    ['/三年级', { school: '', grade: '三年级' }, 'grade only'],
    ['菏泽一中/实验部/高一', { school: '菏泽一中/实验部', grade: '高一' }, 'the last slash separates'],
    ['东城小学／三年级', { school: '东城小学', grade: '三年级' }, 'full-width slash'],
    ['', { school: '', grade: '' }, 'empty'],
  ])('%j -> %j (%s)', (cell, expected, _reason) => {
    expect(parseSchoolGrade(cell)).toEqual(expected);
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
