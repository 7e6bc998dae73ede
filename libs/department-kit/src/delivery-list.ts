import { ITEM_CODE_PATTERN } from '@care/catalogue';
import { compareDates, formatLocalDate, isLocalDate, shanghaiDate, type LocalDate } from '@care/child-rules';
import type { CellValue, RowProblem } from '@care/excel';
import { idNumberReasonText, validateIdNumber } from '@care/identity';
import type { DeliveryOutcomeId } from './projection.schema';

/**
 * A department's own list of what it provided (服务台账): one row per child and service item —
 * who (by ID number: matched by the registry, never stored here), which item, what became of
 * it, when, and why for a refusal. The template's headers are DELIVERY_LIST_COLUMNS.
 */
export const DELIVERY_LIST_COLUMNS = [
  { key: 'idNumber', header: '身份证号', required: true },
  { key: 'name', header: '姓名', required: false },
  { key: 'itemCode', header: '服务项目编码', required: true },
  { key: 'outcome', header: '服务结果', required: true },
  { key: 'onDate', header: '服务日期', required: true },
  { key: 'reason', header: '原因', required: false },
] as const;

export type DeliveryListColumn = (typeof DELIVERY_LIST_COLUMNS)[number]['key'];

export const DELIVERY_LIST_HEADERS: Readonly<Record<DeliveryListColumn, string>> = Object.fromEntries(
  DELIVERY_LIST_COLUMNS.map((c) => [c.key, c.header]),
) as Record<DeliveryListColumn, string>;

/** The words a list uses for the outcome (服务结果). */
export const OUTCOME_WORDS: Readonly<Record<string, DeliveryOutcomeId>> = {
  已提供: 'delivered',
  已落实: 'delivered',
  已享受: 'delivered',
  拒绝: 'refused',
  不需要: 'refused',
  '拒绝/不需要': 'refused',
  办理中: 'pending',
};

export const MAX_REASON_LENGTH = 200;

export interface DeliveryListRow {
  /** Normalised (GB 11643): for the registry's match only. */
  readonly idNumber: string;
  readonly itemCode: string;
  readonly outcome: DeliveryOutcomeId;
  readonly onDate: LocalDate;
  readonly reason: string;
}

/** A problem of a list row: 第N行 列名：规则 — never the ID number or the name. */
export type DeliveryListProblem = RowProblem<DeliveryListColumn>;

function text(cell: CellValue | undefined): string | undefined {
  if (cell === undefined) return '';
  if (typeof cell !== 'string') return undefined;
  return cell.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

function dateOf(cell: CellValue | undefined): LocalDate | undefined {
  if (cell instanceof Date) return shanghaiDate(cell);
  const t =
    typeof cell === 'string'
      ? cell
          .normalize('NFKC')
          .trim()
          .replace(/[./年月]/g, '-')
          .replace(/日$/, '')
      : '';
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m === null) return undefined;
  const date = formatLocalDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  return isLocalDate(date) ? date : undefined;
}

/** One row of the list, normalised, or every problem of the row by column. */
export function validateDeliveryListRow(
  cells: Readonly<Record<string, CellValue>>,
  rowNumber: number,
  asOf: LocalDate,
): { ok: true; row: DeliveryListRow } | { ok: false; problems: DeliveryListProblem[] } {
  const problems: DeliveryListProblem[] = [];
  const add = (field: DeliveryListColumn, rule: string, message: string) =>
    problems.push({
      rowNumber,
      field,
      rule,
      message: `第${rowNumber}行 ${DELIVERY_LIST_HEADERS[field]}：${message}`,
    });
  const cell = (key: DeliveryListColumn) => cells[DELIVERY_LIST_HEADERS[key]];

  const idCell = cell('idNumber');
  const id = typeof idCell === 'string' ? validateIdNumber(idCell, { asOf }) : undefined;
  if (idCell === undefined) add('idNumber', 'required', '未填写');
  else if (id === undefined) add('idNumber', 'cell-type', '须为文本单元格（数字格式会丢失末几位）');
  else if (!id.ok)
    for (const reason of id.reasons)
      add('idNumber', reason, idNumberReasonText(reason).replace(/^身份证号：/, ''));

  const itemCode = text(cell('itemCode'));
  if (itemCode === undefined || itemCode === '') add('itemCode', 'required', '未填写');
  else if (!ITEM_CODE_PATTERN.test(itemCode))
    add('itemCode', 'item-code', '须为服务项目编码（如 HZ-03、371702-01）');

  const outcomeText = text(cell('outcome'));
  const outcome = outcomeText === undefined ? undefined : OUTCOME_WORDS[outcomeText.replace(/ /g, '')];
  if (outcomeText === '') add('outcome', 'required', '未填写');
  else if (outcome === undefined) add('outcome', 'outcome-vocabulary', '须为"已提供""拒绝/不需要"或"办理中"');

  const onDate = dateOf(cell('onDate'));
  if (cell('onDate') === undefined) add('onDate', 'required', '未填写');
  else if (onDate === undefined) add('onDate', 'date-format', '须为日期（如2026-09-01）');
  else if (compareDates(onDate, asOf) > 0) add('onDate', 'not-in-future', `不能晚于今天（${asOf}）`);

  const reason = text(cell('reason'));
  if (reason === undefined) add('reason', 'cell-type', '须为文字');
  else if ([...reason].length > MAX_REASON_LENGTH)
    add('reason', 'max-length', `不超过${MAX_REASON_LENGTH}个字`);
  else if (outcome === 'refused' && reason === '')
    add('reason', 'reason-for-refusal', '拒绝或不需要时须填写原因');

  if (problems.length > 0 || id === undefined || !id.ok || !itemCode || !outcome || !onDate)
    return { ok: false, problems };
  return { ok: true, row: { idNumber: id.normalized, itemCode, outcome, onDate, reason: reason ?? '' } };
}
