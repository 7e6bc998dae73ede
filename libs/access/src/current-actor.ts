import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Metadata } from '@grpc/grpc-js';
import { DomainError, unauthenticated } from '@care/errors';
import { ACTOR_HEADERS, parseActor, type Actor, type RawHeaderValue } from './actor';
import { AUTHORIZATION_HEADER } from './token-verifier';

type HeaderBag = Readonly<Record<string, RawHeaderValue>>;
interface RequestWithActor {
  headers: HeaderBag;
  actor?: Actor;
}

// What AccessAuthenticationGuard (the app-wide guard of AccessModule.forRoot) found on a request or
// a call, before any handler runs: the Actor of a verified token, or why there is none (token mode
// without a token, an expired or forged token). Keyed by the request / metadata object itself, so
// it lives exactly as long as the call. Absent: the guard saw no token (headers mode), and the
// header stand-in is parsed.
const authenticated = new WeakMap<object, Actor | DomainError>();

// The verified token each token-made Actor came from, so a call made for that person (actorMetadata)
// carries their own token onward: the called service verifies it again, and no service can claim
// more than the person's token says.
const tokenOfActor = new WeakMap<Actor, string>();

/**
 * Records the guard's outcome for a request (HTTP) or a call's metadata (gRPC); `token` is the
 * verified access token an Actor came from.
 */
export function recordAuthentication(carrier: object, outcome: Actor | DomainError, token?: string): void {
  authenticated.set(carrier, outcome);
  if (token !== undefined && !(outcome instanceof DomainError)) tokenOfActor.set(outcome, token);
}

function recorded(carrier: object): Actor | undefined {
  const outcome = authenticated.get(carrier);
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}

/** The Actor of an HTTP request (parsed once, cached on the request for guards and handlers). */
export function actorFromHttpRequest(request: RequestWithActor): Actor {
  // Node lower-cases incoming header names.
  request.actor ??= recorded(request) ?? parseActor((header) => request.headers[header]);
  return request.actor;
}

/**
 * The Actor of a gRPC call, from its metadata (same keys as the HTTP headers). Nest passes no
 * metadata object to a handler when the call carried none: that is an unauthenticated call too.
 */
export function actorFromMetadata(metadata: Metadata | undefined): Actor {
  if (metadata === undefined) throw unauthenticated('缺少调用方身份信息（gRPC metadata）');
  return (
    recorded(metadata) ??
    parseActor((key) => {
      const values = metadata.get(key).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
      return values.length === 0 ? undefined : values;
    })
  );
}

/**
 * The metadata of a gRPC call carrying an access token (token mode): the signed-in user's own token
 * when a service calls on their behalf, or the service's client-credentials token
 * (ServiceTokenSource) for its own background work.
 */
export function bearerMetadata(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set(AUTHORIZATION_HEADER, `Bearer ${token}`);
  return metadata;
}

/**
 * The metadata a service sends on a gRPC call made for `actor`: the person's own access token when
 * the actor came from one (token mode), else the header stand-in (headers mode only; a service in
 * token mode refuses it, so background calls there need ServiceTokenSource).
 */
export function actorMetadata(actor: Actor): Metadata {
  const token = tokenOfActor.get(actor);
  if (token !== undefined) return bearerMetadata(token);
  const metadata = new Metadata();
  metadata.set(ACTOR_HEADERS.userId, actor.userId);
  metadata.set(ACTOR_HEADERS.role, actor.role);
  metadata.set(ACTOR_HEADERS.department, actor.department);
  metadata.set(ACTOR_HEADERS.countyCodes, actor.countyCodes.join(','));
  return metadata;
}

/** `handler(@CurrentActor() actor: Actor)`: unauthenticated DomainError when headers are missing or invalid. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  if (context.getType() === 'rpc') {
    return actorFromMetadata(context.switchToRpc().getContext<Metadata>());
  }
  return actorFromHttpRequest(context.switchToHttp().getRequest<RequestWithActor>());
});
