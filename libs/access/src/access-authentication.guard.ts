import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { DomainError, unauthenticated } from '@care/errors';
import { ACTOR_HEADERS, DUTY_HEADER, type RawHeaderValue } from './actor';
import type { AccessOptions } from './access-config';
import { recordAuthentication } from './current-actor';
import { AUTHORIZATION_HEADER, AccessTokenVerifier, bearerToken } from './token-verifier';

export const ACCESS_OPTIONS = Symbol.for('care.access.options');

const IDENTITY_HEADERS: readonly string[] = [...Object.values(ACTOR_HEADERS), DUTY_HEADER];

/** Token mode, no token: what `actorFromHttpRequest` / `actorFromMetadata` then throw. */
export const MISSING_TOKEN_MESSAGE = '未登录：缺少访问令牌，请在请求头 authorization 中提供 Bearer <令牌>';

/**
 * The app-wide guard of AccessModule.forRoot (APP_GUARD: it runs before every controller's guards,
 * on HTTP and, in a hybrid app with inheritAppConfig, on gRPC). It authenticates; it does not
 * authorise. A bearer token is verified (async: the JWKS may need fetching) and its Actor, or the
 * reason it was refused, is recorded for `@CurrentActor()`, `CountyScopeGuard` and the gRPC
 * handlers' `actorFromMetadata` to use. Routes that never ask for an actor (health, metrics, the
 * sign-in endpoints) are not affected by a missing or bad token.
 * In token mode the identity-header stand-in is refused outright, naming the header.
 */
@Injectable()
export class AccessAuthenticationGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
    @Optional() private readonly verifier?: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    let carrier: object;
    let get: (header: string) => RawHeaderValue;
    if (context.getType() === 'rpc') {
      const metadata = context.switchToRpc().getContext<Metadata | undefined>();
      if (metadata === undefined) return true; // actorFromMetadata refuses a call without metadata
      carrier = metadata;
      get = (key) => {
        const values = metadata.get(key).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
        return values.length === 0 ? undefined : values;
      };
    } else if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<{ headers: Record<string, RawHeaderValue> }>();
      carrier = request;
      get = (header) => request.headers[header];
    } else {
      return true;
    }
    if (this.options.mode === 'token') {
      const standIn = IDENTITY_HEADERS.find((header) => get(header) !== undefined);
      if (standIn !== undefined)
        throw unauthenticated(
          `令牌模式（ACCESS_MODE=token）不接受身份请求头 ${standIn}：请使用 authorization: Bearer <访问令牌>`,
          { header: standIn },
        );
    }
    let token: string | undefined;
    try {
      token = bearerToken(get(AUTHORIZATION_HEADER));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      recordAuthentication(carrier, error);
      return true;
    }
    if (token === undefined || this.verifier === undefined) {
      if (this.options.mode === 'token')
        recordAuthentication(
          carrier,
          unauthenticated(MISSING_TOKEN_MESSAGE, { header: AUTHORIZATION_HEADER }),
        );
      return true;
    }
    try {
      recordAuthentication(carrier, await this.verifier.verify(token), token);
    } catch (error) {
      // A bad token is the caller's: recorded, refused where an actor is needed. A JWKS that
      // cannot be fetched is ours: the call fails now as unavailable.
      if (error instanceof DomainError && error.code === 'unauthenticated')
        recordAuthentication(carrier, error);
      else throw error;
    }
    return true;
  }
}
