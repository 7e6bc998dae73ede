import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { claimsOfActor, isUserId, type Duty, type Role } from '@care/access';
import { InjectConfig } from '@care/config';
import { alreadyExists, invalidArgument, permissionDenied, unauthenticated } from '@care/errors';
import { InjectClock, type Clock } from '@care/service-kit';
import { AuthAudit } from '../audit/auth-audit';
import { assertCountiesWithin } from '../accounts/account-rules';
import type { AuthConfig } from '../config';
import { TokenSigner } from '../keys/token-signer';
import { hashPassword, verifyPassword } from '../passwords/password-hashing';
import type { AuthPrincipal } from '../principal/auth-principal';
import { ServiceClientsRepository } from './service-clients.repository';

export interface NewServiceClient {
  readonly clientId: string;
  readonly role: Role;
  readonly department: string;
  readonly countyCodes: readonly string[];
  readonly duties?: readonly Duty[];
}

/** The OAuth 2.0 token response (RFC 6749 §5.1). */
export interface ClientCredentialsToken {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
}

/**
 * Service identities (client-credentials grant, RFC 6749 §4.4): a security admin registers a
 * service with the role, department and counties its background calls need; the secret is shown
 * once. The service trades it for a short-lived access token (no refresh: it asks again).
 */
@Injectable()
export class ServiceClientsService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly clients: ServiceClientsRepository,
    private readonly signer: TokenSigner,
    private readonly audit: AuthAudit,
    @InjectConfig() private readonly config: AuthConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async create(
    admin: AuthPrincipal,
    input: NewServiceClient,
  ): Promise<{ clientId: string; clientSecret: string }> {
    if (!input.clientId.startsWith('svc-'))
      throw invalidArgument('clientId', '以 svc- 开头', 'clientId 须以 svc- 开头（服务身份与人员账号区分）');
    assertCountiesWithin(admin.countyCodes, input.countyCodes);
    const clientSecret = randomBytes(32).toString('base64url');
    const inserted = await this.clients.insert({
      _id: input.clientId,
      secretHash: await hashPassword(clientSecret, { N: this.config.AUTH_SCRYPT_COST, r: 8, p: 1 }),
      role: input.role,
      department: input.department,
      countyCodes: [...new Set(input.countyCodes)],
      duties: [...new Set(input.duties ?? [])],
      status: 'active',
      createdAt: this.clock.now(),
      createdBy: admin.userId,
    });
    if (!inserted) throw alreadyExists('服务客户端', 'clientId');
    await this.audit.record(
      admin,
      'service-client-created',
      `登记服务身份：${input.role}（${input.department}；${input.countyCodes.join('、')}）`,
      { userId: input.clientId, countyCodes: input.countyCodes },
    );
    return { clientId: input.clientId, clientSecret };
  }

  async token(clientId: unknown, clientSecret: unknown): Promise<ClientCredentialsToken> {
    const refused = unauthenticated('服务身份验证失败：client_id 或 client_secret 不正确', {
      reason: 'client',
    });
    const client = isUserId(clientId) ? await this.clients.get(clientId) : undefined;
    const secret = typeof clientSecret === 'string' ? clientSecret : '';
    if (client === undefined) {
      this.dummyHash ??= hashPassword('not-a-secret', { N: this.config.AUTH_SCRYPT_COST, r: 8, p: 1 });
      await verifyPassword(secret, await this.dummyHash);
      await this.audit.unidentified(clientId, '服务身份验证失败：客户端不存在');
      throw refused;
    }
    const subject = { userId: client._id, countyCodes: client.countyCodes };
    const actor = {
      userId: client._id,
      role: client.role,
      department: client.department,
      countyCodes: client.countyCodes,
    };
    if (!(await verifyPassword(secret, client.secretHash))) {
      await this.audit.record(actor, 'service-token-refused', '服务身份验证失败：密钥错误', subject);
      throw refused;
    }
    if (client.status !== 'active') {
      await this.audit.record(actor, 'service-token-refused', '服务身份验证失败：客户端已停用', subject);
      throw permissionDenied('服务身份已停用');
    }
    const { token } = await this.signer.sign(
      { ...claimsOfActor({ ...actor, duties: client.duties }, 'service'), client_id: client._id },
      { audience: this.config.ACCESS_TOKEN_AUDIENCE, ttlSeconds: this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS },
    );
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    };
  }
}
