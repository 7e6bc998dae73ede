import { z } from 'zod';
import { accessConfig, accessConfigProblems, type AccessConfig } from '@care/access';
import {
  ConfigError,
  eventTopicSuffixConfig,
  grpcServerConfig,
  httpConfig,
  kafkaConfig,
  loadConfig,
  logConfig,
  mongoConfig,
  otelConfig,
  serviceConfig,
  kafkaTlsProblems,
  topicSuffixProblems,
  type EnvSource,
} from '@care/config';

export interface ServiceIdentity {
  /** The Nx project and service name, e.g. `education`. */
  readonly name: string;
  /** Development default of HTTP_PORT (production must set it). */
  readonly httpPort: number;
  /** Development default of GRPC_BIND_ADDRESS, e.g. `127.0.0.1:50103`. */
  readonly grpcBind: string;
  /** Default database name (one database per service), e.g. `education`. */
  readonly database: string;
}

/**
 * The settings every service has, as a zod shape to spread into the service's own schema:
 * name and environment, HTTP, gRPC, MongoDB, Kafka, logs, tracing, the outbox poll interval
 * the test-only topic suffix and the access settings (@care/access access-config.ts).
 */
export function serviceKitConfig(service: ServiceIdentity) {
  return {
    ...serviceConfig(service.name),
    ...httpConfig(service.httpPort),
    ...grpcServerConfig(service.grpcBind),
    ...mongoConfig(service.database),
    ...kafkaConfig(service.name),
    ...logConfig,
    ...otelConfig,
    ...eventTopicSuffixConfig,
    /** Who is calling: ACCESS_MODE (token | headers, the stand-in refused in production), the JWKS. */
    ...accessConfig,
    /** Outbox relay polling interval (ms): how soon an event written with a change reaches Kafka unnudged. */
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  };
}

/** The fields `serviceKitConfig` adds, as the kit's modules read them. */
export type ServiceKitConfig = z.output<z.ZodObject<ReturnType<typeof serviceKitConfig>>>;

/** The consumer-group setting of one subscription, e.g. `consumerGroupConfig('REGISTRY_CONSUMER_GROUP', 'education.registry-facts')`. */
export function consumerGroupConfig<K extends string>(name: K, defaultGroup: string) {
  return {
    [name]: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, '仅限字母数字._- / letters, digits, . _ and - only')
      .default(defaultGroup),
  } as { [P in K]: z.ZodDefault<z.ZodString> };
}

/**
 * Validates the environment at boot against a service's schema. `GRPC_URL` and `MONGODB_DB`
 * are accepted as aliases (the platform scripts use them); a topic suffix is refused in
 * production; `checks` adds the service's own cross-field rules (each returns problems).
 */
export function loadServiceConfig<S extends z.ZodRawShape & ReturnType<typeof serviceKitConfig>>(
  schema: z.ZodObject<S>,
  env: EnvSource = process.env,
  checks: readonly ((config: z.output<z.ZodObject<S>>) => string[])[] = [],
): z.output<z.ZodObject<S>> {
  const merged: Record<string, string | undefined> = { ...env };
  merged.GRPC_BIND_ADDRESS ??= env.GRPC_URL;
  merged.MONGODB_DATABASE ??= env.MONGODB_DB;
  const config = loadConfig(schema, merged);
  const problems = [
    ...topicSuffixProblems(config as unknown as ServiceKitConfig),
    ...kafkaTlsProblems(config as unknown as ServiceKitConfig),
    ...accessConfigProblems(config as unknown as AccessConfig),
    ...checks.flatMap((check) => check(config)),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
