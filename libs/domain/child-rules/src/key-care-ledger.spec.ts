import { LEDGER_COLUMNS, LEDGER_TABLE_HEADERS, MOVED_OUT_COLUMN } from './key-care-ledger';

describe('Attachment 1 (重点关爱服务对象信息台账) columns', () => {
  it('are the seed table’s 15 headers in order', () => {
    expect(LEDGER_TABLE_HEADERS).toEqual([
      '序号',
      '儿童姓名',
      '性别',
      '年龄',
      '身份证号',
      '户籍地址',
      '现居住地',
      '重点关爱服务对象困境类型',
      '就读学校/年级',
      '监护人姓名',
      '与监护人关系',
      '监护人联系方式',
      '基本情况概述',
      '关爱服务活动',
      '备注',
    ]);
  });

  it('have distinct keys, and 迁出时间 (note 2) stays outside the table', () => {
    const keys = [...LEDGER_COLUMNS.map((c) => c.key), MOVED_OUT_COLUMN.key];
    expect(new Set(keys).size).toBe(16);
    expect(LEDGER_TABLE_HEADERS).not.toContain(MOVED_OUT_COLUMN.header);
  });
});
