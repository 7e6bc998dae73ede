import { Injectable } from '@nestjs/common';
import { accountRoleLabel, type Duty, type Role } from '@care/access';
import { InjectConfig } from '@care/config';
import { alreadyExists, conflict, failedPrecondition, notFound, permissionDenied } from '@care/errors';
import { InjectClock, type Clock } from '@care/service-kit';
import { AuthAudit } from '../audit/auth-audit';
import type { AuthConfig } from '../config';
import { assertPasswordRule } from '../passwords/password-policy';
import { hashPassword } from '../passwords/password-hashing';
import type { AuthPrincipal } from '../principal/auth-principal';
import { SessionsRepository } from '../sign-in/sessions.repository';
import {
  accountKindOf,
  assertCountiesWithin,
  assertTownshipsInCounties,
  describeRole,
} from './account-rules';
import type { AccountDocument } from './account.schema';
import { AccountsRepository } from './accounts.repository';

/** An account as the admin API shows it: never the hash, the TOTP secret or its step. */
export interface AccountView {
  readonly userId: string;
  readonly displayName: string;
  readonly kind: AccountDocument['kind'];
  readonly role: string | null;
  readonly department: string | null;
  readonly countyCodes: readonly string[];
  readonly townshipCodes: readonly string[];
  readonly duties: readonly string[];
  readonly status: AccountDocument['status'];
  readonly totpEnrolled: boolean;
  readonly failedAttempts: number;
  readonly lockedUntil: string | null;
  readonly lastSignInAt: string | null;
  readonly rev: number;
}

export function accountView(doc: AccountDocument): AccountView {
  return {
    userId: doc._id,
    displayName: doc.displayName,
    kind: doc.kind,
    role: doc.role,
    department: doc.department,
    countyCodes: doc.countyCodes,
    townshipCodes: doc.townshipCodes,
    duties: doc.duties,
    status: doc.status,
    totpEnrolled: doc.totpEnrolledAt !== null,
    failedAttempts: doc.failedAttempts,
    lockedUntil: doc.lockedUntil?.toISOString() ?? null,
    lastSignInAt: doc.lastSignInAt?.toISOString() ?? null,
    rev: doc.rev,
  };
}

export interface NewAccount {
  readonly userId: string;
  readonly displayName: string;
  readonly countyCodes: readonly string[];
  readonly initialPassword: string;
}

export interface RoleAssignment {
  readonly role: Role;
  readonly department: string;
  readonly countyCodes: readonly string[];
  readonly townshipCodes?: readonly string[];
  readonly duties?: readonly Duty[];
  /** The rev the security admin saw (a stale one is refused: someone changed the account since). */
  readonly rev: number;
}

/**
 * The administrators' use cases (三员分立): the system admin creates, disables, enables, unlocks
 * and resets staff accounts; the security admin assigns roles. Neither can do the other's job
 * (the controllers' @RequireAccountRoles), nor touch the administrators' own accounts, nor accounts
 * outside their counties. Every change is audited and ends the account's open sessions where it
 * takes something away.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuthAudit,
    @InjectConfig() private readonly config: AuthConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  private async staffAccount(admin: AuthPrincipal, userId: string): Promise<AccountDocument> {
    const account = await this.accounts.get(userId);
    if (account === undefined) throw notFound('账号', userId);
    if (account.kind !== 'staff')
      throw permissionDenied(
        '系统管理员、安全管理员和审计员的账号不能通过管理接口修改（三员分立：部署时设立）',
      );
    if (account._id === admin.userId) throw permissionDenied('不能修改本人的账号');
    assertCountiesWithin(admin.countyCodes, account.countyCodes);
    return account;
  }

  private async save(next: AccountDocument): Promise<AccountDocument> {
    if (!(await this.accounts.replace(next))) throw conflict('账号已被他人修改，请刷新后重试');
    return next;
  }

  async list(admin: AuthPrincipal): Promise<AccountView[]> {
    return (await this.accounts.inCounties(admin.countyCodes, 500))
      .filter((a) => a.countyCodes.every((c) => admin.countyCodes.includes(c)))
      .map(accountView);
  }

  async get(admin: AuthPrincipal, userId: string): Promise<AccountView> {
    const account = await this.accounts.get(userId);
    if (account === undefined) throw notFound('账号', userId);
    assertCountiesWithin(admin.countyCodes, account.countyCodes);
    return accountView(account);
  }

  /** A new staff account: no role (the security admin assigns it), TOTP enrolled at the first sign-in. */
  async create(admin: AuthPrincipal, input: NewAccount): Promise<AccountView> {
    assertCountiesWithin(admin.countyCodes, input.countyCodes);
    const password = assertPasswordRule(
      input.initialPassword,
      this.config.AUTH_PASSWORD_MIN_CHARS,
      'initialPassword',
    );
    const now = this.clock.now();
    const doc: AccountDocument = {
      _id: input.userId,
      displayName: input.displayName,
      kind: 'staff',
      role: null,
      department: null,
      countyCodes: [...new Set(input.countyCodes)],
      townshipCodes: [],
      duties: [],
      status: 'active',
      passwordHash: await hashPassword(password, { N: this.config.AUTH_SCRYPT_COST, r: 8, p: 1 }),
      totpSecretSealed: null,
      totpEnrolledAt: null,
      totpLastTimeStep: null,
      failedAttempts: 0,
      lockedUntil: null,
      lastSignInAt: null,
      rev: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: admin.userId,
    };
    if (!(await this.accounts.insert(doc))) throw alreadyExists('账号', 'userId');
    await this.audit.record(
      admin,
      'account-created',
      `创建账号（${doc.countyCodes.join('、')}），尚未分配角色`,
      {
        userId: doc._id,
        countyCodes: doc.countyCodes,
      },
    );
    return accountView(doc);
  }

  /** The security admin's one job: role, department, counties, townships and duties of a staff account. */
  async assignRole(admin: AuthPrincipal, userId: string, input: RoleAssignment): Promise<AccountView> {
    if (accountKindOf(input.role) === 'admin')
      throw permissionDenied(
        `${accountRoleLabel(input.role)}角色不能通过管理接口分配（三员分立：部署时设立）`,
        { role: input.role },
      );
    const account = await this.staffAccount(admin, userId);
    if (account.rev !== input.rev) throw conflict('账号已被他人修改，请刷新后重试');
    assertCountiesWithin(admin.countyCodes, input.countyCodes);
    const townshipCodes = [...new Set(input.townshipCodes ?? [])];
    assertTownshipsInCounties(townshipCodes, input.countyCodes);
    const now = this.clock.now();
    const next = await this.save({
      ...account,
      role: input.role,
      department: input.department,
      countyCodes: [...new Set(input.countyCodes)],
      townshipCodes,
      duties: [...new Set(input.duties ?? [])],
      updatedAt: now,
      rev: account.rev + 1,
    });
    // A role taken away must not live on in a refresh: the person signs in again.
    await this.sessions.revokeAll(account._id, now);
    await this.audit.record(
      admin,
      'role-changed',
      `角色变更：${describeRole(account)} → ${describeRole(next)}`,
      {
        userId: next._id,
        countyCodes: next.countyCodes.length > 0 ? next.countyCodes : account.countyCodes,
      },
      'role',
    );
    return accountView(next);
  }

  async setStatus(admin: AuthPrincipal, userId: string, status: 'active' | 'disabled'): Promise<AccountView> {
    const account = await this.staffAccount(admin, userId);
    if (account.status === status)
      throw failedPrecondition(status === 'active' ? '账号已是启用状态' : '账号已是停用状态');
    const now = this.clock.now();
    const next = await this.save({ ...account, status, updatedAt: now, rev: account.rev + 1 });
    if (status === 'disabled') await this.sessions.revokeAll(account._id, now);
    await this.audit.record(
      admin,
      status === 'active' ? 'account-enabled' : 'account-disabled',
      status === 'active' ? '启用账号' : '停用账号',
      {
        userId: next._id,
        countyCodes: next.countyCodes,
      },
    );
    return accountView(next);
  }

  async unlock(admin: AuthPrincipal, userId: string): Promise<AccountView> {
    const account = await this.staffAccount(admin, userId);
    const now = this.clock.now();
    const next = await this.save({
      ...account,
      failedAttempts: 0,
      lockedUntil: null,
      updatedAt: now,
      rev: account.rev + 1,
    });
    await this.audit.record(admin, 'account-unlocked', '解除账号锁定', {
      userId: next._id,
      countyCodes: next.countyCodes,
    });
    return accountView(next);
  }

  async resetPassword(admin: AuthPrincipal, userId: string, newPassword: string): Promise<AccountView> {
    const account = await this.staffAccount(admin, userId);
    const password = assertPasswordRule(newPassword, this.config.AUTH_PASSWORD_MIN_CHARS, 'newPassword');
    const now = this.clock.now();
    const next = await this.save({
      ...account,
      passwordHash: await hashPassword(password, { N: this.config.AUTH_SCRYPT_COST, r: 8, p: 1 }),
      failedAttempts: 0,
      lockedUntil: null,
      updatedAt: now,
      rev: account.rev + 1,
    });
    await this.sessions.revokeAll(account._id, now);
    await this.audit.record(
      admin,
      'password-reset',
      '重置密码',
      { userId: next._id, countyCodes: next.countyCodes },
      'password',
    );
    return accountView(next);
  }

  async resetTotp(admin: AuthPrincipal, userId: string): Promise<AccountView> {
    const account = await this.staffAccount(admin, userId);
    const now = this.clock.now();
    const next = await this.save({
      ...account,
      totpSecretSealed: null,
      totpEnrolledAt: null,
      totpLastTimeStep: null,
      updatedAt: now,
      rev: account.rev + 1,
    });
    await this.sessions.revokeAll(account._id, now);
    await this.audit.record(
      admin,
      'totp-reset',
      '重置动态验证码（下次登录重新绑定）',
      { userId: next._id, countyCodes: next.countyCodes },
      'totp',
    );
    return accountView(next);
  }
}
