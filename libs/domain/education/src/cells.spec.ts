import { cellText, cellValue, compactText, normalizeText, parseCellDate, parseYesNo } from './cells';

describe('normalizeText / compactText', () => {
  it.each([
    ['full-width digits and letters become half-width', '１２３ＡＢ', '123AB'],
    ['ideographic and no-break spaces collapse to one', '小学\u3000\u00a0初中', '小学 初中'],
    ['zero-width characters vanish', '小\u200b学\ufeff', '小学'],
    ['ends are trimmed', '  三年级 \t', '三年级'],
  ])('%s', (_why, input, expected) => expect(normalizeText(input)).toBe(expected));

  it('compactText removes every space', () => expect(compactText(' 小 学\u3000三年级 ')).toBe('小学三年级'));
});

describe('cellValue', () => {
  it.each([
    ['the exact header', { 学校标识码: '1' }],
    ['a header with a trailing required mark', { '学校标识码*': '1' }],
    ['a header with （必填）', { '学校标识码（必填）': '1' }],
    ['a header with spaces and full-width characters', { ' 学校 标识码 ': '1' }],
  ])('finds %s', (_why, row) => expect(cellValue(row, '学校标识码')).toBe('1'));

  it('is undefined when the column is missing', () =>
    expect(cellValue({ 名称: 'x' }, '学校标识码')).toBeUndefined());
  it('does not read an inherited property as a column', () =>
    expect(cellValue(Object.create({ 学段: '小学' }) as Record<string, unknown>, '学段')).toBeUndefined());
});

describe('cellText', () => {
  it.each([
    ['undefined is empty', undefined, ''],
    ['null is empty', null, ''],
    ['a string is normalised', ' ３７１７０２ ', '371702'],
    ['an integer becomes its digits', 2137000001, '2137000001'],
    ['NaN is not text', Number.NaN, undefined],
    ['a Date is not text', new Date(0), undefined],
    ['a boolean is not text', true, undefined],
    ['an object is not text', { formula: 'A1' }, undefined],
  ])('%s', (_why, value, expected) => expect(cellText(value)).toBe(expected));
});

describe('parseYesNo', () => {
  it.each([
    ['是', true],
    [' 否 ', false],
    ['Y', undefined],
    ['', undefined],
    ['是的', undefined],
  ])('%s → %s', (text, expected) => expect(parseYesNo(text)).toBe(expected));
});

describe('parseCellDate', () => {
  it.each([
    ['ISO', '2026-09-01', '2026-09-01'],
    ['ISO without zero padding', '2026-9-1', '2026-09-01'],
    ['slashes', '2026/9/1', '2026-09-01'],
    ['dots', '2026.09.01', '2026-09-01'],
    ['Chinese', '2026年9月1日', '2026-09-01'],
    ['eight digits', '20260901', '2026-09-01'],
    ['full-width digits', '２０２６－０９－０１', '2026-09-01'],
    ['29 February of a leap year', '2024-02-29', '2024-02-29'],
  ])('reads %s', (_why, text, expected) => expect(parseCellDate(text)).toBe(expected));

  it.each([
    ['no calendar date', '2025-02-29'],
    ['month 13', '2026-13-01'],
    ['day 0', '2026-09-00'],
    ['free text', '九月一日'],
    ['empty', ''],
    ['an Excel serial number', 46266],
    ['an invalid Date', new Date('x')],
    ['nothing', undefined],
  ])('refuses %s', (_why, value) => expect(parseCellDate(value)).toBeUndefined());

  it('reads an Excel date (UTC midnight) as its calendar day', () =>
    expect(parseCellDate(new Date(Date.UTC(2026, 8, 1)))).toBe('2026-09-01'));
  it('reads a Date made at Shanghai midnight as the same day', () =>
    expect(parseCellDate(new Date('2026-09-01T00:00:00+08:00'))).toBe('2026-09-01'));
});
