import {
  isSchoolYear,
  schoolYearAge,
  schoolYearBounds,
  schoolYearOf,
  schoolYearStartYear,
  trySchoolYearAge,
} from './school-year';

describe('school years (1 September – 31 August)', () => {
  it.each([
    ['1 September opens the year', '2026-09-01', '2026-2027'],
    ['31 August closes the previous one', '2026-08-31', '2025-2026'],
    ['spring belongs to the year that began last autumn', '2027-03-15', '2026-2027'],
    ['31 December', '2026-12-31', '2026-2027'],
  ])('%s', (_why, date, expected) => {
    expect(schoolYearOf(date)).toBe(expected);
    expect(schoolYearStartYear(date)).toBe(Number(expected.slice(0, 4)));
  });

  it.each([
    ['2026-2027', true],
    ['2026-2028', false],
    ['2026/2027', false],
    ['2026', false],
    ['26-27', false],
  ])('isSchoolYear(%s) = %s', (text, expected) => expect(isSchoolYear(text)).toBe(expected));

  it('gives the bounds of a year', () => {
    expect(schoolYearBounds('2026-2027')).toEqual({ first: '2026-09-01', last: '2027-08-31' });
    expect(schoolYearBounds('2026-2026')).toBeUndefined();
  });
});

describe('schoolYearAge: age on 31 August before the school year', () => {
  it.each([
    ['born 31 August: six on the cut-off, starts school at six', '2020-08-31', '2026-09-01', 6],
    ['born 1 September: five on the cut-off, waits a year', '2020-09-01', '2026-09-01', 5],
    ['the whole school year shares the age', '2020-08-31', '2027-06-30', 6],
    ['summer before the year: still the previous year', '2020-08-31', '2026-08-31', 5],
    ['29 February births complete a year on 1 March', '2020-02-29', '2026-09-01', 6],
    ['born after the cut-off date counts as 0', '2026-10-01', '2026-12-01', 0],
  ])('%s', (_why, birth, asOf, expected) => expect(schoolYearAge(birth, asOf)).toBe(expected));

  it('trySchoolYearAge refuses non-dates instead of throwing', () => {
    expect(trySchoolYearAge('2020-02-30', '2026-09-01')).toBeUndefined();
    expect(trySchoolYearAge('2020-01-01', 'today')).toBeUndefined();
    expect(trySchoolYearAge('2020-01-01', '2026-09-01')).toBe(6);
  });
});
