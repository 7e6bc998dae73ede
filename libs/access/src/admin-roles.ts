import { ROLE_LABELS, type Role } from './actor';

/**
 * The administrators of the sign-in service (三员分立, MLPS level 3: separated admin roles). Each
 * manages one thing and none can do another's job:
 * - system-admin   系统管理员: creates, disables and re-enables accounts, resets passwords and TOTP.
 * - security-admin 安全管理员: assigns roles, departments, counties and duties; manages service clients
 *   and signing-key rotation.
 * - the platform's `auditor` (审计员, in ROLES) reads the sign-in audit trail, and nothing else.
 * They are not in ROLES: no business service grants them anything (their tokens carry another
 * audience, and `actorFromClaims` refuses their role), so the apps' permission tables need no row.
 */
export const ADMIN_ROLES = ['system-admin', 'security-admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const ADMIN_ROLE_LABELS: Readonly<Record<AdminRole, string>> = {
  'system-admin': '系统管理员',
  'security-admin': '安全管理员',
};

/** What an account of the sign-in service may hold: a business role or an administrator's role. */
export type AccountRole = Role | AdminRole;

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);
}

export function accountRoleLabel(role: AccountRole): string {
  return isAdminRole(role) ? ADMIN_ROLE_LABELS[role] : ROLE_LABELS[role];
}
