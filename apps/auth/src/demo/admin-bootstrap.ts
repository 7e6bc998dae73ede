import { Injectable } from '@nestjs/common';
import type { AccountRole, Duty, Role } from '@care/access';
import { InjectConfig } from '@care/config';
import { FieldSealer, InjectClock, type Clock } from '@care/service-kit';
import { AuthAudit } from '../audit/auth-audit';
import { accountKindOf, describeRole } from '../accounts/account-rules';
import type { AccountDocument } from '../accounts/account.schema';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ServiceClientsRepository } from '../clients/service-clients.repository';
import type { AuthConfig } from '../config';
import { hashPassword } from '../passwords/password-hashing';
import { assertPasswordRule } from '../passwords/password-policy';
import { newTotpSecret, secretToBase32 } from '../totp/totp';

export interface BootstrapAccount {
  readonly userId: string;
  readonly displayName: string;
  /** The account's kind follows from it (accountKindOf: the 三员 are administrators). */
  readonly role: AccountRole;
  readonly department: string;
  readonly countyCodes: readonly string[];
  readonly townshipCodes?: readonly string[];
  readonly duties?: readonly Duty[];
  readonly password: string;
}

/** The bootstrap's entries in the audit trail: a deployment step, not a person's action. */
const BOOTSTRAP_ACTOR = { userId: 'bootstrap', role: 'system-admin', department: 'PLATFORM' } as const;

/**
 * Sets up accounts outside the admin API: the first administrators of a deployment (三员, who
 * cannot be created through the API) and the demo accounts of `npm start` (tools/demo-accounts.ts).
 * An account made here has its TOTP secret enrolled already, returned so it can be given to the
 * person (or printed, for the demo). An existing account is left as it is and its secret returned.
 */
@Injectable()
export class AdminBootstrap {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly clients: ServiceClientsRepository,
    private readonly sealer: FieldSealer,
    private readonly audit: AuthAudit,
    @InjectConfig() private readonly config: AuthConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async ensureAccount(spec: BootstrapAccount): Promise<{ created: boolean; totpSecret: string }> {
    const existing = await this.accounts.get(spec.userId);
    if (existing !== undefined && existing.totpSecretSealed !== null)
      return {
        created: false,
        totpSecret: secretToBase32(Buffer.from(this.sealer.open(existing.totpSecretSealed), 'base64')),
      };
    assertPasswordRule(spec.password, this.config.AUTH_PASSWORD_MIN_CHARS);
    const now = this.clock.now();
    const secret = newTotpSecret();
    const doc: AccountDocument = {
      _id: spec.userId,
      displayName: spec.displayName,
      kind: accountKindOf(spec.role),
      role: spec.role,
      department: spec.department,
      countyCodes: [...spec.countyCodes],
      townshipCodes: [...(spec.townshipCodes ?? [])],
      duties: [...(spec.duties ?? [])],
      status: 'active',
      passwordHash: await hashPassword(spec.password, { N: this.config.AUTH_SCRYPT_COST, r: 8, p: 1 }),
      totpSecretSealed: this.sealer.seal(secret.bytes.toString('base64')),
      totpEnrolledAt: now,
      totpLastTimeStep: null,
      failedAttempts: 0,
      lockedUntil: null,
      lastSignInAt: null,
      rev: existing === undefined ? 1 : existing.rev + 1,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      createdBy: BOOTSTRAP_ACTOR.userId,
    };
    if (existing === undefined ? !(await this.accounts.insert(doc)) : !(await this.accounts.replace(doc)))
      return this.ensureAccount(spec);
    await this.audit.record(
      { ...BOOTSTRAP_ACTOR, countyCodes: doc.countyCodes },
      'account-created',
      `部署初始化创建账号：${describeRole(doc)}`,
      { userId: doc._id, countyCodes: doc.countyCodes },
    );
    return { created: true, totpSecret: secret.base32 };
  }

  /** A service client with a known secret (the demo's services; a deployment's from its secret store). */
  async ensureServiceClient(spec: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly role: Role;
    readonly department: string;
    readonly countyCodes: readonly string[];
  }): Promise<boolean> {
    if ((await this.clients.get(spec.clientId)) !== undefined) return false;
    const created = await this.clients.insert({
      _id: spec.clientId,
      secretHash: await hashPassword(spec.clientSecret, { N: this.config.AUTH_SCRYPT_COST, r: 8, p: 1 }),
      role: spec.role,
      department: spec.department,
      countyCodes: [...spec.countyCodes],
      duties: [],
      status: 'active',
      createdAt: this.clock.now(),
      createdBy: BOOTSTRAP_ACTOR.userId,
    });
    if (created)
      await this.audit.record(
        { ...BOOTSTRAP_ACTOR, countyCodes: spec.countyCodes },
        'service-client-created',
        `部署初始化登记服务身份：${spec.role}（${spec.department}）`,
        { userId: spec.clientId, countyCodes: spec.countyCodes },
      );
    return created;
  }
}
