import type {
  DynamicModule,
  InjectionToken,
  ModuleMetadata,
  OptionalFactoryDependency,
} from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG } from '@care/config';
import { EmbeddedOutbox, EventsModule, type OutboxRelayOptions } from '@care/events';
import { MONGO_CONNECTION, nativeCollection } from '@care/persistence';

export interface OutboxRelaySetup {
  /** The collections whose documents carry an embedded outbox (a change and its events, one write). */
  readonly collections: readonly string[];
  /** Documents read per round (default 500: the relay acknowledges them concurrently, pool-bounded). */
  readonly batchSize?: number;
  /** For `tuning`'s dependencies. */
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  /** More relay options from injected providers (e.g. an `onPublished` hook). */
  readonly tuning?: (...deps: never[]) => Partial<Omit<OutboxRelayOptions, 'sources'>>;
}

/**
 * One outbox relay over the embedded outboxes of these collections, polling every
 * OUTBOX_POLL_MS of the app's config: it publishes pending events and then removes them, so a
 * crash in between re-sends (consumers de-duplicate) and loses nothing. Import it in the
 * feature module that owns the collections.
 */
export function outboxRelayModule(setup: OutboxRelaySetup): DynamicModule {
  return EventsModule.forConsumers({
    imports: setup.imports,
    inject: [MONGO_CONNECTION, { token: CONFIG, optional: true }, ...(setup.inject ?? [])],
    useFactory: (
      connection: Connection,
      config: { OUTBOX_POLL_MS?: number } | undefined,
      ...deps: never[]
    ) => ({
      relays: [
        {
          sources: setup.collections.map(
            (name) => new EmbeddedOutbox(nativeCollection(connection, name), name),
          ),
          pollIntervalMs: config?.OUTBOX_POLL_MS ?? 200,
          batchSize: setup.batchSize ?? 500,
          ...setup.tuning?.(...deps),
        },
      ],
    }),
  });
}
