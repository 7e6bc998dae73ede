import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import { HealthImplementation, type ServingStatusMap } from 'grpc-health-check';
import { GRPC_PACKAGES, PROTO_ROOT, type GrpcPackageName } from '@care/contracts';

/**
 * proto-loader options matching ts-proto's output (camelCase fields, int64 as string, enums as
 * numbers, absent fields defaulted). Nest's transport decodes with proto-loader, not ts-proto's
 * codec, so these must stay in step with buf.gen.yaml (forceLong=string, useDate=false).
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: Number,
  defaults: true,
  arrays: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
} as const;

/** Fully-qualified gRPC service name, as grpc.health.v1 and service configs spell it. */
export function fullServiceName(pkg: GrpcPackageName): string {
  return `${GRPC_PACKAGES[pkg].package}.${GRPC_PACKAGES[pkg].service}`;
}

/**
 * The standard grpc.health.v1 service (load balancers, k8s grpc probes, grpc_health_probe).
 * Every service starts NOT_SERVING and turns SERVING only when the app says it is ready, so no
 * traffic arrives before Nest has bound its handlers and connected to its stores.
 */
export class GrpcHealth {
  private readonly implementation: HealthImplementation;
  readonly services: readonly string[];

  constructor(packages: readonly GrpcPackageName[]) {
    this.services = ['', ...packages.map(fullServiceName)]; // '' is the whole server, by convention
    const initial: ServingStatusMap = {};
    for (const service of this.services) initial[service] = 'NOT_SERVING';
    this.implementation = new HealthImplementation(initial);
  }

  setServing(): void {
    for (const service of this.services) this.implementation.setStatus(service, 'SERVING');
  }

  setNotServing(): void {
    for (const service of this.services) this.implementation.setStatus(service, 'NOT_SERVING');
  }

  addToServer(server: Parameters<HealthImplementation['addToServer']>[0]): void {
    this.implementation.addToServer(server);
  }
}

export interface GrpcServerSetup {
  readonly packages: readonly GrpcPackageName[];
  /** Bind address, e.g. `0.0.0.0:50051` (config GRPC_BIND_ADDRESS). */
  readonly url: string;
  /** Pass your own to control readiness; otherwise use the one on the result. */
  readonly health?: GrpcHealth;
}

export type CareGrpcOptions = GrpcOptions & { readonly health: GrpcHealth };

/** Options for `app.connectMicroservice(options, { inheritAppConfig: true })`. */
export function grpcServerOptions(setup: GrpcServerSetup): CareGrpcOptions {
  if (setup.packages.length === 0) throw new Error('grpcServerOptions: at least one package');
  const health = setup.health ?? new GrpcHealth(setup.packages);
  return {
    transport: Transport.GRPC,
    health,
    options: {
      url: setup.url,
      package: setup.packages.map((pkg) => GRPC_PACKAGES[pkg].package),
      protoPath: setup.packages.map((pkg) => GRPC_PACKAGES[pkg].protoPath),
      loader: { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] },
      gracefulShutdown: true,
      onLoadPackageDefinition: (_definition, server: Parameters<GrpcHealth['addToServer']>[0]) =>
        health.addToServer(server),
    },
  };
}
