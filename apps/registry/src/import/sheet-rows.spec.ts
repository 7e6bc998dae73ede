import ExcelJS from 'exceljs';
import { nonEmptySheetRows } from './sheet-rows';

async function workbook(rows: (string | number | null)[][], sheets = 1): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (let s = 0; s < sheets; s += 1) {
    const sheet = wb.addWorksheet(`S${s}`);
    rows.forEach((r) => sheet.addRow(r));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('nonEmptySheetRows (the import total without a second parse)', () => {
  it('lists the rows that hold a value, skipping blank rows', async () => {
    const buffer = await workbook([['台账'], ['序号', '儿童姓名'], ['1', '张三'], [null, null], ['3', 4]]);
    expect(nonEmptySheetRows(buffer)).toEqual([1, 2, 3, 5]);
  });

  it('reads only the first worksheet', async () => {
    const buffer = await workbook([['a'], ['b']], 3);
    expect(nonEmptySheetRows(buffer)).toEqual([1, 2]);
  });

  it('gives undefined for something that is not an xlsx', () => {
    expect(nonEmptySheetRows(Buffer.from('序号,儿童姓名\n1,张三\n'))).toBeUndefined();
  });
});
