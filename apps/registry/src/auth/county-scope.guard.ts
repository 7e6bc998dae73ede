import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Metadata } from '@grpc/grpc-js';
import { invalidArgument, permissionDenied } from '@care/errors';
import { ROLE_LABELS, type Actor, type Role } from './actor';
import { actorFromHttpRequest, actorFromMetadata } from './current-actor';
import { assertCountyInScope } from './permissions';

const ROLES_KEY = 'care:required-roles';

/** Limits a handler (or controller) to the listed roles; checked by CountyScopeGuard. */
export const RequireRoles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

/** Request fields that name a county; any of them present must be one of the actor's counties. */
const COUNTY_KEYS = ['countyCode', 'county_code'] as const;

function countiesNamedIn(source: unknown): string[] {
  if (typeof source !== 'object' || source === null) return [];
  const bag = source as Record<string, unknown>;
  const found: string[] = [];
  for (const key of COUNTY_KEYS) {
    const value = bag[key];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw invalidArgument(key, '6位区县代码', `${key} 须为6位区县代码`);
    found.push(value);
  }
  return found;
}

/**
 * Authenticates the caller (the header stand-in, see actor.ts), enforces `@RequireRoles`, and
 * refuses a request whose route params, query or body name a county outside the actor's
 * counties. Requests that name no county pass: the repositories scope every query to
 * `actor.countyCodes`, so this guard is the first fence, not the only one.
 */
@Injectable()
export class CountyScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    let actor: Actor;
    let named: string[];
    if (context.getType() === 'rpc') {
      actor = actorFromMetadata(context.switchToRpc().getContext<Metadata>());
      named = countiesNamedIn(context.switchToRpc().getData());
    } else {
      const request = context.switchToHttp().getRequest<{
        headers: Record<string, string | string[] | undefined>;
        params?: unknown;
        query?: unknown;
        body?: unknown;
        actor?: Actor;
      }>();
      actor = actorFromHttpRequest(request);
      named = [
        ...countiesNamedIn(request.params),
        ...countiesNamedIn(request.query),
        ...countiesNamedIn(request.body),
      ];
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles !== undefined && !roles.includes(actor.role)) {
      throw permissionDenied(
        `当前角色（${ROLE_LABELS[actor.role]}）无权执行此操作，需要：${roles.map((r) => ROLE_LABELS[r]).join('、')}`,
        { role: actor.role },
      );
    }
    for (const county of named) assertCountyInScope(actor, county);
    return true;
  }
}
