import { CRLF, csvCell, csvLine } from './csv';

describe('csv', () => {
  it.each([
    ['plain text stays bare', '张三', true, '张三'],
    ['a comma is quoted', '山东省,菏泽市', true, '"山东省,菏泽市"'],
    ['a quote is doubled inside quotes', '他说"好"', true, '"他说""好"""'],
    ['a line break is quoted', '第一行\n第二行', true, '"第一行\n第二行"'],
    ['a formula is disarmed', '=HYPERLINK("x")', true, `"'=HYPERLINK(""x"")"`],
    ['a leading minus is disarmed', '-1', true, "'-1"],
    ['a leading @ is disarmed', '@SUM(A1)', true, "'@SUM(A1)"],
    ['without the guard a formula passes through', '=1+1', false, '=1+1'],
    ['empty stays empty', '', true, ''],
  ])('%s', (_why, value, guard, expected) => {
    expect(csvCell(value, guard)).toBe(expected);
  });

  it('ends every line with CRLF', () => {
    expect(csvLine(['a', 'b,c'], true)).toBe(`a,"b,c"${CRLF}`);
  });
});
