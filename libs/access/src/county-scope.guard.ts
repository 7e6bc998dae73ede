import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Metadata } from '@grpc/grpc-js';
import { invalidArgument, permissionDenied } from '@care/errors';
import type { Actor, Role } from './actor';
import { actorFromHttpRequest, actorFromMetadata } from './current-actor';
import { roleRefusal, type PermissionTable } from './permission-table';
import { assertCountyInScope } from './scope';

const ROLES_KEY = 'care:required-roles';
const COUNTY_FIELDS_KEY = 'care:county-fields';

/** What `@RequireRoles` / `@RequirePermission` leave on a handler or controller. */
interface RoleRule {
  readonly roles: readonly Role[];
  /** The Chinese phrase of the action, for the refusal (`无权发布服务清单`). */
  readonly what?: string;
}

/** Limits a handler (or controller) to the listed roles; checked by CountyScopeGuard. */
export const RequireRoles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, { roles } satisfies RoleRule);

/** Limits a handler (or controller) to the roles an app's permission table grants the action. */
export const RequirePermission = <A extends string>(
  table: PermissionTable<A>,
  action: A,
): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, { roles: table.rolesFor(action), what: table.actions[action] } satisfies RoleRule);

/** The request fields that name a county unless `@CountyFields` says otherwise. */
export const DEFAULT_COUNTY_FIELDS: readonly string[] = ['countyCode', 'county_code'];

/**
 * Which route params, query or body fields name a county the actor must cover, replacing
 * DEFAULT_COUNTY_FIELDS on this handler (or controller). E.g. `@CountyFields('divisionCode')`
 * on the handlers that write a division's service list; `@CountyFields()` checks none.
 */
export const CountyFields = (...fields: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(COUNTY_FIELDS_KEY, fields);

function countiesNamedIn(source: unknown, fields: readonly string[]): string[] {
  if (typeof source !== 'object' || source === null) return [];
  const bag = source as Record<string, unknown>;
  const found: string[] = [];
  for (const key of fields) {
    const value = bag[key];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw invalidArgument(key, '6位区县代码', `${key} 须为6位区县代码`);
    found.push(value);
  }
  return found;
}

/**
 * Authenticates the caller (the header stand-in, see actor.ts), enforces `@RequireRoles` /
 * `@RequirePermission` (the handler's rule overrides the controller's), and refuses a request
 * whose route params, query or body name a county outside the actor's codes (the fields of
 * `@CountyFields`, by default `countyCode` / `county_code`). Requests that name no county
 * pass: use cases scope their queries to the actor's counties (`countiesInScope`) and check
 * the county of what they load (`assertCountyInScope`), so this guard is the first fence, not
 * the only one.
 */
@Injectable()
export class CountyScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const fields =
      this.reflector.getAllAndOverride<string[] | undefined>(COUNTY_FIELDS_KEY, targets) ??
      DEFAULT_COUNTY_FIELDS;
    let actor: Actor;
    let named: string[];
    if (context.getType() === 'rpc') {
      actor = actorFromMetadata(context.switchToRpc().getContext<Metadata>());
      named = countiesNamedIn(context.switchToRpc().getData(), fields);
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
        ...countiesNamedIn(request.params, fields),
        ...countiesNamedIn(request.query, fields),
        ...countiesNamedIn(request.body, fields),
      ];
    }
    const rule = this.reflector.getAllAndOverride<RoleRule | undefined>(ROLES_KEY, targets);
    if (rule !== undefined && !rule.roles.includes(actor.role)) {
      throw permissionDenied(roleRefusal(actor.role, rule.roles, rule.what), { role: actor.role });
    }
    for (const county of named) assertCountyInScope(actor, county);
    return true;
  }
}
