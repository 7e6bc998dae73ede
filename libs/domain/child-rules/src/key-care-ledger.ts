// Attachment 1 of the seed (附件1 重点关爱服务对象信息台账): its title and 15 columns in their exact
// order, plus 迁出时间, which the attachment's note 2 names but its table does not show. The one
// definition: the registry reads and writes the workbook with it, the synthetic data fills it.

export const LEDGER_TITLE = '重点关爱服务对象信息台账';

export const LEDGER_COLUMNS = [
  { key: 'serialNumber', header: '序号' },
  { key: 'name', header: '儿童姓名' },
  { key: 'sex', header: '性别' },
  { key: 'age', header: '年龄' },
  { key: 'idNumber', header: '身份证号' },
  { key: 'hukouAddress', header: '户籍地址' },
  { key: 'residenceAddress', header: '现居住地' },
  { key: 'difficultyTypes', header: '重点关爱服务对象困境类型' },
  { key: 'schoolGrade', header: '就读学校/年级' },
  { key: 'guardianName', header: '监护人姓名' },
  { key: 'guardianRelation', header: '与监护人关系' },
  { key: 'guardianPhone', header: '监护人联系方式' },
  { key: 'situation', header: '基本情况概述' },
  { key: 'careActivities', header: '关爱服务活动' },
  { key: 'notes', header: '备注' },
] as const;

export const MOVED_OUT_COLUMN = { key: 'movedOutOn', header: '迁出时间' } as const;

/** A header of the 15 columns of the table. */
export type LedgerTableHeader = (typeof LEDGER_COLUMNS)[number]['header'];

/** The 15 headers of Attachment 1, in order. */
export const LEDGER_TABLE_HEADERS: readonly LedgerTableHeader[] = LEDGER_COLUMNS.map((c) => c.header);
