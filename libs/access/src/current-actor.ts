import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Metadata } from '@grpc/grpc-js';
import { unauthenticated } from '@care/errors';
import { ACTOR_HEADERS, parseActor, type Actor, type RawHeaderValue } from './actor';

type HeaderBag = Readonly<Record<string, RawHeaderValue>>;
interface RequestWithActor {
  headers: HeaderBag;
  actor?: Actor;
}

/** The Actor of an HTTP request (parsed once, cached on the request for guards and handlers). */
export function actorFromHttpRequest(request: RequestWithActor): Actor {
  // Node lower-cases incoming header names.
  request.actor ??= parseActor((header) => request.headers[header]);
  return request.actor;
}

/**
 * The Actor of a gRPC call, from its metadata (same keys as the HTTP headers). Nest passes no
 * metadata object to a handler when the call carried none: that is an unauthenticated call too.
 */
export function actorFromMetadata(metadata: Metadata | undefined): Actor {
  if (metadata === undefined) throw unauthenticated('缺少调用方身份信息（gRPC metadata）');
  return parseActor((key) => {
    const values = metadata.get(key).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
    return values.length === 0 ? undefined : values;
  });
}

/** The metadata a service sends on a gRPC call made for `actor` (the keys actorFromMetadata reads). */
export function actorMetadata(actor: Actor): Metadata {
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
