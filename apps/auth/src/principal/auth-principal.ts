import {
  Injectable,
  SetMetadata,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ACCESS_TOKEN_USE,
  accountRoleLabel,
  bearerToken,
  isAdminRole,
  isCountyCode,
  isDepartmentCode,
  isRole,
  isUserId,
  type AccountRole,
} from '@care/access';
import { InjectConfig } from '@care/config';
import { permissionDenied, unauthenticated } from '@care/errors';
import type { AuthConfig } from '../config';
import { TokenSigner } from '../keys/token-signer';

/** Who calls the sign-in service's own API: a business user (the auditor) or an administrator (三员). */
export interface AuthPrincipal {
  readonly userId: string;
  readonly role: AccountRole;
  readonly department: string;
  readonly countyCodes: readonly string[];
}

const ROLES_KEY = 'care:auth-principal-roles';

/** Limits a handler (or controller) of the admin API to these roles (三员分立: each has its own). */
export const RequireAccountRoles = (...roles: AccountRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

interface RequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
  principal?: AuthPrincipal;
}

/** The principal of a verified payload of one of this service's access tokens. */
export function principalFromClaims(payload: Readonly<Record<string, unknown>>): AuthPrincipal {
  const { sub, role, dept, counties } = payload;
  if (
    payload.token_use !== ACCESS_TOKEN_USE ||
    payload.kind !== 'user' ||
    !isUserId(sub) ||
    !(isRole(role) || isAdminRole(role)) ||
    !isDepartmentCode(dept) ||
    !Array.isArray(counties) ||
    counties.length === 0 ||
    !counties.every(isCountyCode)
  )
    throw unauthenticated('令牌不正确：不是登录服务签发给人员的访问令牌');
  return { userId: sub, role, department: dept, countyCodes: counties as string[] };
}

/**
 * The admin API's guard: a bearer token this service signed (the administrators' audience or the
 * platform's, for the auditor), then the roles of `@RequireAccountRoles`. The token is verified
 * with the service's own keys, not over HTTP.
 */
@Injectable()
export class AuthPrincipalGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly signer: TokenSigner,
    @InjectConfig() private readonly config: AuthConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined)
      throw unauthenticated('未登录：缺少访问令牌，请在请求头 authorization 中提供 Bearer <令牌>');
    const payload = await this.signer.verify(token, [
      this.config.AUTH_ADMIN_AUDIENCE,
      this.config.ACCESS_TOKEN_AUDIENCE,
    ]);
    const principal = principalFromClaims(payload);
    const roles = this.reflector.getAllAndOverride<AccountRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles !== undefined && !roles.includes(principal.role))
      throw permissionDenied(
        `当前角色（${accountRoleLabel(principal.role)}）无权执行此操作，需要：${roles.map(accountRoleLabel).join('、')}`,
        { role: principal.role },
      );
    request.principal = principal;
    return true;
  }
}

/** `handler(@Principal() principal: AuthPrincipal)` behind AuthPrincipalGuard. */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (principal === undefined) throw unauthenticated();
  return principal;
});
