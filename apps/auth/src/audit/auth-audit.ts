import { Injectable } from '@nestjs/common';
import { InjectConfig } from '@care/config';
import { AuditTrail, PURPOSE_MAX_CHARS, UNIDENTIFIED_ROLE, type AuditRole } from '@care/service-kit';
import type { AuthConfig } from '../config';
import type { AuthAuditAction } from './auth-audit-actions';

/** Who did it, as the audit trail records it. */
export interface AuditedActor {
  readonly userId: string;
  readonly role: AuditRole;
  readonly department: string;
  readonly countyCodes: readonly string[];
}

/** The audit entry's user id of a name no account has: the name as typed when it is a valid id, else a marker. */
export function attemptedUserId(name: unknown): string {
  return typeof name === 'string' && /^[A-Za-z0-9._@-]{1,64}$/.test(name) ? name : '(invalid-name)';
}

/**
 * The sign-in service's entries in the kit's hash-chained audit trail: every sign-in, failure,
 * lock, and every change an administrator makes. The purpose field carries what happened, in
 * Chinese, for the auditor; never a password, a secret or a code.
 */
@Injectable()
export class AuthAudit {
  constructor(
    private readonly trail: AuditTrail,
    @InjectConfig() private readonly config: AuthConfig,
  ) {}

  async record(
    actor: AuditedActor,
    action: AuthAuditAction,
    what: string,
    subject: { readonly userId: string; readonly countyCodes: readonly string[] },
    field = '*',
  ): Promise<void> {
    const chars = Array.from(what);
    await this.trail.record({
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      action,
      recordId: subject.userId,
      field,
      purpose: chars.length > PURPOSE_MAX_CHARS ? `${chars.slice(0, PURPOSE_MAX_CHARS - 1).join('')}…` : what,
      // Auditors are scoped by county: the subject account's first county, else the city.
      countyCode: subject.countyCodes[0] ?? actor.countyCodes[0] ?? this.config.AUTH_HOME_DIVISION,
    });
  }

  /** An attempt under a name no account has. */
  async unidentified(name: unknown, what: string): Promise<void> {
    const userId = attemptedUserId(name);
    await this.record(
      { userId, role: UNIDENTIFIED_ROLE, department: 'UNKNOWN', countyCodes: [] },
      'sign-in-failed',
      what,
      { userId, countyCodes: [] },
    );
  }
}
