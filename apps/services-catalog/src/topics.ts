import { CatalogueEvents, RegistryEvents, type EventType } from '@care/contracts';
import { Inject } from '@nestjs/common';

/**
 * The event types this service reads and writes. Normally the contracts' own; with
 * EVENT_TOPIC_SUFFIX set (tests on a shared broker) every topic gets the suffix, so a run
 * neither reads other runs' registry events nor writes into the real catalogue topics.
 */
export interface CatalogueTopics {
  readonly childRegistered: typeof RegistryEvents.childRegistered;
  readonly childUpdated: typeof RegistryEvents.childUpdated;
  readonly migrantStatusChanged: typeof RegistryEvents.migrantStatusChanged;
  readonly childMovedOut: typeof RegistryEvents.childMovedOut;
  readonly listPublished: typeof CatalogueEvents.listPublished;
  readonly entitlementGranted: typeof CatalogueEvents.entitlementGranted;
  readonly entitlementWithdrawn: typeof CatalogueEvents.entitlementWithdrawn;
}

export const CATALOGUE_TOPICS = Symbol.for('care.services-catalog.topics');
export const InjectTopics = (): PropertyDecorator & ParameterDecorator => Inject(CATALOGUE_TOPICS);

function suffixed<T>(type: EventType<T>, suffix: string): EventType<T> {
  return suffix === '' ? type : { ...type, topic: `${type.topic}.${suffix}` };
}

export function catalogueTopics(suffix = ''): CatalogueTopics {
  return {
    childRegistered: suffixed(RegistryEvents.childRegistered, suffix),
    childUpdated: suffixed(RegistryEvents.childUpdated, suffix),
    migrantStatusChanged: suffixed(RegistryEvents.migrantStatusChanged, suffix),
    childMovedOut: suffixed(RegistryEvents.childMovedOut, suffix),
    listPublished: suffixed(CatalogueEvents.listPublished, suffix),
    entitlementGranted: suffixed(CatalogueEvents.entitlementGranted, suffix),
    entitlementWithdrawn: suffixed(CatalogueEvents.entitlementWithdrawn, suffix),
  };
}

/** The topics this service produces (created at boot when missing). */
export function producedTopics(topics: CatalogueTopics): EventType<unknown>[] {
  return [
    topics.listPublished,
    topics.entitlementGranted,
    topics.entitlementWithdrawn,
  ] as EventType<unknown>[];
}
