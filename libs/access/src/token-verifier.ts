import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { DomainError, unauthenticated, unavailable } from '@care/errors';
import type { Actor, RawHeaderValue } from './actor';
import { actorFromClaims } from './token-claims';

/** The signature algorithms the sign-in service uses (Ed25519; ES256 where EdDSA is not allowed). */
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA', 'ES256'] as const;

export const AUTHORIZATION_HEADER = 'authorization';

export interface AccessTokenVerifierOptions {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** Least time between two JWKS fetches for an unknown kid. */
  readonly cooldownMs?: number;
  /** The service's clock (expiry is checked against it). */
  readonly now?: () => Date;
}

/**
 * The bearer token of an `Authorization` value, or an `unauthenticated` DomainError naming the
 * header. Undefined when the header is absent.
 */
export function bearerToken(value: RawHeaderValue): string | undefined {
  if (value === undefined) return undefined;
  const single = typeof value === 'string' ? value : value.length === 1 ? value[0] : undefined;
  const match =
    single === undefined
      ? null
      : /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(single.trim());
  if (match === null)
    throw unauthenticated('访问令牌格式不正确：请求头 authorization 须为 Bearer <令牌>，且只能出现一次', {
      header: AUTHORIZATION_HEADER,
    });
  return match[1];
}

/** The Chinese refusal of a token jose refused, or undefined when the failure is not the token's. */
function refusalOf(error: unknown): DomainError | undefined {
  if (error instanceof errors.JWTExpired)
    return unauthenticated('访问令牌已过期，请刷新令牌或重新登录', { reason: 'expired' });
  if (error instanceof errors.JWTClaimValidationFailed)
    return unauthenticated(`访问令牌不正确：声明 ${error.claim} 不符合要求（${error.reason}）`, {
      claim: error.claim,
    });
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed)
    return unauthenticated('访问令牌签名无效：不是登录服务签发的令牌', { reason: 'signature' });
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JWKSMultipleMatchingKeys
  )
    return unauthenticated('访问令牌格式不正确', { reason: 'malformed' });
  return undefined;
}

/**
 * Verifies access tokens against the sign-in service's JWKS: fetched on first use, cached by kid,
 * fetched again when a token names a kid it has not seen (a rotation; at most once per cooldown),
 * and every 10 minutes so a retired key drops out. Checks signature, algorithm, issuer, audience
 * and expiry (on the service's clock), then the identity claims (actorFromClaims).
 */
export class AccessTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.cooldownMs ?? 30_000,
      timeoutDuration: 5_000,
      cacheMaxAge: 600_000,
    });
  }

  /** The Actor of a valid token; `unauthenticated` for a bad token, `unavailable` when the JWKS cannot be had. */
  async verify(token: string): Promise<Actor> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...ACCESS_TOKEN_ALGORITHMS],
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: this.options.now?.(),
      }));
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal !== undefined) throw refusal;
      // The JWKS did not answer (network, timeout, not JSON): not the caller's fault.
      throw unavailable('登录服务（JWKS）', error);
    }
    return actorFromClaims(payload);
  }
}
