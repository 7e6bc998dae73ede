import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { GrpcPackageName } from '@care/contracts';
import { startHybridApp, type StartedHybridApp } from '@care/grpc';
import { startTelemetry, type Telemetry } from '@care/observability';
import type { ServiceKitConfig } from './service-config';

export interface OpenApiInfo {
  /** Title of the OpenAPI document (Chinese first: it is read by the department's staff). */
  readonly title: string;
  readonly description: string;
}

/**
 * `instrument.ts` of a service, the first import of its main.ts: loads the config and starts
 * telemetry before http, express and @grpc/grpc-js are required (or their instrumentation never
 * patches them).
 */
export function instrumentService<C extends ServiceKitConfig>(
  load: () => C,
): { config: C; telemetry: Telemetry } {
  const config = load();
  const telemetry = startTelemetry({
    serviceName: config.SERVICE_NAME,
    exporter: config.OTEL_TRACES_EXPORTER,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  return { config, telemetry };
}

/** The OpenAPI document at /api/docs (JSON at /api/docs-json). */
export function mountOpenApi(app: INestApplication, info: OpenApiInfo): void {
  const builder = new DocumentBuilder().setTitle(info.title).setDescription(info.description).setVersion('1');
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, builder.build()));
}

export interface StartServiceOptions {
  /** The gRPC packages this service serves (none for an HTTP-only service). */
  readonly grpcPackages: readonly GrpcPackageName[];
  readonly openApi: OpenApiInfo;
  /** Default 0.0.0.0; tests bind 127.0.0.1. */
  readonly httpHost?: string;
}

/**
 * Mounts OpenAPI, then the hybrid start sequence of @care/grpc (global validation pipe and
 * domain-error filter on both transports, gRPC with grpc.health.v1, shutdown hooks, HTTP).
 */
export async function startService(
  app: INestApplication,
  config: ServiceKitConfig,
  options: StartServiceOptions,
): Promise<StartedHybridApp> {
  mountOpenApi(app, options.openApi);
  return startHybridApp(app, {
    grpc:
      options.grpcPackages.length === 0
        ? undefined
        : { packages: [...options.grpcPackages], url: config.GRPC_BIND_ADDRESS },
    httpPort: config.HTTP_PORT,
    httpHost: options.httpHost,
  });
}

/**
 * main.ts of a service: create the app from its module with pino as Nest's logger, start it,
 * log `<name> ready` (infra/platform.sh waits for that line), flush telemetry on exit. A boot
 * error (config, database) is printed whole and ends the process so the orchestrator restarts it.
 */
export function bootService(
  setup: { config: ServiceKitConfig; telemetry: Telemetry; module: DynamicModule } & StartServiceOptions,
): void {
  const run = async (): Promise<void> => {
    const app = await NestFactory.create(setup.module, { bufferLogs: true });
    const logger = app.get(Logger);
    app.useLogger(logger);
    const started = await startService(app, setup.config, setup);
    logger.log({
      msg: `${setup.config.SERVICE_NAME} ready`,
      httpUrl: started.httpUrl,
      grpc: setup.grpcPackages.length === 0 ? undefined : setup.config.GRPC_BIND_ADDRESS,
    });
    process.once('beforeExit', () => void setup.telemetry.shutdown());
  };
  run().catch((error: unknown) => {
    // Config and boot errors carry no personal data; print them whole so the operator sees why.
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
