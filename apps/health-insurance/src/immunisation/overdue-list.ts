import type { LocalDate } from '@care/child-rules';
import { invalidArgument, type DomainError } from '@care/errors';
import type { HealthProblem } from '@care/health-rules';
import { decodeCursor, encodeCursor, normalizePageSize } from '@care/persistence';

/** The sort field named in the overdue list's cursors (a cursor of another list is refused). */
export const OVERDUE_SORT = 'mostOverdueDueOn';

export interface OverdueKey {
  readonly childId: string;
  /** The due date of the child's most overdue dose. */
  readonly mostOverdueDueOn: LocalDate;
}

/** Longest overdue first: the earliest due date of an overdue dose, then the child id. */
export function compareOverdue(a: OverdueKey, b: OverdueKey): number {
  if (a.mostOverdueDueOn !== b.mostOverdueDueOn) return a.mostOverdueDueOn < b.mostOverdueDueOn ? -1 : 1;
  return a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0;
}

/**
 * One keyset page of rows computed in memory: sorted longest overdue first, the rows strictly
 * after the cursor's position, `pageSize` of them (1..500, default 50), and the cursor of the
 * next page when more remain. A row inserted or removed between two requests does not shift
 * the later pages (the cursor is a position, not an offset).
 */
export function overduePage<T extends OverdueKey>(
  rows: readonly T[],
  request: { pageSize?: number; cursor?: string },
): { items: T[]; nextCursor?: string } {
  const pageSize = normalizePageSize(request.pageSize);
  const sorted = [...rows].sort(compareOverdue);
  let rest = sorted;
  if (request.cursor !== undefined) {
    const position = decodeCursor(OVERDUE_SORT, request.cursor);
    const after: OverdueKey = { mostOverdueDueOn: String(position.sortValue), childId: String(position.id) };
    rest = sorted.filter((r) => compareOverdue(r, after) > 0);
  }
  const items = rest.slice(0, pageSize);
  const last = items[items.length - 1];
  return rest.length > pageSize && last !== undefined
    ? {
        items,
        nextCursor: encodeCursor(OVERDUE_SORT, { sortValue: last.mostOverdueDueOn, id: last.childId }),
      }
    : { items };
}

/** The 400 of a refused dose: the first problem's field and rule, every message, each problem in details. */
export function doseRefusal(problems: readonly HealthProblem[]): DomainError {
  const details: Record<string, string> = {};
  problems.forEach((p, i) => (details[`problem${i}`] = `${p.field}:${p.rule}`));
  const first = problems[0] ?? { field: '(body)', rule: '格式不正确', message: '接种记录不正确' };
  return invalidArgument(
    first.field,
    first.rule,
    problems.map((p) => `字段 ${p.field}：${p.message}`).join('；') || first.message,
    details,
  );
}
