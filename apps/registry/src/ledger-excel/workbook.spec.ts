import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '@care/identity';
import { DomainError } from '@care/errors';
import { LEDGER_HEADERS, LEDGER_TITLE } from './columns';
import type { LedgerRowResult } from './ledger-row';
import { readLedgerWorkbook } from './reader';
import { writeErrorReport, writeLedgerWorkbook, type LedgerExportRow } from './writer';

const asOf = '2025-03-01';

// The seed's own header row (附件1), hints, stray spaces and all.
const SEED_HEADERS = [
  '序号',
  '儿童姓名',
  '性别',
  '年龄',
  '身份证号',
  '户籍地址 (xx省xx区xx市xx镇**村**路**号)',
  '现居住地 (**地址xx镇**村**路**号)',
  '重点关爱服务对象 困境类型',
  '就读学校 /年级',
  '监护人姓名',
  '与监护人关系',
  '监护人联系方式',
  '基本情况\n概述',
  '关爱服务\n活动',
  '备注',
];

const id = (seq: number) => makeIdNumber('371702', '2014-06-15', seq % 1000);

function dataRow(n: number, over: Partial<Record<number, unknown>> = {}): unknown[] {
  const row: unknown[] = [
    n,
    `儿童${'甲乙丙丁戊'[n % 5]}`,
    n % 2 === 1 ? '男' : '女',
    10,
    id(100 + n),
    '河南省商丘市睢阳区古城街道',
    '山东省菏泽市牡丹区西城街道和平路1号',
    '家庭生活困难',
    '实验小学/四年级',
    '监护人',
    '父子',
    '+86 138 0000 0000',
    '',
    '',
    '',
  ];
  for (const [k, v] of Object.entries(over)) row[Number(k)] = v;
  return row;
}

async function buildWorkbook(
  rows: unknown[][],
  options: { title?: boolean; headers?: string[]; extraSheetFirst?: boolean } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  const headers = options.headers ?? SEED_HEADERS;
  if (options.title !== false) {
    ws.addRow([LEDGER_TITLE]);
    ws.mergeCells(1, 1, 1, headers.length);
    ws.addRow([]); // a blank spacer row, as many county files have
  }
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readAll(input: Buffer | Readable): Promise<LedgerRowResult[]> {
  const out: LedgerRowResult[] = [];
  for await (const r of readLedgerWorkbook(input, { asOf })) out.push(r);
  return out;
}

describe('readLedgerWorkbook', () => {
  it('finds the header row under a merged title and reads the rows with their sheet row numbers', async () => {
    const results = await readAll(await buildWorkbook([dataRow(1), dataRow(2)]));
    expect(results.map((r) => r.rowNumber)).toEqual([4, 5]);
    expect(results.every((r) => 'values' in r)).toBe(true);
    const first = results[0]!;
    expect('values' in first && first.values).toMatchObject({
      name: '儿童乙',
      sex: 'male',
      age: 10,
      idNumber: id(101),
      guardianPhone: '13800000000',
      difficultyTypes: ['family-hardship'],
    });
  });

  it('reads a stream as well as a buffer, and a file without a title row', async () => {
    const buffer = await buildWorkbook([dataRow(1)], { title: false });
    const results = await readAll(Readable.from([buffer]));
    expect(results).toHaveLength(1);
    expect(results[0]!.rowNumber).toBe(2);
  });

  it('reports bad rows with Chinese column and reason, and keeps reading', async () => {
    const results = await readAll(
      await buildWorkbook([
        dataRow(1),
        dataRow(2, { 4: id(102).slice(0, 17) + 'Y' }), // bad ID
        dataRow(3, { 7: '贫困' }), // unknown difficulty
        dataRow(4, { 2: '男', 4: id(101) }), // duplicate of row 4's ID
        dataRow(5),
      ]),
    );
    expect(results.map((r) => ('errors' in r ? r.errors.map((e) => e.column).join(',') : 'ok'))).toEqual([
      'ok',
      '身份证号',
      '重点关爱服务对象困境类型',
      '身份证号',
      'ok',
    ]);
    const dup = results[3]!;
    expect('errors' in dup && dup.errors[0]!.reason).toBe('与第4行重复（同一文件中同一儿童只能出现一次）');
  });

  it('skips blank rows and tolerates an extra unknown column', async () => {
    const headers = [...SEED_HEADERS, '民族'];
    const results = await readAll(
      await buildWorkbook([dataRow(1).concat('汉'), [], ['', '  '], dataRow(2).concat('回')], { headers }),
    );
    expect(results.map((r) => r.rowNumber)).toEqual([4, 7]);
  });

  it('reads 迁出时间 as a date cell when the column is present', async () => {
    const headers = [...SEED_HEADERS, '迁出时间'];
    const results = await readAll(
      await buildWorkbook([dataRow(1).concat(new Date(Date.UTC(2025, 0, 15)))], { headers }),
    );
    expect('values' in results[0]! && results[0].values.movedOutOn).toBe('2025-01-15');
  });

  it('catches an ID number that Excel stored as a number', async () => {
    const results = await readAll(await buildWorkbook([dataRow(1, { 4: Number('371702201406151010') })]));
    expect('errors' in results[0]! && results[0].errors[0]!.reason).toContain('被 Excel 存成了数字');
  });

  it.each<[string, string[], RegExp]>([
    [
      'a file missing two headers',
      SEED_HEADERS.filter((h) => h !== '身份证号' && h !== '备注'),
      /表头缺少列：身份证号、备注/,
    ],
    ['a file that is not a ledger', ['姓名', '电话'], /未在前10行找到台账表头/],
  ])('refuses %s as a whole, in Chinese', async (_why, headers, message) => {
    const error = await readAll(await buildWorkbook([dataRow(1)], { headers })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid-argument');
    expect((error as DomainError).message).toMatch(message);
  });

  it('refuses a file over the row limit', async () => {
    const rows = [dataRow(1), dataRow(2), dataRow(3)];
    const read = async () => {
      for await (const _ of readLedgerWorkbook(await buildWorkbook(rows), { asOf, maxRows: 2 })) {
        // drain
      }
    };
    await expect(read()).rejects.toThrow('文件超过2行数据');
  });
});

function collect(stream: PassThrough): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const exportRow = (i: number): LedgerExportRow => ({
  name: `王${'一二三'[i % 3]}`,
  sex: i % 2 === 1 ? 'male' : 'female',
  age: 10,
  idNumber: makeIdNumber('371702', '2014-06-15', (100 + i) % 1000),
  hukouAddress: '河南省商丘市睢阳区古城街道',
  residenceAddress: '山东省菏泽市牡丹区西城街道和平路1号',
  difficultyTypes: ['disability', 'lack-of-guardianship'],
  schoolGrade: '实验小学/四年级',
  guardianName: '王大',
  guardianRelation: '父子',
  guardianPhone: '13800000000',
  situation: '情况',
  careActivities: '走访',
  notes: '',
});

describe('writeLedgerWorkbook', () => {
  it('writes the merged title, the 15 headers in order, numbered rows, ID numbers as text', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const { rows } = await writeLedgerWorkbook([exportRow(1), exportRow(2)], out);
    const buffer = await done;
    expect(rows).toBe(2);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as any);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe(LEDGER_TITLE);
    expect(ws.getCell('A1').isMerged && ws.getCell('O1').isMerged).toBe(true);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(LEDGER_HEADERS);
    expect(ws.getCell('A3').value).toBe(1);
    expect(ws.getCell('E3').value).toBe(exportRow(1).idNumber);
    expect(typeof ws.getCell('E3').value).toBe('string');
    expect(ws.getCell('H3').value).toBe('自身残疾、监护缺失');
    expect(ws.getCell('A4').value).toBe(2);
  });

  it('round-trips: what it writes, the reader reads back as valid rows', async () => {
    const out = new PassThrough();
    const done = collect(out);
    await writeLedgerWorkbook(
      (async function* () {
        for (let i = 1; i <= 50; i += 1) yield exportRow(i);
      })(),
      out,
      { includeMovedOut: true },
    );
    const results = await readAll(await done);
    expect(results).toHaveLength(50);
    expect(results.filter((r) => 'errors' in r)).toEqual([]);
    expect('values' in results[0]! && results[0].values).toMatchObject({
      name: '王二',
      sex: 'male',
      difficultyTypes: ['disability', 'lack-of-guardianship'],
      guardianRelation: '父子',
    });
  });

  // Also the regression test of utf8-safe-reader.ts: 3000 rows of Chinese inline strings span
  // many zip chunks, and exceljs alone garbles characters cut at chunk boundaries.
  it('streams a large sheet through write and read without holding results', async () => {
    const n = 3000;
    const out = new PassThrough();
    const done = collect(out);
    await writeLedgerWorkbook(
      (function* () {
        for (let i = 1; i <= n; i += 1)
          yield {
            ...exportRow(i),
            idNumber: makeIdNumber('371702', `2014-06-${String((i % 28) + 1).padStart(2, '0')}`, i % 1000),
          };
      })(),
      out,
    );
    let valid = 0;
    let invalid = 0;
    for await (const r of readLedgerWorkbook(await done, { asOf })) {
      if ('values' in r) valid += 1;
      else invalid += 1;
    }
    // 28 days x 1000 sequences: 3000 distinct IDs, no duplicates.
    expect({ valid, invalid }).toEqual({ valid: n, invalid: 0 });
  });
});

describe('Chinese text across zip chunk boundaries (shared strings)', () => {
  it('reads thousands of distinct Chinese cells from the shared-strings table without a replacement character', async () => {
    // The non-streaming writer puts text in xl/sharedStrings.xml; distinct strings make it large.
    const rows = Array.from({ length: 2000 }, (_, i) =>
      dataRow(i + 1, {
        2: (i + 1) % 2 === 1 ? '男' : '女',
        4: makeIdNumber('371702', `2014-06-${String((i % 28) + 1).padStart(2, '0')}`, (i + 1) % 1000),
        12: `第${i}户：父母在菏泽务工，儿童随迁就读，家庭经济困难需要帮扶`,
      }),
    );
    const results = await readAll(await buildWorkbook(rows));
    expect(results.filter((r) => 'errors' in r)).toEqual([]);
    const garbled = results.filter((r) => JSON.stringify(r.raw).includes('\uFFFD'));
    expect(garbled).toEqual([]);
    expect('values' in results[1999]! && results[1999].values.situation).toBe(
      '第1999户：父母在菏泽务工，儿童随迁就读，家庭经济困难需要帮扶',
    );
  });
});

describe('writeErrorReport', () => {
  it('lists row number, column, reason and the original values, one line per problem', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const summary = await writeErrorReport(
      [
        {
          rowNumber: 7,
          errors: [
            { column: '身份证号', reason: '最后一位校验码错误（GB 11643-1999）' },
            { column: '性别', reason: '应填写“男”或“女”' },
          ],
          raw: { name: '李四', idNumber: '371702201406151011', sex: 'M' },
        },
        { rowNumber: 9, errors: [{ column: '现居住地', reason: '未填写' }] },
      ],
      out,
    );
    expect(summary).toEqual({ rows: 2, problems: 3 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await done) as any);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 7)).toEqual([
      '行号',
      '问题列',
      '问题及规则',
      '处理结果',
      '原序号',
      '原儿童姓名',
    ]);
    expect((ws.getRow(2).values as unknown[]).slice(1, 5)).toEqual([
      7,
      '身份证号',
      '最后一位校验码错误（GB 11643-1999）',
      '未导入',
    ]);
    expect(ws.getCell('F2').value).toBe('李四');
    expect(ws.getCell('I2').value).toBe('371702201406151011');
    expect((ws.getRow(3).values as unknown[]).slice(1, 5)).toEqual([7, '性别', '应填写“男”或“女”', '未导入']);
    expect((ws.getRow(4).values as unknown[]).slice(1, 5)).toEqual([9, '现居住地', '未填写', '未导入']);
    expect(ws.getCell('F4').value ?? '').toBe('');
  });

  it('lists incomplete rows and corrections beside the errors, each with its outcome', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const summary = await writeErrorReport(
      [
        { rowNumber: 4, errors: [], warnings: [{ column: '年龄', reason: '已按身份证号保存' }] },
        {
          rowNumber: 5,
          errors: [],
          incomplete: [{ column: '身份证号', reason: '未填写，已存为待补录' }],
          warnings: [{ column: '儿童姓名', reason: '含多余的空格' }],
        },
      ],
      out,
    );
    expect(summary).toEqual({ rows: 2, problems: 3 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await done) as any);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(2).values as unknown[]).slice(1, 5)).toEqual([
      4,
      '年龄',
      '已按身份证号保存',
      '已导入（已自动更正）',
    ]);
    expect((ws.getRow(3).values as unknown[]).slice(1, 5)).toEqual([
      5,
      '身份证号',
      '未填写，已存为待补录',
      '已存为待补录',
    ]);
    expect((ws.getRow(4).values as unknown[]).slice(1, 5)).toEqual([
      5,
      '儿童姓名',
      '含多余的空格',
      '已导入（已自动更正）',
    ]);
  });
});
