import { makeIdNumber } from '@care/identity';
import { DELIVERY_LIST_HEADERS as H, validateDeliveryListRow } from './delivery-list';

const ASOF = '2026-09-20';
const ID = makeIdNumber('371702', '2016-03-10', 21);
const good = {
  [H.idNumber]: ID,
  [H.name]: '王小明',
  [H.itemCode]: 'HZ-15',
  [H.outcome]: '已提供',
  [H.onDate]: '2026-09-10',
};

const rulesOf = (cells: Record<string, unknown>) => {
  const r = validateDeliveryListRow(cells as never, 7, ASOF);
  return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.rule}`);
};

describe('validateDeliveryListRow', () => {
  it('reads a good row, normalising the ID number, the outcome words and the date', () => {
    const r = validateDeliveryListRow(
      {
        ...good,
        [H.idNumber]: ` ${ID.toLowerCase()} `,
        [H.outcome]: '不 需要',
        [H.reason]: ' 已享受其他救助 ',
        [H.onDate]: '2026/9/1',
      },
      7,
      ASOF,
    );
    expect(r).toEqual({
      ok: true,
      row: {
        idNumber: ID,
        itemCode: 'HZ-15',
        outcome: 'refused',
        onDate: '2026-09-01',
        reason: '已享受其他救助',
      },
    });
  });

  it.each([
    ['已提供', 'delivered'],
    ['已落实', 'delivered'],
    ['办理中', 'pending'],
    ['拒绝/不需要', 'refused'],
  ])('reads 服务结果 %s as %s', (word, outcome) => {
    const r = validateDeliveryListRow({ ...good, [H.outcome]: word, [H.reason]: '原因' }, 2, ASOF);
    expect(r.ok && r.row.outcome).toBe(outcome);
  });

  it('takes a date cell (exceljs gives a Date at UTC midnight) as that day', () => {
    const r = validateDeliveryListRow({ ...good, [H.onDate]: new Date('2026-09-10T00:00:00Z') }, 2, ASOF);
    expect(r.ok && r.row.onDate).toBe('2026-09-10');
  });

  it.each([
    [{ [H.idNumber]: undefined }, 'idNumber:required'],
    [{ [H.idNumber]: 371702201603102100 }, 'idNumber:cell-type'],
    [{ [H.idNumber]: `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}` }, 'idNumber:bad-check-character'],
    [{ [H.itemCode]: undefined }, 'itemCode:required'],
    [{ [H.itemCode]: 'HZ15' }, 'itemCode:item-code'],
    [{ [H.outcome]: undefined }, 'outcome:required'],
    [{ [H.outcome]: '发放了' }, 'outcome:outcome-vocabulary'],
    [{ [H.onDate]: undefined }, 'onDate:required'],
    [{ [H.onDate]: '2026-02-30' }, 'onDate:date-format'],
    [{ [H.onDate]: '九月十日' }, 'onDate:date-format'],
    [{ [H.onDate]: '2026-09-21' }, 'onDate:not-in-future'],
    [{ [H.outcome]: '拒绝' }, 'reason:reason-for-refusal'],
    [{ [H.reason]: '长'.repeat(201) }, 'reason:max-length'],
    [{ [H.reason]: 3 }, 'reason:cell-type'],
  ])('names the column and rule of %o', (change, rule) => {
    expect(rulesOf({ ...good, ...change })).toEqual([rule]);
  });

  it('reports every problem of a row at once, each beginning 第N行 and naming the column, never the values', () => {
    const r = validateDeliveryListRow(
      { [H.idNumber]: '123', [H.name]: '王小明', [H.outcome]: '拒绝' },
      12,
      ASOF,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual(['idNumber', 'itemCode', 'onDate', 'reason']);
    for (const p of r.problems) {
      expect(p.message).toMatch(/^第12行 (身份证号|服务项目编码|服务日期|原因)：/);
      expect(p.message).not.toContain('123');
      expect(p.message).not.toContain('王小明');
    }
  });
});
