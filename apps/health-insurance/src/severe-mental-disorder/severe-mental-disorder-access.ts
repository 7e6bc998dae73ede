import type { Actor } from '@care/access';
import { holdsHealthDuty, requireHealthDuty } from '../common/health-duty';

/** The audit actions of this module (added to the service's list in app.module.ts). */
export const SEVERE_MENTAL_DISORDER_AUDIT_ACTIONS = [
  /** A patient record was registered (纳入登记). */
  'severe-mental-disorder-register',
  /** A patient record was read in full (diagnosis, follow-ups with their notes). */
  'severe-mental-disorder-read',
  /** A follow-up (随访) was recorded. */
  'severe-mental-disorder-follow-up',
  /** The guardian's consent to management was changed. */
  'severe-mental-disorder-consent',
  /** A county's list of follow-ups due was read (which children are patients). */
  'severe-mental-disorder-list',
  /** A community rehabilitation referral (社区康复转介) was opened. */
  'severe-mental-disorder-rehabilitation-refer',
  /** A referral step was taken (接收, 开始康复, 结束). */
  'severe-mental-disorder-rehabilitation-step',
  /** A referral was read in full. */
  'severe-mental-disorder-rehabilitation-read',
  /** A county's referral list was read. */
  'severe-mental-disorder-rehabilitation-list',
] as const;
export type SevereMentalDisorderAuditAction = (typeof SEVERE_MENTAL_DISORDER_AUDIT_ACTIONS)[number];

/**
 * 严重精神障碍患者管理 records are for a 卫健委 officer holding the severe-mental-disorder duty
 * (x-duties: severe-mental-disorder, 严重精神障碍管理专干) only. The mental-health referral duty
 * does not open them: a child referred for a concern is not thereby a diagnosed patient, and the
 * people who keep the programme's register (精防人员) are not all of those who handle referrals.
 */
export function canManageSevereMentalDisorder(actor: Actor): boolean {
  return holdsHealthDuty(actor, 'severe-mental-disorder');
}

export function requireSevereMentalDisorderDuty(actor: Actor): void {
  requireHealthDuty(actor, 'severe-mental-disorder', '严重精神障碍患者管理记录');
}
