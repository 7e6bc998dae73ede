import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { claimsOfActor, isUserId, type Actor } from '@care/access';
import { InjectConfig } from '@care/config';
import { permissionDenied, unauthenticated, type DomainError } from '@care/errors';
import { FieldSealer, InjectClock, type Clock } from '@care/service-kit';
import { AuthAudit } from '../audit/auth-audit';
import { identityOf, isBusinessIdentity, type AccountIdentity } from '../accounts/account-rules';
import type { AccountDocument } from '../accounts/account.schema';
import { AccountsRepository } from '../accounts/accounts.repository';
import type { AuthConfig } from '../config';
import { TokenSigner } from '../keys/token-signer';
import { afterFailure, isLocked, type LockoutPolicy } from '../lockout/lockout';
import { hashPassword, needsRehash, verifyPassword, type ScryptParams } from '../passwords/password-hashing';
import { checkTotp, newTotpSecret, otpauthUri } from '../totp/totp';
import type { SessionDocument } from './session.schema';
import { SessionsRepository } from './sessions.repository';

/** `aud` and `token_use` of the short-lived token between the password step and the TOTP step. */
export const CHALLENGE_AUDIENCE = 'care-auth-sign-in';
const CHALLENGE_USE = 'sign-in-challenge';
const CHALLENGE_TTL_SECONDS = 300;
const MAX_RACE_RETRIES = 5;

export const BAD_CREDENTIALS = '用户名或密码错误';
export const BAD_TOTP = '动态验证码错误或已使用，请输入身份验证器中的当前6位验证码';

export type PasswordStep =
  | { readonly status: 'totp-required'; readonly challenge: string }
  | {
      readonly status: 'totp-enrolment-required';
      readonly challenge: string;
      /** Shown once: add it to an authenticator app, then confirm with its first code. */
      readonly otpauthUri: string;
      readonly secret: string;
    };

export interface IssuedTokens {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
  readonly account: {
    readonly userId: string;
    readonly displayName: string;
    readonly role: string;
    readonly department: string;
    readonly countyCodes: readonly string[];
    readonly townshipCodes: readonly string[];
    readonly duties: readonly string[];
  };
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * What a challenge says about the password it was won with: a digest of the stored (salted) hash, so
 * a password reset between the two steps voids the challenge, and the challenge reveals nothing.
 */
const passwordStamp = (passwordHash: string): string =>
  sha256(passwordHash).subarray(0, 12).toString('base64url');

/** Asia/Shanghai wall-clock time of an instant, for refusals a person reads. */
function shanghaiTime(at: Date): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}

/**
 * Sign-in (password, then TOTP; a first sign-in enrols the TOTP secret), refresh, sign-out, and the
 * lockout after AUTH_MAX_FAILED_ATTEMPTS failures. Every success, failure and lock is audited.
 */
@Injectable()
export class SignInService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly signer: TokenSigner,
    private readonly sealer: FieldSealer,
    private readonly audit: AuthAudit,
    @InjectConfig() private readonly config: AuthConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  get scryptParams(): ScryptParams {
    return { N: this.config.AUTH_SCRYPT_COST, r: 8, p: 1 };
  }

  private get policy(): LockoutPolicy {
    return {
      maxFailures: this.config.AUTH_MAX_FAILED_ATTEMPTS,
      lockMs: this.config.AUTH_LOCKOUT_MINUTES * 60_000,
    };
  }

  private lockedRefusal(account: AccountDocument): DomainError {
    const until = account.lockedUntil ?? this.clock.now();
    return unauthenticated(
      `账号已锁定：连续登录失败${this.config.AUTH_MAX_FAILED_ATTEMPTS}次，请于 ${shanghaiTime(until)} 后再试，或请系统管理员解锁`,
      { reason: 'locked', lockedUntil: until.toISOString() },
    );
  }

  private auditedActor(account: AccountDocument) {
    return {
      userId: account._id,
      role: account.role ?? 'unidentified',
      department: account.department ?? 'UNASSIGNED',
      countyCodes: account.countyCodes,
    } as const;
  }

  private subject(account: AccountDocument) {
    return { userId: account._id, countyCodes: account.countyCodes };
  }

  /**
   * Counts one failure (read, compute, conditional replace; a lost race reads again), audits it and
   * the lock it may cause, and returns the refusal to throw.
   */
  private async fail(userId: string, what: string, refusal: DomainError): Promise<DomainError> {
    for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt += 1) {
      const account = await this.accounts.get(userId);
      if (account === undefined) return refusal;
      const now = this.clock.now();
      const { state, lockedNow } = afterFailure(account, now, this.policy);
      const next = { ...account, ...state, updatedAt: now, rev: account.rev + 1 };
      if (!(await this.accounts.replace(next))) continue;
      await this.audit.record(
        this.auditedActor(account),
        'sign-in-failed',
        `登录失败：${what}（连续第${state.failedAttempts}次）`,
        this.subject(account),
      );
      if (lockedNow) {
        await this.audit.record(
          this.auditedActor(account),
          'account-locked',
          `账号锁定至 ${shanghaiTime(state.lockedUntil ?? now)}：连续登录失败${state.failedAttempts}次`,
          this.subject(account),
        );
        return this.lockedRefusal(next);
      }
      return refusal;
    }
    return refusal;
  }

  /** Step 1: user id and password. */
  async password(userId: string, password: string): Promise<PasswordStep> {
    const account = isUserId(userId) ? await this.accounts.get(userId) : undefined;
    if (account === undefined) {
      // The same work as a real check, so the answer's timing does not tell which names exist.
      this.dummyHash ??= hashPassword('not-a-password', this.scryptParams);
      await verifyPassword(password, await this.dummyHash);
      await this.audit.unidentified(userId, '登录失败：账号不存在');
      throw unauthenticated(BAD_CREDENTIALS, { reason: 'credentials' });
    }
    const now = this.clock.now();
    if (isLocked(account, now)) {
      await this.audit.record(
        this.auditedActor(account),
        'sign-in-failed',
        '登录失败：账号锁定中',
        this.subject(account),
      );
      throw this.lockedRefusal(account);
    }
    if (!(await verifyPassword(password, account.passwordHash)))
      throw await this.fail(
        account._id,
        '密码错误',
        unauthenticated(BAD_CREDENTIALS, { reason: 'credentials' }),
      );
    if (account.status !== 'active') {
      await this.audit.record(
        this.auditedActor(account),
        'sign-in-failed',
        '登录失败：账号已停用',
        this.subject(account),
      );
      throw unauthenticated('账号已停用，请联系系统管理员', { reason: 'disabled' });
    }
    if (identityOf(account) === undefined) {
      await this.audit.record(
        this.auditedActor(account),
        'sign-in-failed',
        '登录失败：账号尚未分配角色',
        this.subject(account),
      );
      throw permissionDenied('账号尚未分配角色、部门和区县，请联系安全管理员');
    }
    const rehash = needsRehash(account.passwordHash, this.scryptParams);
    const enrolled = account.totpEnrolledAt !== null && account.totpSecretSealed !== null;
    const secret = enrolled ? undefined : newTotpSecret();
    const passwordHash = rehash ? await hashPassword(password, this.scryptParams) : account.passwordHash;
    if (rehash || secret !== undefined) {
      const next: AccountDocument = {
        ...account,
        passwordHash,
        // A pending secret is replaced at every password step until confirmed: each is shown once.
        totpSecretSealed:
          secret === undefined ? account.totpSecretSealed : this.sealer.seal(secret.bytes.toString('base64')),
        updatedAt: now,
        rev: account.rev + 1,
      };
      if (!(await this.accounts.replace(next)))
        throw unauthenticated('账号信息刚被修改，请重新登录', { reason: 'race' });
    }
    const { token: challenge } = await this.signer.sign(
      { sub: account._id, token_use: CHALLENGE_USE, pwd: passwordStamp(passwordHash) },
      { audience: CHALLENGE_AUDIENCE, ttlSeconds: CHALLENGE_TTL_SECONDS },
    );
    if (secret === undefined) return { status: 'totp-required', challenge };
    return {
      status: 'totp-enrolment-required',
      challenge,
      otpauthUri: otpauthUri({
        issuer: this.config.AUTH_TOTP_ISSUER,
        account: account._id,
        secret: secret.bytes,
      }),
      secret: secret.base32,
    };
  }

  /** Step 2: the TOTP code (the first one confirms enrolment); tokens on success. */
  async totp(challenge: string, code: string): Promise<IssuedTokens> {
    const payload = await this.signer.verify(challenge, [CHALLENGE_AUDIENCE]);
    if (payload.token_use !== CHALLENGE_USE || typeof payload.sub !== 'string')
      throw unauthenticated('登录凭据无效，请重新输入用户名和密码');
    for (let attempt = 0; attempt < MAX_RACE_RETRIES; attempt += 1) {
      const account = await this.accounts.get(payload.sub);
      if (account === undefined || account.totpSecretSealed === null)
        throw unauthenticated('登录凭据无效，请重新输入用户名和密码');
      if (payload.pwd !== passwordStamp(account.passwordHash))
        throw unauthenticated('登录凭据已失效（密码已重置），请重新输入用户名和密码', {
          reason: 'challenge',
        });
      const now = this.clock.now();
      if (isLocked(account, now)) {
        await this.audit.record(
          this.auditedActor(account),
          'sign-in-failed',
          '登录失败：账号锁定中（动态验证码）',
          this.subject(account),
        );
        throw this.lockedRefusal(account);
      }
      if (account.status !== 'active')
        throw unauthenticated('账号已停用，请联系系统管理员', { reason: 'disabled' });
      const identity = identityOf(account);
      if (identity === undefined) throw permissionDenied('账号尚未分配角色、部门和区县，请联系安全管理员');
      const check = checkTotp({
        secret: Buffer.from(this.sealer.open(account.totpSecretSealed), 'base64'),
        code,
        now,
        windowSteps: this.config.AUTH_TOTP_WINDOW_STEPS,
        lastTimeStep: account.totpLastTimeStep,
      });
      if (!check.ok) {
        const what = check.reason === 'replayed' ? '动态验证码已使用' : '动态验证码错误';
        throw await this.fail(account._id, what, unauthenticated(BAD_TOTP, { reason: 'totp' }));
      }
      const enrolling = account.totpEnrolledAt === null;
      const next: AccountDocument = {
        ...account,
        failedAttempts: 0,
        lockedUntil: null,
        totpLastTimeStep: check.timeStep,
        totpEnrolledAt: account.totpEnrolledAt ?? now,
        lastSignInAt: now,
        updatedAt: now,
        rev: account.rev + 1,
      };
      if (!(await this.accounts.replace(next))) continue;
      if (enrolling)
        await this.audit.record(
          this.auditedActor(account),
          'totp-enrolled',
          '绑定动态验证码（TOTP）',
          this.subject(account),
          'totp',
        );
      const tokens = await this.issue(next, identity);
      await this.audit.record(
        this.auditedActor(account),
        'sign-in',
        '登录成功（密码 + 动态验证码）',
        this.subject(account),
      );
      return tokens;
    }
    throw unauthenticated('账号信息刚被修改，请重新登录', { reason: 'race' });
  }

  private async accessToken(identity: AccountIdentity): Promise<{ token: string }> {
    const actor: Actor = {
      userId: identity.userId,
      // Administrators' tokens carry their own role; actorFromClaims refuses it at the business services.
      role: identity.role as Actor['role'],
      department: identity.department,
      countyCodes: identity.countyCodes,
      townshipCodes: identity.townshipCodes,
      duties: identity.duties,
    };
    return this.signer.sign(
      { ...claimsOfActor(actor, 'user') },
      {
        audience: isBusinessIdentity(identity)
          ? this.config.ACCESS_TOKEN_AUDIENCE
          : this.config.AUTH_ADMIN_AUDIENCE,
        ttlSeconds: this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      },
    );
  }

  private async issue(
    account: AccountDocument,
    identity: AccountIdentity,
    session?: SessionDocument,
  ): Promise<IssuedTokens> {
    const now = this.clock.now();
    const secret = randomBytes(32).toString('base64url');
    let refreshExpiresAt: Date;
    let sessionId: string;
    if (session === undefined) {
      sessionId = randomBytes(16).toString('hex');
      refreshExpiresAt = new Date(now.getTime() + this.config.AUTH_SESSION_TTL_SECONDS * 1000);
      await this.sessions.insert({
        _id: sessionId,
        userId: account._id,
        refreshHash: sha256(secret).toString('hex'),
        expiresAt: refreshExpiresAt,
        revokedAt: null,
        rev: 1,
        createdAt: now,
        refreshedAt: null,
      });
    } else {
      sessionId = session._id;
      refreshExpiresAt = session.expiresAt;
      const next = {
        ...session,
        refreshHash: sha256(secret).toString('hex'),
        refreshedAt: now,
        rev: session.rev + 1,
      };
      if (!(await this.sessions.replace(next)))
        throw unauthenticated('刷新令牌已被使用，请重新登录', { reason: 'refresh' });
    }
    const { token } = await this.accessToken(identity);
    return {
      accessToken: token,
      tokenType: 'Bearer',
      expiresIn: this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshToken: `${sessionId}.${secret}`,
      refreshExpiresAt: refreshExpiresAt.toISOString(),
      account: {
        userId: account._id,
        displayName: account.displayName,
        role: identity.role,
        department: identity.department,
        countyCodes: identity.countyCodes,
        townshipCodes: identity.townshipCodes,
        duties: identity.duties,
      },
    };
  }

  private async openSession(refreshToken: string): Promise<SessionDocument> {
    const [id, secret] = refreshToken.split('.');
    const refused = unauthenticated('刷新令牌无效或已过期，请重新登录', { reason: 'refresh' });
    if (id === undefined || secret === undefined || !/^[0-9a-f]{32}$/.test(id)) throw refused;
    const session = await this.sessions.get(id);
    const now = this.clock.now();
    if (session === undefined || session.revokedAt !== null || session.expiresAt.getTime() <= now.getTime())
      throw refused;
    if (!timingSafeEqual(sha256(secret), Buffer.from(session.refreshHash, 'hex'))) {
      // A replaced secret came back: someone holds a copy. End the session for both.
      await this.sessions.replace({ ...session, revokedAt: now, rev: session.rev + 1 });
      throw refused;
    }
    return session;
  }

  /** A new access token (and refresh token) for a live session; the account's current role applies. */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const session = await this.openSession(refreshToken);
    const account = await this.accounts.get(session.userId);
    const now = this.clock.now();
    const identity = account === undefined ? undefined : identityOf(account);
    if (
      account === undefined ||
      identity === undefined ||
      account.status !== 'active' ||
      isLocked(account, now)
    ) {
      await this.sessions.replace({ ...session, revokedAt: now, rev: session.rev + 1 });
      throw unauthenticated('账号已停用、锁定或角色已撤销，请重新登录', { reason: 'refresh' });
    }
    return this.issue(account, identity, session);
  }

  async signOut(refreshToken: string): Promise<void> {
    const session = await this.openSession(refreshToken);
    const now = this.clock.now();
    await this.sessions.replace({ ...session, revokedAt: now, rev: session.rev + 1 });
    const account = await this.accounts.get(session.userId);
    if (account !== undefined)
      await this.audit.record(this.auditedActor(account), 'sign-out', '退出登录', this.subject(account));
  }
}
