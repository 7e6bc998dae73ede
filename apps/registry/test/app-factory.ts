import type { Metadata } from '@grpc/grpc-js';
import { credentials } from '@grpc/grpc-js';
import { GRPC_PACKAGES, PROTO_ROOT } from '@care/contracts';
import { PROTO_LOADER_OPTIONS } from '@care/grpc';
import {
  startTestService,
  testActorHeaders,
  testActorMetadata,
  type TestService,
} from '@care/service-kit/testing';
import * as protoLoader from '@grpc/proto-loader';
import * as grpc from '@grpc/grpc-js';
import { AppModule } from '../src/app.module';
import { loadRegistryConfig, type RegistryConfig } from '../src/config';

export type RegistryTestApp = TestService<RegistryConfig>;

/**
 * Boots the real registry (AppModule on the real FerretDB/MongoDB and Kafka) in isolation
 * (@care/service-kit/testing), with the daily scheduler off (tests run the job for a date).
 */
export async function startRegistry(options: {
  name: string;
  today?: string;
  env?: Record<string, string>;
  /** Share another test app's topics (a cross-service test). */
  topicSuffix?: string;
}): Promise<RegistryTestApp> {
  return startTestService({
    name: `registry_${options.name}`,
    load: loadRegistryConfig,
    module: (config, clock) => AppModule.forRoot(config, { clock }),
    grpcPackages: ['registry'],
    today: options.today,
    env: { RECOMPUTE_SCHEDULE_ENABLED: 'false', ...options.env },
    topicSuffix: options.topicSuffix,
  });
}

/** Identity headers of a test actor of civil affairs (the header stand-in of @care/access). */
export function actorHeaders(
  role = 'civil-affairs-officer',
  counties = '371702,371721',
): Record<string, string> {
  return testActorHeaders({ role, counties });
}

export function actorMetadata(role = 'civil-affairs-officer', counties = '371702,371721'): Metadata {
  return testActorMetadata({ role, counties });
}

/** A plain grpc-js client of registry.v1.RegistryService over a real socket (what other services use). */
export function registryGrpcClient(
  address: string,
): grpc.Client & Record<string, grpc.handleUnaryCall<unknown, unknown> | unknown> {
  const definition = protoLoader.loadSync(GRPC_PACKAGES.registry.protoPath, {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [PROTO_ROOT],
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    registry: { v1: { RegistryService: grpc.ServiceClientConstructor } };
  };
  return new loaded.registry.v1.RegistryService(address, credentials.createInsecure()) as never;
}

/** Calls a unary method and resolves with the response or rejects with the ServiceError. */
export function unary<Res>(
  client: grpc.Client,
  method: string,
  request: unknown,
  metadata: Metadata,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = (
      client as unknown as Record<
        string,
        (req: unknown, md: Metadata, cb: (err: grpc.ServiceError | null, res: Res) => void) => void
      >
    )[method];
    fn.call(client, request, metadata, (err, res) => (err ? reject(err) : resolve(res)));
  });
}
