import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { parseActor, type Actor, type RawHeaderValue } from './actor';

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

/** The Actor of a gRPC call, from its metadata (same keys as the HTTP headers). */
export function actorFromMetadata(metadata: Metadata): Actor {
  return parseActor((key) => {
    const values = metadata.get(key).map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
    return values.length === 0 ? undefined : values;
  });
}

/** `handler(@CurrentActor() actor: Actor)`: unauthenticated DomainError when headers are missing or invalid. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  if (context.getType() === 'rpc') {
    return actorFromMetadata(context.switchToRpc().getContext<Metadata>());
  }
  return actorFromHttpRequest(context.switchToHttp().getRequest<RequestWithActor>());
});
