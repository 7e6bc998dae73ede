import {
  DIFFICULTY_TYPE_LABELS,
  LEDGER_TABLE_HEADERS,
  completedYears,
  type DifficultyType,
  type LedgerTableHeader,
} from '@care/child-rules';
import type { SyntheticChild } from './generator';

/** The 15 headers of Attachment 1 (重点关爱服务对象信息台账), in the seed's order (@care/child-rules). */
export const LEDGER_COLUMNS = LEDGER_TABLE_HEADERS;

export type LedgerColumn = LedgerTableHeader;

/**
 * A child as a row of the ledger, every cell a string as a person would type it in Excel.
 * The types include the help request when the child asked for help (the ledger lists it as a
 * type); 备注 carries 迁出时间 (Attachment 1 note 2) for a child who moved out.
 */
export function toLedgerRow(child: SyntheticChild, serial: number = child.index + 1): string[] {
  const types: string[] = child.difficultyTypes.map((t: DifficultyType) => DIFFICULTY_TYPE_LABELS[t]);
  if (child.askedForHelp) types.push(DIFFICULTY_TYPE_LABELS['cross-township-help-request']);
  const guardian = child.guardians[0];
  const school = child.education.schoolName
    ? [child.education.schoolName, child.education.grade].filter(Boolean).join('/')
    : '';
  const remarks: string[] = [];
  if (child.residence.movedOutOn) remarks.push(`迁出时间：${child.residence.movedOutOn}`);
  if (!child.idNumber) remarks.push('无身份证号');
  const row: Record<LedgerColumn, string> = {
    序号: String(serial),
    儿童姓名: child.name,
    性别: child.sex === 'male' ? '男' : '女',
    年龄: String(completedYears(child.birthDate, child.asOf)),
    身份证号: child.idNumber ?? '',
    户籍地址: child.hukou.address,
    现居住地: child.residence.address,
    重点关爱服务对象困境类型: types.join('、'),
    '就读学校/年级': school,
    监护人姓名: guardian?.name ?? '',
    与监护人关系: guardian?.relationship ?? '',
    监护人联系方式: guardian?.phone ?? '',
    基本情况概述: child.summary,
    关爱服务活动: child.careActivities.join('、'),
    备注: remarks.join('；'),
  };
  return LEDGER_COLUMNS.map((column) => row[column]);
}
