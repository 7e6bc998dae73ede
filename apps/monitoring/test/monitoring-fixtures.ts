import {
  CatalogueEvents,
  DeliveryEvents,
  EducationEvents,
  GatewayEvents,
  RegistryEvents,
  common,
  type EventType,
} from '@care/contracts';
import { startTestService, testActorHeaders, type TestService } from '@care/service-kit/testing';
import { AppModule } from '../src/app.module';
import { loadMonitoringConfig, type MonitoringConfig } from '../src/config';

export type MonitoringTestApp = TestService<MonitoringConfig>;

/** Every event type monitoring consumes (what a test publishes as the other services would). */
export const CONSUMED_TYPES: readonly EventType<unknown>[] = [
  ...Object.values(RegistryEvents),
  CatalogueEvents.entitlementGranted,
  CatalogueEvents.entitlementWithdrawn,
  ...Object.values(DeliveryEvents),
  EducationEvents.enrolmentChanged,
  ...Object.values(GatewayEvents),
] as EventType<unknown>[];

/** Boots the real monitoring app; scans run only when a test calls them (the timer is an hour). */
export function startMonitoring(options: {
  name: string;
  today: string;
  topicSuffix?: string;
  dbName?: string;
  env?: Record<string, string>;
}): Promise<MonitoringTestApp> {
  return startTestService({
    name: `monitoring_${options.name}`,
    load: loadMonitoringConfig,
    module: (config, clock) => AppModule.forRoot(config, { clock }),
    grpcPackages: [],
    today: options.today,
    topicSuffix: options.topicSuffix,
    dbName: options.dbName,
    env: { ALERT_SCAN_INTERVAL_MS: '3600000', ...options.env },
  });
}

/** A city-level actor (the city's code) and a county actor. */
export const cityOfficer = testActorHeaders({ role: 'civil-affairs-officer', counties: '371700' });
export const countyOfficer = (county: string) =>
  testActorHeaders({ role: 'civil-affairs-officer', counties: county });

export const DELIVERED = common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED;
export const REFUSED = common.DeliveryOutcome.DELIVERY_OUTCOME_REFUSED;
export const HEALTH = common.Department.DEPARTMENT_HEALTH;
export const EDUCATION = common.Department.DEPARTMENT_EDUCATION_SPORTS;
