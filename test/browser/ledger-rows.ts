// Attachment 1 rows as a county office types them, shared by the registry workspace's suites.
import ExcelJS from 'exceljs';
import { completedYears } from '@care/child-rules';
import { makeIdNumber } from '@care/identity';
import { LEDGER_COLUMNS } from '@care/synthetic';

export type LedgerRow = Record<(typeof LEDGER_COLUMNS)[number], string>;

/** A migrant child living in 牡丹区 with a 曹县 household registration, as a county office types it. */
export function ledgerRow(
  serial: number,
  today: string,
  over: Partial<LedgerRow> & { birthDate: string; seq: number },
): string[] {
  const { birthDate, seq, ...cells } = over;
  const row: LedgerRow = {
    序号: String(serial),
    儿童姓名: '赵小明',
    性别: seq % 2 === 1 ? '男' : '女',
    年龄: String(completedYears(birthDate, today)),
    身份证号: makeIdNumber('371721', birthDate, seq),
    户籍地址: '山东省菏泽市曹县仵楼镇王园村南京路84号',
    现居住地: '菏泽市牡丹区牡丹街道春晖社区解放路58号',
    重点关爱服务对象困境类型: '',
    '就读学校/年级': '牡丹区牡丹中心小学/四年级',
    监护人姓名: '赵大海',
    与监护人关系: '父亲',
    监护人联系方式: '15529265472',
    基本情况概述: '',
    关爱服务活动: '',
    备注: '',
    ...cells,
  };
  return LEDGER_COLUMNS.map((c) => row[c]);
}

/** The first sheet's rows as text. */
export async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((r) =>
    rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
  );
  return rows;
}
