import type { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import * as catalogue from './catalogue';
import * as common from './common';
import * as education from './education';
import * as gateway from './gateway';
import * as monitoring from './monitoring';
import * as registry from './registry';

/**
 * Every producing domain of the platform. Topic names follow
 * `<domain>.<entity>.<event>.v<N>` and are declared here once, so producers and consumers
 * cannot drift. Domains that have no events yet are listed so the scheme is fixed for them.
 */
export const DOMAINS = [
  'registry', // 民政 civil-affairs registry
  'services-catalog', // 服务清单 and entitlements
  'education', // 教体局
  'health-insurance', // 卫健委 and 医保局
  'welfare', // 民政 welfare, 残联
  'housing-transport', // 住建局 and 交通运输局
  'gateway', // cross-region push and comparison (户籍地)
  'monitoring', // city platform (市级大数据平台)
  'auth', // sign-in (统一登录): accounts, tokens; no events yet
] as const;
export type Domain = (typeof DOMAINS)[number];

/** The protobuf codec ts-proto generates for a message. */
export interface MessageCodec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
}

/** A kind of event: where it is published and how its value is encoded. */
export interface EventType<T> {
  readonly topic: string;
  readonly domain: Domain;
  readonly schemaVersion: number;
  readonly codec: MessageCodec<T>;
}

const TOPIC_PATTERN = /^[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\.v[1-9][0-9]*$/;

export function eventType<T>(
  domain: Domain,
  entity: string,
  event: string,
  schemaVersion: number,
  codec: MessageCodec<T>,
): EventType<T> {
  const topic = `${domain}.${entity}.${event}.v${schemaVersion}`;
  if (!TOPIC_PATTERN.test(topic))
    throw new Error(`topic name ${topic} breaks <domain>.<entity>.<event>.v<N>`);
  return { topic, domain, schemaVersion, codec };
}

export const RegistryEvents = {
  childRegistered: eventType('registry', 'child', 'registered', 1, registry.ChildRegistered),
  childUpdated: eventType('registry', 'child', 'updated', 1, registry.ChildUpdated),
  migrantStatusChanged: eventType(
    'registry',
    'child',
    'migrant-status-changed',
    1,
    registry.MigrantStatusChanged,
  ),
  childMovedOut: eventType('registry', 'child', 'moved-out', 1, registry.ChildMovedOut),
  keyCareEntryAdded: eventType('registry', 'key-care', 'added', 1, registry.KeyCareEntryChanged),
  keyCareEntryChanged: eventType('registry', 'key-care', 'changed', 1, registry.KeyCareEntryChanged),
  keyCareEntryClosed: eventType('registry', 'key-care', 'closed', 1, registry.KeyCareEntryClosed),
  visitPlanned: eventType('registry', 'visit', 'planned', 1, registry.VisitPlanned),
  visitRecorded: eventType('registry', 'visit', 'recorded', 1, registry.VisitRecorded),
  visitOverdue: eventType('registry', 'visit', 'overdue', 1, registry.VisitOverdue),
} as const;

export const CatalogueEvents = {
  listPublished: eventType(
    'services-catalog',
    'service-list',
    'published',
    1,
    catalogue.ServiceListPublished,
  ),
  entitlementGranted: eventType(
    'services-catalog',
    'entitlement',
    'granted',
    1,
    catalogue.EntitlementGranted,
  ),
  entitlementWithdrawn: eventType(
    'services-catalog',
    'entitlement',
    'withdrawn',
    1,
    catalogue.EntitlementWithdrawn,
  ),
} as const;

/**
 * The departments that deliver entitled services, each publishing what became of an item on
 * its own domain's topic with the one shared message (common.v1.ServiceDeliveryRecorded):
 * services-catalog subscribes to every entry here, so a department added to this table closes
 * gaps with no change in the catalogue.
 */
export const DeliveryEvents = {
  education: eventType('education', 'service-delivery', 'recorded', 1, common.ServiceDeliveryRecorded),
  'health-insurance': eventType(
    'health-insurance',
    'service-delivery',
    'recorded',
    1,
    common.ServiceDeliveryRecorded,
  ),
  welfare: eventType('welfare', 'service-delivery', 'recorded', 1, common.ServiceDeliveryRecorded),
  'housing-transport': eventType(
    'housing-transport',
    'service-delivery',
    'recorded',
    1,
    common.ServiceDeliveryRecorded,
  ),
} as const satisfies Partial<Record<Domain, EventType<common.ServiceDeliveryRecorded>>>;

export const EducationEvents = {
  deliveryRecorded: DeliveryEvents.education,
  enrolmentChanged: eventType('education', 'enrolment', 'changed', 1, education.EnrolmentChanged),
} as const;

/** The city monitoring platform's alerts (市级大数据监测平台 预警), keyed by county code. */
export const MonitoringEvents = {
  alertRaised: eventType('monitoring', 'alert', 'raised', 1, monitoring.AlertRaised),
} as const;

/**
 * The cross-region gateway's pushes, receipts and comparison tasks (跨区域网关), keyed by county
 * code: counts and ids for the city platform, no personal field.
 */
export const GatewayEvents = {
  pushSent: eventType('gateway', 'push', 'sent', 1, gateway.PushSent),
  pushReceipted: eventType('gateway', 'push', 'receipted', 1, gateway.PushReceipted),
  comparisonTaskChanged: eventType('gateway', 'comparison-task', 'changed', 1, gateway.ComparisonTaskChanged),
} as const;

/** Dead-letter topic for a consumer group: `<group>.dlq.v1` keeps poison messages with their error. */
export function deadLetterTopic(groupId: string): string {
  return `${groupId}.dlq.v1`;
}

export const ALL_EVENT_TYPES: readonly EventType<unknown>[] = [
  ...Object.values(RegistryEvents),
  ...Object.values(CatalogueEvents),
  ...Object.values(EducationEvents),
  ...Object.values(GatewayEvents),
  ...Object.values(MonitoringEvents),
] as EventType<unknown>[];
