import { z } from 'zod';
import type { EnvSource } from '@care/config';
import { consumerGroupConfig, loadServiceConfig, serviceKitConfig } from '@care/service-kit';

export const monitoringConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'monitoring',
    httpPort: 3108,
    grpcBind: '127.0.0.1:50108',
    database: 'monitoring',
  }),
  /** The city this platform monitors (市级): its code is the top of city → county → township. */
  CITY_CODE: z
    .string()
    .regex(/^[0-9]{4}00$/, '须为6位市级行政区划代码（末两位为00） / must be a 6-digit city code')
    .default('371700'),
  /** 服务缺口超期预警: an entitlement still open this many days after its grant raises an alert. */
  GAP_ALERT_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** 走访逾期预警: a county with at least this many overdue visits raises an alert. */
  VISITS_OVERDUE_ALERT_MIN: z.coerce.number().int().min(1).max(100_000).default(1),
  /** 比对任务逾期预警: a county with at least this many comparison tasks open past their due day raises an alert. */
  COMPARISON_OVERDUE_ALERT_MIN: z.coerce.number().int().min(1).max(100_000).default(1),
  /** How often (ms) alerts are evaluated, raised (published) and cleared, and daily snapshots written. */
  ALERT_SCAN_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** Partitions each consumer handles at once (one child's events stay in order within a partition). */
  CONSUMER_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(6),
  /** Consumer group of the registry's facts, ledger and visits. */
  ...consumerGroupConfig('REGISTRY_CONSUMER_GROUP', 'monitoring.registry'),
  /** Consumer group of the catalogue's entitlements, the departments' deliveries and education's enrolments. */
  ...consumerGroupConfig('SERVICES_CONSUMER_GROUP', 'monitoring.services'),
});

export type MonitoringConfig = z.output<typeof monitoringConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadMonitoringConfig(env: EnvSource = process.env): MonitoringConfig {
  return loadServiceConfig(monitoringConfigSchema, env);
}
