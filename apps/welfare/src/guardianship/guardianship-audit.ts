/**
 * What welfare writes to its audit trail (@care/service-kit AuditTrail): a case's narrative and
 * notes opened for a person — read one case with a stated purpose, or shown after a step.
 */
export const WELFARE_AUDIT_ACTIONS = ['read-case'] as const;

/** The personal fields a case view opens (the audit entry's `field`). */
export const CASE_PERSONAL_FIELDS = 'summary,notes';
