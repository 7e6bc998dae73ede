import { hasDuty, ROLE_LABELS, DUTY_LABELS, type Actor, type Duty } from '@care/access';
import { actorDepartmentId } from '@care/department-kit';
import { permissionDenied } from '@care/errors';

/**
 * The records of a special duty (专项职责: 心理健康转介, 严重精神障碍管理) are for a health-department
 * officer (市卫健委, role department-officer, department health) who holds that duty (x-duties)
 * only: not other health staff, not civil affairs, not the child director, not the auditor (who
 * reads the audit trail of these reads instead). Shared by mental-health and severe-mental-disorder.
 */
export function holdsHealthDuty(actor: Actor, duty: Duty): boolean {
  return actor.role === 'department-officer' && actorDepartmentId(actor) === 'health' && hasDuty(actor, duty);
}

/** `records`: what is refused, in Chinese (心理健康转介记录). */
export function requireHealthDuty(actor: Actor, duty: Duty, records: string): void {
  if (!holdsHealthDuty(actor, duty))
    throw permissionDenied(
      `${records}仅限卫健委${ROLE_LABELS['department-officer']}中的${DUTY_LABELS[duty]}查看和办理，当前身份（${ROLE_LABELS[actor.role]}）无权查看或办理`,
      { role: actor.role, duty },
    );
}
