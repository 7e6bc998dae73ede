import { unauthenticated } from '@care/errors';
import {
  DUTIES,
  ROLES,
  isCountyCode,
  isDepartmentCode,
  isDuty,
  isRole,
  isTownshipCode,
  isUserId,
  type Actor,
  type Duty,
} from './actor';

// The access token's claims (JWT, signed by the sign-in service, apps/auth) and the Actor they
// stand for. Pure: the signature, issuer, audience and expiry are checked before this runs
// (token-verifier.ts); this checks the claims that say who the caller is, like parseActor does
// for the header stand-in, and refuses anything else naming the claim (never echoing its value).

/** `token_use` of an access token; the sign-in service's other tokens (challenges) carry other values. */
export const ACCESS_TOKEN_USE = 'access';

/** Who the token was issued to: a person who signed in, or a service with its client credentials. */
export type TokenSubjectKind = 'user' | 'service';

/** The identity claims of an access token (besides iss, aud, iat, exp, jti). */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly token_use: typeof ACCESS_TOKEN_USE;
  readonly kind: TokenSubjectKind;
  readonly role: string;
  readonly dept: string;
  readonly counties: readonly string[];
  readonly townships?: readonly string[];
  readonly duties?: readonly string[];
}

/** The claims the sign-in service writes for an actor. */
export function claimsOfActor(actor: Actor, kind: TokenSubjectKind): AccessTokenClaims {
  return {
    sub: actor.userId,
    token_use: ACCESS_TOKEN_USE,
    kind,
    role: actor.role,
    dept: actor.department,
    counties: [...actor.countyCodes],
    ...(actor.townshipCodes === undefined || actor.townshipCodes.length === 0
      ? {}
      : { townships: [...actor.townshipCodes] }),
    ...(actor.duties === undefined || actor.duties.length === 0 ? {} : { duties: [...actor.duties] }),
  };
}

function refuse(claim: string, rule: string): never {
  throw unauthenticated(`访问令牌不正确：声明 ${claim} ${rule}`, { claim });
}

function stringList(payload: Readonly<Record<string, unknown>>, claim: string, rule: string): string[] {
  const value = payload[claim];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) refuse(claim, rule);
  return [...new Set(value as string[])];
}

/**
 * The Actor of a verified access token's payload, or an `unauthenticated` DomainError naming the
 * claim: the token must be an access token (`token_use`), for a business role (ROLES; the sign-in
 * service's administrators have none), with a department, at least one county, townships inside
 * those counties, and known duties.
 */
export function actorFromClaims(payload: Readonly<Record<string, unknown>>): Actor {
  if (payload.token_use !== ACCESS_TOKEN_USE) refuse('token_use', `须为 ${ACCESS_TOKEN_USE}（访问令牌）`);
  const userId = payload.sub;
  if (!isUserId(userId)) refuse('sub', '须为1至64位字母、数字或 ._@-');
  const role = payload.role;
  if (!isRole(role)) refuse('role', `须为 ${ROLES.join('、')} 之一（管理员令牌不能访问业务服务）`);
  const department = payload.dept;
  if (!isDepartmentCode(department)) refuse('dept', '须为1至64位字母、数字或 _-');
  const countyCodes = stringList(payload, 'counties', '须为6位区县代码的数组');
  if (countyCodes.length === 0 || !countyCodes.every(isCountyCode))
    refuse('counties', '须为6位区县代码的数组');
  const actor: { -readonly [K in keyof Actor]: Actor[K] } = { userId, role, department, countyCodes };
  if (payload.duties !== undefined) {
    const duties = stringList(payload, 'duties', `须为 ${DUTIES.join('、')} 的数组`);
    if (!duties.every(isDuty)) refuse('duties', `须为 ${DUTIES.join('、')} 的数组`);
    actor.duties = Object.freeze(duties as Duty[]);
  }
  if (payload.townships !== undefined) {
    const townships = stringList(payload, 'townships', '须为9位乡镇（街道）代码的数组');
    if (!townships.every(isTownshipCode)) refuse('townships', '须为9位乡镇（街道）代码的数组');
    if (!townships.every((t) => countyCodes.includes(t.slice(0, 6))))
      refuse('townships', '中的乡镇须属于声明 counties 中的区县');
    actor.townshipCodes = Object.freeze(townships);
  }
  actor.countyCodes = Object.freeze(countyCodes);
  return Object.freeze(actor);
}
