import type { Actor } from '@care/access';
import type { AuditTrail } from '@care/service-kit';

/**
 * What welfare writes to its audit trail (@care/service-kit AuditTrail): a record's free text
 * (a guardianship case's narrative and notes, an assistance application's notes and reasons)
 * opened for a person — read one record with a stated purpose, or shown after a step — and a
 * file with children's identities leaving the service (the 护佑健康 list, named by the registry).
 */
export const WELFARE_AUDIT_ACTIONS = ['read-case', 'read-application', 'export-huyou-list'] as const;
export type WelfareAuditAction = (typeof WELFARE_AUDIT_ACTIONS)[number];

/** Records, before the record is shown, that the actor opens its free text and why. */
export function recordRead(
  audit: AuditTrail,
  actor: Actor,
  read: {
    readonly action: WelfareAuditAction;
    readonly recordId: string;
    readonly countyCode: string;
    /** The personal fields the view opens, e.g. `summary,notes`. */
    readonly fields: string;
    readonly purpose: string;
  },
): Promise<unknown> {
  return audit.record({
    userId: actor.userId,
    role: actor.role,
    department: actor.department,
    action: read.action,
    recordId: read.recordId,
    field: read.fields,
    purpose: read.purpose,
    countyCode: read.countyCode,
  });
}

/** Records, before the file is made, that the actor exports a list naming children, and why. */
export function recordExport(
  audit: AuditTrail,
  actor: Actor,
  file: {
    readonly action: WelfareAuditAction;
    /** The export's own id. */
    readonly recordId: string;
    readonly countyCode: string;
    /** The personal fields the file holds, e.g. `name,idNumber`. */
    readonly fields: string;
    readonly purpose: string;
    readonly recordCount: number;
  },
): Promise<unknown> {
  return audit.record({
    userId: actor.userId,
    role: actor.role,
    department: actor.department,
    action: file.action,
    recordId: file.recordId,
    field: file.fields,
    purpose: file.purpose,
    countyCode: file.countyCode,
    recordCount: file.recordCount,
  });
}
