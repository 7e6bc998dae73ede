// The platform's deployment topology, derived from the code rather than typed again: topics and
// their producing domain from the topic registry (libs/contracts), consumer groups from each
// app's config schema (*_CONSUMER_GROUP) and the subscriptions its modules wire to each group,
// gRPC peers from *_GRPC_ADDRESS, production-required settings from the app's own loader; the web
// UI's upstream services from its proxy routes (apps/web/server/config.ts).
// `generate-kafka-resources.ts` writes it to the Helm chart (files/event-topology.json), from
// which the chart renders every KafkaTopic, KafkaUser ACL and NetworkPolicy.
import { join } from 'node:path';
import type { z } from 'zod';
import * as contracts from '@care/contracts';
import { RegistryEvents, deadLetterTopic, type Domain, type EventType } from '@care/contracts';
import { ConfigError, loadConfig } from '@care/config';
import {
  entitlementSubscriptions,
  registrySubscriptions as factsSubscriptions,
} from '../../libs/department-kit/src/consumers';
import { authConfigSchema } from '../../apps/auth/src/config';
import { educationConfigSchema } from '../../apps/education/src/config';
import { moveOutSubscriptions as educationMoveOut } from '../../apps/education/src/enrolments/move-out.consumer';
import { gatewayConfigSchema } from '../../apps/gateway/src/config';
import { pushSubscriptions } from '../../apps/gateway/src/push/push.consumer';
import { healthInsuranceConfigSchema } from '../../apps/health-insurance/src/config';
import { moveOutSubscriptions as familyDoctorMoveOut } from '../../apps/health-insurance/src/family-doctor/move-out.consumer';
import { housingTransportConfigSchema } from '../../apps/housing-transport/src/config';
import { schoolingSubscriptions } from '../../apps/housing-transport/src/bus-cards/bus-cards.consumer';
import { monitoringConfigSchema } from '../../apps/monitoring/src/config';
import {
  gatewaySubscriptions,
  registrySubscriptions as monitoringRegistry,
  serviceSubscriptions,
} from '../../apps/monitoring/src/aggregates/consumers';
import { registryConfigSchema } from '../../apps/registry/src/config';
import { servicesCatalogConfigSchema } from '../../apps/services-catalog/src/config';
import { deliverySubscriptions } from '../../apps/services-catalog/src/entitlements/delivery-events';
import { registrySubscriptions as catalogueRegistry } from '../../apps/services-catalog/src/entitlements/registry-events';
import { welfareConfigSchema } from '../../apps/welfare/src/config';
import { UPSTREAMS, UPSTREAM_NAMES, webConfigSchema, type UpstreamName } from '../../apps/web/server/config';
import { moveOutSubscriptions as assistanceMoveOut } from '../../apps/welfare/src/assistance/move-out.consumer';

/** Where the generator writes the topology, inside the chart. */
export const TOPOLOGY_FILE = join(__dirname, '../../deploy/helm/care-platform/files/event-topology.json');

/** The deployable services: one app per domain (apps/<domain>); a domain without an app yet has none. */
export const SERVICES = [
  'registry',
  'services-catalog',
  'education',
  'health-insurance',
  'welfare',
  'housing-transport',
  'gateway',
  'monitoring',
  'auth',
] as const satisfies readonly Domain[];
export type ServiceName = (typeof SERVICES)[number];

type Subscribed = readonly { readonly topic: string }[];
/** A subscription factory only builds closures over its handler argument; nothing is called. */
const unused = {} as never;

/** Each app's config schema (the source of its consumer groups, gRPC peers and required settings). */
export const CONFIG_SCHEMAS: Record<ServiceName, z.AnyZodObject> = {
  registry: registryConfigSchema,
  'services-catalog': servicesCatalogConfigSchema,
  education: educationConfigSchema,
  'health-insurance': healthInsuranceConfigSchema,
  welfare: welfareConfigSchema,
  'housing-transport': housingTransportConfigSchema,
  gateway: gatewayConfigSchema,
  monitoring: monitoringConfigSchema,
  auth: authConfigSchema,
};

/**
 * Which subscriptions each consumer-group setting of an app carries, as its modules wire them
 * (grep `groupId:` in apps/<svc>/src and libs/department-kit). The test fails when an app gains
 * a *_CONSUMER_GROUP setting missing here, so a new consumer cannot go undeployed.
 */
export const CONSUMER_WIRING: Record<ServiceName, Record<string, () => Subscribed>> = {
  // apps/registry/src/key-care/follow-children.module.ts wires its one subscription inline.
  registry: { KEY_CARE_CONSUMER_GROUP: () => [RegistryEvents.childMovedOut] },
  'services-catalog': {
    REGISTRY_CONSUMER_GROUP: () => catalogueRegistry(unused),
    DELIVERY_CONSUMER_GROUP: () => deliverySubscriptions(unused),
  },
  education: {
    FACTS_CONSUMER_GROUP: () => factsSubscriptions(unused),
    ENTITLEMENTS_CONSUMER_GROUP: () => entitlementSubscriptions(unused),
    MOVE_OUT_CONSUMER_GROUP: () => educationMoveOut(unused),
  },
  'health-insurance': {
    FACTS_CONSUMER_GROUP: () => factsSubscriptions(unused),
    ENTITLEMENTS_CONSUMER_GROUP: () => entitlementSubscriptions(unused),
    FAMILY_DOCTOR_MOVE_OUT_CONSUMER_GROUP: () => familyDoctorMoveOut(unused),
  },
  welfare: {
    FACTS_CONSUMER_GROUP: () => factsSubscriptions(unused),
    ENTITLEMENTS_CONSUMER_GROUP: () => entitlementSubscriptions(unused),
    MOVE_OUT_CONSUMER_GROUP: () => assistanceMoveOut(unused),
  },
  'housing-transport': {
    FACTS_CONSUMER_GROUP: () => factsSubscriptions(unused),
    ENTITLEMENTS_CONSUMER_GROUP: () => entitlementSubscriptions(unused),
    SCHOOLING_CONSUMER_GROUP: () => schoolingSubscriptions(unused),
  },
  gateway: { PUSH_CONSUMER_GROUP: () => pushSubscriptions(unused) },
  monitoring: {
    REGISTRY_CONSUMER_GROUP: () => [...monitoringRegistry(unused), ...gatewaySubscriptions(unused)],
    SERVICES_CONSUMER_GROUP: () => serviceSubscriptions(unused),
  },
  auth: {},
};

export interface ConsumerGroup {
  readonly setting: string;
  readonly group: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic: string;
}

export interface ServiceTopology {
  readonly database: string;
  /** Services whose gRPC server this one calls (from its *_GRPC_ADDRESS settings). */
  readonly grpcPeers: readonly ServiceName[];
  /** Services that call this one's gRPC server. */
  readonly grpcClients: readonly ServiceName[];
  readonly produces: readonly string[];
  readonly consumerGroups: readonly ConsumerGroup[];
  /** Settings the app refuses to boot without in production (its own loader says which). */
  readonly productionRequired: readonly string[];
}

export interface TopicTopology {
  readonly name: string;
  readonly kind: 'event' | 'dead-letter';
  readonly producers: readonly ServiceName[];
  readonly consumers: readonly { readonly service: ServiceName; readonly group: string }[];
}

/**
 * The service each of the web UI's proxy routes (`/api/<name>/...`, apps/web/server/config.ts
 * UPSTREAMS) reaches. Typed here because the route names are the UI's (`catalogue`), not always the
 * app's; the Record makes a new route without its service a compile error.
 */
export const WEB_UPSTREAM_SERVICES: Record<UpstreamName, ServiceName> = {
  auth: 'auth',
  registry: 'registry',
  catalogue: 'services-catalog',
  education: 'education',
  'health-insurance': 'health-insurance',
  welfare: 'welfare',
  'housing-transport': 'housing-transport',
  gateway: 'gateway',
  monitoring: 'monitoring',
};

export interface WebUpstream {
  /** The proxy route, `/api/<route>/...`. */
  readonly route: UpstreamName;
  /** The web server's setting holding the service's base URL. */
  readonly setting: string;
  readonly service: ServiceName;
}

/** The department web UI (apps/web): not a domain service; reaches the services' HTTP only. */
export interface WebTopology {
  readonly upstreams: readonly WebUpstream[];
  /** The services it reaches (egress), each once. */
  readonly services: readonly ServiceName[];
  readonly productionRequired: readonly string[];
}

export interface Topology {
  readonly services: Record<ServiceName, ServiceTopology>;
  readonly topics: readonly TopicTopology[];
  readonly web: WebTopology;
}

export function deriveWebTopology(): WebTopology {
  const upstreams = UPSTREAM_NAMES.map((route) => ({
    route,
    setting: UPSTREAMS[route].env,
    service: WEB_UPSTREAM_SERVICES[route],
  }));
  return {
    upstreams,
    services: sorted(upstreams.map((u) => u.service)),
    productionRequired: productionRequiredSettings(webConfigSchema),
  };
}

function isEventType(value: unknown): value is EventType<unknown> {
  const v = value as Partial<EventType<unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.topic === 'string' &&
    typeof v.domain === 'string' &&
    typeof v.codec === 'object'
  );
}

/** Every event type the contracts library exports, in any `*Events` table (ALL_EVENT_TYPES misses some). */
export function registryEventTypes(): EventType<unknown>[] {
  const byTopic = new Map<string, EventType<unknown>>();
  for (const value of Object.values(contracts)) {
    const candidates = Array.isArray(value)
      ? value
      : typeof value === 'object' && value
        ? Object.values(value)
        : [];
    for (const c of candidates) if (isEventType(c)) byTopic.set(c.topic, c);
  }
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}

const sorted = <T extends string>(values: Iterable<T>): T[] => [...new Set(values)].sort();

function isService(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}

/** `EDUCATION_GRPC_ADDRESS` -> `education`. */
export function grpcPeerOf(setting: string): ServiceName {
  const peer = setting
    .replace(/_GRPC_ADDRESS$/, '')
    .toLowerCase()
    .replace(/_/g, '-');
  if (!isService(peer)) throw new Error(`${setting}: 不是平台服务 / names no platform service (${peer})`);
  return peer;
}

export function productionRequiredSettings(schema: z.AnyZodObject): string[] {
  try {
    loadConfig(schema, { NODE_ENV: 'production' });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return sorted(error.problems.map((p) => p.slice(0, p.indexOf(':'))));
  }
}

export function deriveTopology(): Topology {
  const events = registryEventTypes();
  const homeless = events.filter((e) => !isService(e.domain)).map((e) => e.topic);
  if (homeless.length > 0)
    throw new Error(
      `topics of a domain with no deployed service (add it to SERVICES): ${homeless.join(', ')}`,
    );
  const services = {} as Record<ServiceName, ServiceTopology>;
  const peers = new Map<ServiceName, ServiceName[]>();
  for (const name of SERVICES) {
    const schema = CONFIG_SCHEMAS[name];
    const settings = Object.keys(schema.shape);
    peers.set(name, sorted(settings.filter((s) => s.endsWith('_GRPC_ADDRESS')).map(grpcPeerOf)));
  }
  for (const name of SERVICES) {
    const schema = CONFIG_SCHEMAS[name];
    const dev = loadConfig(schema, {}) as Record<string, unknown>;
    const wiring = CONSUMER_WIRING[name];
    const groupSettings = Object.keys(schema.shape).filter((s) => s.endsWith('_CONSUMER_GROUP'));
    const unwired = groupSettings.filter((s) => wiring[s] === undefined);
    const stale = Object.keys(wiring).filter((s) => !groupSettings.includes(s));
    if (unwired.length > 0 || stale.length > 0)
      throw new Error(
        `${name}: consumer groups of the config (${groupSettings.join(', ')}) and CONSUMER_WIRING (${Object.keys(wiring).join(', ')}) differ`,
      );
    services[name] = {
      database: String(dev.MONGODB_DATABASE),
      grpcPeers: peers.get(name) ?? [],
      grpcClients: SERVICES.filter((other) => peers.get(other)?.includes(name)),
      produces: events.filter((e) => e.domain === name).map((e) => e.topic),
      consumerGroups: groupSettings.sort().map((setting) => {
        const group = String(dev[setting]);
        return {
          setting,
          group,
          topics: sorted(wiring[setting]().map((s) => s.topic)),
          deadLetterTopic: deadLetterTopic(group),
        };
      }),
      productionRequired: productionRequiredSettings(schema),
    };
  }
  const topics: TopicTopology[] = events.map((e) => ({
    name: e.topic,
    kind: 'event',
    producers: [e.domain as ServiceName],
    consumers: SERVICES.flatMap((service) =>
      services[service].consumerGroups
        .filter((g) => g.topics.includes(e.topic))
        .map((g) => ({ service, group: g.group })),
    ),
  }));
  for (const service of SERVICES)
    for (const g of services[service].consumerGroups)
      topics.push({ name: g.deadLetterTopic, kind: 'dead-letter', producers: [service], consumers: [] });
  const known = new Set(topics.map((t) => t.name));
  for (const service of SERVICES)
    for (const g of services[service].consumerGroups)
      for (const t of g.topics)
        if (!known.has(t))
          throw new Error(`${service} ${g.group} subscribes to ${t}, which no registry entry declares`);
  return { services, topics: topics.sort((a, b) => a.name.localeCompare(b.name)), web: deriveWebTopology() };
}
