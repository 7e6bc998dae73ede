import type { INestApplication } from '@nestjs/common';
import { DomainExceptionFilter } from './exception-filters';
import { grpcServerOptions, type GrpcHealth, type GrpcServerSetup } from './server-options';
import { createValidationPipe } from './validation';

export interface HybridAppSetup {
  /** Omit for an HTTP-only app. */
  readonly grpc?: GrpcServerSetup;
  readonly httpPort: number;
  readonly httpHost?: string;
}

export interface StartedHybridApp {
  /** `undefined` for an HTTP-only app. */
  readonly health: GrpcHealth | undefined;
  /** The bound HTTP address (useful with port 0 in tests). */
  readonly httpUrl: string;
}

/**
 * Global pipe and filter for both transports, then the gRPC microservice with
 * `inheritAppConfig: true`: without it a hybrid app's pipes and filters silently skip gRPC calls
 * (plain Errors would reach clients as UNKNOWN). Returns the gRPC health so callers can flip it.
 */
export function configureHybridApp(app: INestApplication, grpc?: GrpcServerSetup): GrpcHealth | undefined {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  if (grpc === undefined) return undefined;
  const options = grpcServerOptions(grpc);
  app.connectMicroservice(options, { inheritAppConfig: true });
  return options.health;
}

/**
 * The whole start sequence of a service: configure, start gRPC, listen on HTTP, then report
 * SERVING on grpc.health.v1 (and NOT_SERVING as shutdown begins).
 */
export async function startHybridApp(
  app: INestApplication,
  setup: HybridAppSetup,
): Promise<StartedHybridApp> {
  const health = configureHybridApp(app, setup.grpc);
  app.enableShutdownHooks();
  if (health !== undefined) await app.startAllMicroservices();
  await app.listen(setup.httpPort, setup.httpHost ?? '0.0.0.0');
  health?.setServing();
  if (health !== undefined) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => health.setNotServing());
  }
  return { health, httpUrl: await app.getUrl() };
}
