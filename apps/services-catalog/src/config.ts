import { z } from 'zod';
import type { EnvSource } from '@care/config';
import { consumerGroupConfig, loadServiceConfig, serviceKitConfig } from '@care/service-kit';

export const servicesCatalogConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'services-catalog',
    httpPort: 3102,
    grpcBind: '127.0.0.1:50102',
    database: 'services_catalog',
  }),
  /** The city whose basic list (Attachment 2) is seeded and which every county list derives from. */
  CITY_CODE: z
    .string()
    .regex(/^[0-9]{6}$/, '须为6位市级行政区划代码 / must be a 6-digit city code')
    .default('371700'),
  /**
   * How often (ms) to apply list versions whose effective date has come and to recompute
   * children whose age crosses an item's bound today (生日跨越年龄段).
   */
  RECOMPUTE_SWEEP_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** Children per bulk write when a published list is applied to a whole county. */
  RECOMPUTE_CHUNK_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Consumer group of the registry projection. */
  ...consumerGroupConfig('REGISTRY_CONSUMER_GROUP', 'services-catalog.registry-facts'),
  /** Consumer group of the departments' delivery records (each department's delivery topic). */
  ...consumerGroupConfig('DELIVERY_CONSUMER_GROUP', 'services-catalog.deliveries'),
});

export type ServicesCatalogConfig = z.output<typeof servicesCatalogConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadServicesCatalogConfig(env: EnvSource = process.env): ServicesCatalogConfig {
  return loadServiceConfig(servicesCatalogConfigSchema, env);
}
