import type { Actor } from '@care/access';
import { holdsHealthDuty, requireHealthDuty } from '../common/health-duty';

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
 * Mental-health referrals (心理健康转介) are among the most sensitive records of the platform: only
 * a health-department officer (市卫健委, role department-officer, department health) who holds the
 * mental-health duty (x-duties: mental-health) reads or acts on them (severe mental disorder
 * management has a duty of its own, ../severe-mental-disorder). Nobody else: not other health staff, not civil affairs,
 * not the child director, not the auditor (who reads the audit trail of these reads instead).
 */
export function canHandleMentalHealth(actor: Actor): boolean {
  return holdsHealthDuty(actor, 'mental-health');
}

export function requireMentalHealthDuty(actor: Actor): void {
  requireHealthDuty(actor, 'mental-health', '心理健康转介记录');
}
