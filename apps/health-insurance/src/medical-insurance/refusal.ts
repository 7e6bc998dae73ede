import { invalidArgument, type DomainError } from '@care/errors';
import type { HealthProblem } from '@care/health-rules';

/**
 * The 400 of a refused application, step or filing: the first problem's field and rule, every
 * problem's message (each naming its field), and each problem as `field:rule` in the details,
 * so a screen marks every field at once.
 */
export function rulesRefusal(problems: readonly HealthProblem[], what: string): DomainError {
  const details: Record<string, string> = {};
  problems.forEach((p, i) => (details[`problem${i}`] = `${p.field}:${p.rule}`));
  const first = problems[0] ?? { field: '(body)', rule: '格式不正确', message: `${what}不正确` };
  return invalidArgument(
    first.field,
    first.rule,
    problems.map((p) => `字段 ${p.field}：${p.message}`).join('；') || first.message,
    details,
  );
}
