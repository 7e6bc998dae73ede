import { accountRoleLabel, isAdminRole, type AccountRole, type Duty, type Role } from '@care/access';
import { invalidArgument, permissionDenied } from '@care/errors';
import type { AccountDocument, AccountKind } from './account.schema';

// Pure rules of accounts: what a token says about an account, what an administrator may touch,
// and how a role change reads in the audit trail.

/** The identity an access token of this account carries (role, department and counties required). */
export interface AccountIdentity {
  readonly userId: string;
  readonly role: AccountRole;
  readonly department: string;
  readonly countyCodes: readonly string[];
  readonly townshipCodes: readonly string[];
  readonly duties: readonly Duty[];
}

/** The identity of an account that may sign in, or undefined while it has no role, department or county. */
export function identityOf(account: AccountDocument): AccountIdentity | undefined {
  if (account.role === null || account.department === null || account.countyCodes.length === 0)
    return undefined;
  return {
    userId: account._id,
    role: account.role,
    department: account.department,
    countyCodes: account.countyCodes,
    townshipCodes: account.townshipCodes,
    duties: account.duties,
  };
}

/**
 * The kind of account a role makes (三员分立): the system admin, the security admin and the
 * auditor are administrators, set up only at deployment and out of reach of the admin API, so no
 * administrator can take over another's account (reset its password and TOTP, or change its role)
 * nor make someone an auditor of their own actions. Every other role is staff.
 */
export function accountKindOf(role: AccountRole): AccountKind {
  return isAdminRole(role) || role === 'auditor' ? 'admin' : 'staff';
}

/** True when the identity is a business one (a platform role): its token opens the business services. */
export function isBusinessIdentity(identity: AccountIdentity): identity is AccountIdentity & { role: Role } {
  return !isAdminRole(identity.role);
}

/**
 * Refuses (permission-denied, naming the county) codes outside the administrator's own: an
 * administrator manages only the accounts of the counties they hold.
 */
export function assertCountiesWithin(admin: readonly string[], codes: readonly string[]): void {
  const outside = codes.find((c) => !admin.includes(c));
  if (outside !== undefined)
    throw permissionDenied(`无权管理区县 ${outside} 的账号：不在本人负责的区县范围内`, {
      countyCode: outside,
    });
}

/** Refuses townships that are not inside one of the counties (`townshipCodes` named in the message). */
export function assertTownshipsInCounties(townships: readonly string[], counties: readonly string[]): void {
  const stray = townships.find((t) => !counties.includes(t.slice(0, 6)));
  if (stray !== undefined)
    throw invalidArgument(
      'townshipCodes',
      '须属于 countyCodes 中的区县',
      `townshipCodes 中的乡镇（街道）${stray} 不属于 countyCodes 中的任何区县`,
    );
}

/** How a role assignment reads in the audit trail: `角色变更：无 → 民政工作人员（DEPARTMENT_CIVIL_AFFAIRS；371702）`. */
export function describeRole(
  account: Pick<AccountDocument, 'role' | 'department' | 'countyCodes' | 'townshipCodes' | 'duties'>,
): string {
  if (account.role === null) return '无';
  const places = [...account.countyCodes, ...account.townshipCodes].join('、');
  const duties = account.duties.length === 0 ? '' : `；专项职责 ${account.duties.join('、')}`;
  return `${accountRoleLabel(account.role)}（${account.department ?? '无部门'}；${places}${duties}）`;
}
