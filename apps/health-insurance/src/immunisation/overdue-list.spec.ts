import { DomainError } from '@care/errors';
import { encodeCursor } from '@care/persistence';
import { compareOverdue, doseRefusal, overduePage, OVERDUE_SORT } from './overdue-list';

const row = (childId: string, mostOverdueDueOn: string) => ({ childId, mostOverdueDueOn });
const rows = [
  row('c', '2026-05-10'),
  row('a', '2026-03-01'),
  row('old', '2019-09-15'),
  row('b', '2026-03-01'),
];

describe('the overdue list: longest overdue first, keyset pages', () => {
  it('orders by the due date of the most overdue dose, then the child id', () => {
    expect([...rows].sort(compareOverdue).map((r) => r.childId)).toEqual(['old', 'a', 'b', 'c']);
    expect(compareOverdue(row('a', '2026-01-01'), row('a', '2026-01-01'))).toBe(0);
  });

  it('returns everything on one page when it fits, without a cursor', () => {
    expect(overduePage(rows, {})).toEqual({ items: [...rows].sort(compareOverdue) });
    expect(overduePage([], { pageSize: 10 })).toEqual({ items: [] });
  });

  it('pages by position: every row once, in order', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = overduePage(rows, { pageSize: 1, cursor });
      seen.push(...page.items.map((r) => r.childId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(seen).toEqual(['old', 'a', 'b', 'c']);
    expect(pages).toBe(4);
  });

  it('a row gone between two pages does not shift the next page', () => {
    const first = overduePage(rows, { pageSize: 2 });
    expect(first.items.map((r) => r.childId)).toEqual(['old', 'a']);
    const without = rows.filter((r) => r.childId !== 'old' && r.childId !== 'a');
    expect(
      overduePage(without, { pageSize: 2, cursor: first.nextCursor }).items.map((r) => r.childId),
    ).toEqual(['b', 'c']);
  });

  it('a cursor past the last row gives an empty page', () => {
    const cursor = encodeCursor(OVERDUE_SORT, { sortValue: '2099-01-01', id: 'z' });
    expect(overduePage(rows, { cursor })).toEqual({ items: [] });
  });

  it.each([
    [
      'a cursor of another list',
      { cursor: encodeCursor('dueOn', { sortValue: '2026-01-01', id: 'a' }) },
      'cursor',
    ],
    ['a cursor that is not one', { cursor: 'nonsense' }, 'cursor'],
    ['a page of 501 rows', { pageSize: 501 }, 'pageSize'],
  ])('refuses %s naming the field', (_why, request, field) => {
    expect(() => overduePage(rows, request)).toThrow(
      expect.objectContaining({ code: 'invalid-argument', field }),
    );
  });
});

describe('doseRefusal', () => {
  it('names the first field and rule, every message, and each problem in the details', () => {
    const error = doseRefusal([
      { field: 'dose', rule: '剂次须在程序范围内', message: '乙肝疫苗共3剂' },
      { field: 'date', rule: '不晚于今日', message: '接种日期不能晚于今日' },
    ]);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'invalid-argument',
      field: 'dose',
      rule: '剂次须在程序范围内',
      message: '字段 dose：乙肝疫苗共3剂；字段 date：接种日期不能晚于今日',
      details: { problem0: 'dose:剂次须在程序范围内', problem1: 'date:不晚于今日' },
    });
  });

  it('still answers with no problem given', () => {
    expect(doseRefusal([])).toMatchObject({ field: '(body)', message: '接种记录不正确' });
  });
});
