import {
  addDays,
  addMonths,
  anniversary,
  completedYears,
  daysBetween,
  isLocalDate,
  shanghaiDate,
} from './local-date';

describe('local dates', () => {
  it.each([
    ['2024-02-29', true, 'leap day in a leap year'],
    ['2023-02-29', false, 'leap day in a common year'],
    ['1900-02-29', false, 'century that is not a leap year'],
    ['2000-02-29', true, 'century divisible by 400'],
    ['2024-13-01', false, 'month 13'],
    ['2024-04-31', false, 'April has 30 days'],
    ['2024-4-1', false, 'unpadded'],
    ['', false, 'empty'],
  ])('%s is a date: %s (%s)', (text, ok) => expect(isLocalDate(text)).toBe(ok));

  it.each([
    ['2024-08-31', 6, '2025-02-28', 'month-end clamps to a shorter month'],
    ['2023-08-31', 6, '2024-02-29', 'clamps to a leap February'],
    ['2024-01-15', 6, '2024-07-15', 'ordinary'],
    ['2024-10-31', 6, '2025-04-30', 'clamps to 30 days'],
    ['2024-12-31', -6, '2024-06-30', 'backwards'],
  ])('%s + %i months = %s (%s)', (from, n, to) => expect(addMonths(from, n)).toBe(to));

  it.each([
    ['2008-02-29', 16, '2024-02-29', 'leap anniversary falls on the day'],
    ['2012-02-29', 13, '2025-03-01', 'common-year anniversary of 29 Feb is 1 March'],
    ['2010-06-15', 16, '2026-06-15', 'ordinary'],
  ])('anniversary of %s after %i years is %s (%s)', (d, n, out) => expect(anniversary(d, n)).toBe(out));

  it.each([
    ['2010-06-15', '2026-06-14', 15, 'day before the 16th birthday'],
    ['2010-06-15', '2026-06-15', 16, 'the 16th birthday itself'],
    ['2012-02-29', '2025-02-28', 12, '29 Feb birth, 28 Feb of a common year: not yet'],
    ['2012-02-29', '2025-03-01', 13, '29 Feb birth, 1 March of a common year'],
    ['2020-01-01', '2020-01-01', 0, 'day of birth'],
    ['2020-01-01', '2019-12-31', -1, 'before birth'],
  ])('born %s, on %s: %i completed years (%s)', (birth, on, age) =>
    expect(completedYears(birth, on)).toBe(age),
  );

  it('counts days and takes today in Asia/Shanghai', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(shanghaiDate(new Date('2026-06-14T16:00:00Z'))).toBe('2026-06-15');
    expect(shanghaiDate(new Date('2026-06-14T15:59:59Z'))).toBe('2026-06-14');
  });
});
