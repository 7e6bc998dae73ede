import { z } from 'zod';
import {
  ConfigError,
  grpcServerConfig,
  httpConfig,
  kafkaConfig,
  loadConfig,
  logConfig,
  mongoConfig,
  eventTopicSuffixConfig,
  topicSuffixProblems,
  otelConfig,
  serviceConfig,
  type EnvSource,
} from '@care/config';

export const servicesCatalogConfigSchema = z.object({
  ...serviceConfig('services-catalog'),
  ...httpConfig(3102),
  ...grpcServerConfig('127.0.0.1:50102'),
  ...mongoConfig('services_catalog'),
  ...kafkaConfig('services-catalog'),
  ...logConfig,
  ...otelConfig,
  /** The city whose basic list (Attachment 2) is seeded and which every county list derives from. */
  CITY_CODE: z
    .string()
    .regex(/^[0-9]{6}$/, '须为6位市级行政区划代码 / must be a 6-digit city code')
    .default('371700'),
  /** Outbox relay polling interval (ms): how soon an entitlement change reaches Kafka when no write nudged it. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /**
   * How often (ms) to apply list versions whose effective date has come and to recompute
   * children whose age crosses an item's bound today (生日跨越年龄段).
   */
  RECOMPUTE_SWEEP_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** Children per bulk write when a published list is applied to a whole county. */
  RECOMPUTE_CHUNK_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Consumer group of the registry projection. */
  REGISTRY_CONSUMER_GROUP: z.string().min(1).default('services-catalog.registry-facts'),
  ...eventTopicSuffixConfig,
});

export type ServicesCatalogConfig = z.output<typeof servicesCatalogConfigSchema>;

/** Validates the environment once, at boot. `GRPC_URL` and `MONGODB_DB` are the platform scripts' aliases. */
export function loadServicesCatalogConfig(env: EnvSource = process.env): ServicesCatalogConfig {
  const merged: Record<string, string | undefined> = { ...env };
  merged.GRPC_BIND_ADDRESS ??= env.GRPC_URL;
  merged.MONGODB_DATABASE ??= env.MONGODB_DB;
  const config = loadConfig(servicesCatalogConfigSchema, merged);
  const suffixProblems = topicSuffixProblems(config);
  if (suffixProblems.length > 0) throw new ConfigError(suffixProblems);
  return config;
}
