import { hasDuty, ROLE_LABELS, DUTY_LABELS, type Actor } from '@care/access';
import { actorDepartmentId } from '@care/department-kit';
import { permissionDenied } from '@care/errors';

/** The audit actions of this service (the kit's store refuses any other). */
export const MENTAL_HEALTH_AUDIT_ACTIONS = [
  /** A referral was read in full (narrative and notes opened). */
  'mental-health-read',
  /** A county's referral list was read (which children have a referral). */
  'mental-health-list',
  /** A referral was opened (the concern recorded). */
  'mental-health-open',
  /** A step was taken (and its note recorded). */
  'mental-health-step',
] as const;
export type MentalHealthAuditAction = (typeof MENTAL_HEALTH_AUDIT_ACTIONS)[number];

/**
 * Mental-health referrals (心理健康转介) and severe mental disorder management are the most
 * sensitive records of the platform: only a health-department officer (市卫健委, role
 * department-officer, department health) who holds the mental-health duty (x-duties:
 * mental-health) reads or acts on them. Nobody else: not other health staff, not civil affairs,
 * not the child director, not the auditor (who reads the audit trail of these reads instead).
 */
export function canHandleMentalHealth(actor: Actor): boolean {
  return (
    actor.role === 'department-officer' &&
    actorDepartmentId(actor) === 'health' &&
    hasDuty(actor, 'mental-health')
  );
}

export function requireMentalHealthDuty(actor: Actor): void {
  if (!canHandleMentalHealth(actor))
    throw permissionDenied(
      `心理健康转介记录仅限卫健委${ROLE_LABELS['department-officer']}中的${DUTY_LABELS['mental-health']}查看和办理，当前身份（${ROLE_LABELS[actor.role]}）无权查看或办理`,
      { role: actor.role, duty: 'mental-health' },
    );
}
