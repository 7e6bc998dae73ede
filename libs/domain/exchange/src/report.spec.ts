import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { compareRecords, unmatchedHukouRecord, type Difference } from './compare';
import { DIFFERENCE_REPORT_HEADERS, differencesWorkbook } from './report';
import { aRecord } from './test-records';

async function written(differences: Iterable<Difference> | AsyncIterable<Difference>) {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => stream.on('end', resolve));
  const result = await differencesWorkbook(differences, stream);
  await done;
  const buffer = Buffer.concat(chunks);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push([1, 2, 3, 4, 5].map((c) => row.getCell(c).text)));
  return { result, rows, sheetName: sheet.name, buffer };
}

describe('differencesWorkbook', () => {
  const residence = aRecord({ childRef: 'heze-1', name: '欧阳娜娜', keyCare: true });
  const hukou = aRecord({ childRef: 'zz-9', name: '欧阳丽丽', residenceDivisionCode: '410102001' });
  const differences: Difference[] = [
    ...compareRecords(residence, hukou),
    ...compareRecords(aRecord({ childRef: 'heze-2' }), undefined),
    unmatchedHukouRecord(aRecord({ childRef: 'zz-3' }), '371700') as Difference,
  ];

  it('writes one row per difference under the Chinese headers', async () => {
    const { result, rows, sheetName } = await written(differences);
    expect(sheetName).toBe('比对差异');
    expect(result.rows).toBe(5);
    expect(rows).toEqual([
      [...DIFFERENCE_REPORT_HEADERS],
      ['状态冲突', '状态', '居住 371702001', '居住 410102001', 'heze-1'],
      ['字段不一致', '姓名', '欧***', '欧***', 'heze-1'],
      ['字段不一致', '重点关爱', '是', '否', 'heze-1'],
      ['户籍地无记录', '', '', '', 'heze-2'],
      ['居住地无记录', '', '', '居住 371702001', '（户籍地）zz-3'],
    ]);
  });

  it('holds no personal value in clear', async () => {
    const { rows } = await written(differences);
    const text = JSON.stringify(rows);
    for (const secret of ['娜娜', '丽丽', '王小明', '王建国', '和平路', '03-07'])
      expect(text).not.toContain(secret);
  });

  it('streams from an async source and writes a header-only workbook for no differences', async () => {
    async function* none(): AsyncGenerator<Difference> {
      // nothing to report
    }
    const { result, rows } = await written(none());
    expect(result.rows).toBe(0);
    expect(rows).toEqual([[...DIFFERENCE_REPORT_HEADERS]]);
  });
});
