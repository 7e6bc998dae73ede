import {
  Client,
  credentials as grpcCredentials,
  Metadata,
  type ChannelCredentials,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';
import { GRPC_PACKAGES, type GrpcPackageName } from '@care/contracts';
import { Observable } from 'rxjs';
import { domainErrorFromGrpc } from './error-metadata';
import { fullServiceName, PROTO_LOADER_OPTIONS } from './server-options';

export interface GrpcClientOptions {
  /** Per-call deadline; a call still running then fails DEADLINE_EXCEEDED. Default 5000 ms. */
  readonly deadlineMs?: number;
  /**
   * Extra attempts on UNAVAILABLE (the server was unreachable or restarting), with exponential
   * backoff. Every platform query service is a read, so retrying is safe. Default 2; 0 disables.
   */
  readonly retries?: number;
  /** Default insecure (plaintext on the service network); pass TLS credentials across trust boundaries. */
  readonly credentials?: ChannelCredentials;
  /**
   * When set, failed calls error with the DomainError the server threw (not-found, ...), faults
   * with `unavailable(dependency)`, so an app can rethrow them to its own callers unchanged.
   * Unset: the raw grpc-js ServiceError.
   */
  readonly dependency?: string;
}

/** The client plus `close()`, which a Nest provider calls on shutdown. */
export type GrpcClient<T> = T & { close(): void };

const MAX_ATTEMPTS = 5; // gRPC caps retryPolicy.maxAttempts at 5

/** grpc service config (gRFC A6): retries on UNAVAILABLE only, with backoff. */
export function retryServiceConfig(pkg: GrpcPackageName, retries: number): string {
  const retryPolicy = {
    maxAttempts: Math.min(retries + 1, MAX_ATTEMPTS),
    initialBackoff: '0.1s',
    maxBackoff: '1s',
    backoffMultiplier: 2,
    retryableStatusCodes: ['UNAVAILABLE'],
  };
  return JSON.stringify({
    methodConfig: [{ name: [{ service: fullServiceName(pkg) }], ...(retries > 0 ? { retryPolicy } : {}) }],
  });
}

type AnyMethod = MethodDefinition<object, object>;

/**
 * A typed client for a platform gRPC service: `createGrpcClient<registry.RegistryServiceClient>('registry', address)`.
 * Methods take `(request, metadata?)` and return an Observable, exactly as ts-proto's
 * `*ServiceClient` interface says, and decode with the same proto-loader options as the server.
 */
export function createGrpcClient<T extends object>(
  pkg: GrpcPackageName,
  address: string,
  options: GrpcClientOptions = {},
): GrpcClient<T> {
  const deadlineMs = options.deadlineMs ?? 5000;
  const retries = options.retries ?? 2;
  const definition = loadSync(GRPC_PACKAGES[pkg].protoPath, {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs],
  });
  const service = definition[fullServiceName(pkg)];
  if (
    service === undefined ||
    'format' in service ||
    !Object.values(service).every((m) => typeof m === 'object' && 'path' in m)
  ) {
    throw new Error(
      `createGrpcClient: ${fullServiceName(pkg)} is not a service in ${GRPC_PACKAGES[pkg].protoPath}`,
    );
  }
  const client = new Client(address, options.credentials ?? grpcCredentials.createInsecure(), {
    'grpc.service_config': retryServiceConfig(pkg, retries),
    'grpc.enable_retries': 1,
  });
  const mapError = (error: ServiceError): Error =>
    options.dependency === undefined ? error : domainErrorFromGrpc(error, options.dependency);

  const methods: Record<string, unknown> = { close: () => client.close() };
  for (const method of Object.values(service) as AnyMethod[]) {
    const name = method.originalName ?? method.path.slice(method.path.lastIndexOf('/') + 1);
    if (method.requestStream) {
      methods[name] = () => {
        throw new Error(`${method.path}: client-streaming calls are not supported by createGrpcClient`);
      };
    } else if (method.responseStream) {
      methods[name] = (request: object, metadata?: Metadata) =>
        new Observable<object>((subscriber) => {
          const call = client.makeServerStreamRequest(
            method.path,
            method.requestSerialize,
            method.responseDeserialize,
            request,
            metadata ?? new Metadata(),
            {
              deadline: Date.now() + deadlineMs,
            },
          );
          call.on('data', (message: object) => subscriber.next(message));
          call.on('error', (error: ServiceError) => subscriber.error(mapError(error)));
          call.on('end', () => subscriber.complete());
          return () => call.cancel();
        });
    } else {
      methods[name] = (request: object, metadata?: Metadata) =>
        new Observable<object>((subscriber) => {
          let done = false;
          const call = client.makeUnaryRequest(
            method.path,
            method.requestSerialize,
            method.responseDeserialize,
            request,
            metadata ?? new Metadata(),
            { deadline: Date.now() + deadlineMs },
            (error, response) => {
              done = true;
              if (error) subscriber.error(mapError(error));
              else {
                subscriber.next(response ?? {});
                subscriber.complete();
              }
            },
          );
          return () => {
            if (!done) call.cancel();
          };
        });
    }
  }
  return methods as GrpcClient<T>;
}
