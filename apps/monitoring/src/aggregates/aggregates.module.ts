import { Module } from '@nestjs/common';
import { EventsModule } from '@care/events';
import { MongoModule } from '@care/persistence';
import { CONFIG } from '@care/config';
import type { MonitoringConfig } from '../config';
import { gatewaySubscriptions, registrySubscriptions, serviceSubscriptions } from './consumers';
import {
  PROJECTION_COLLECTIONS,
  PROJECTION_KINDS,
  PROJECTION_MODELS,
  PROJECTION_SCHEMAS,
} from './projection.schema';
import { ProjectionRepository } from './projection.repository';
import { ProjectionService } from './projection.service';

/**
 * The filtering projection and the aggregates: two consumer groups (the registry; the catalogue,
 * the departments and education), the per-record states and the in-memory counters.
 */
@Module({
  imports: [
    MongoModule.forFeature(
      PROJECTION_KINDS.map((kind) => ({
        name: PROJECTION_MODELS[kind],
        schema: PROJECTION_SCHEMAS[kind],
        collection: PROJECTION_COLLECTIONS[kind],
      })),
    ),
  ],
  providers: [ProjectionRepository, ProjectionService],
  exports: [ProjectionService],
})
export class AggregatesStoreModule {}

@Module({
  imports: [
    AggregatesStoreModule,
    EventsModule.forConsumers({
      imports: [AggregatesStoreModule],
      inject: [ProjectionService, CONFIG],
      useFactory: (projection: ProjectionService, config: MonitoringConfig) => ({
        consumers: [
          {
            groupId: config.REGISTRY_CONSUMER_GROUP,
            subscriptions: [...registrySubscriptions(projection), ...gatewaySubscriptions(projection)],
            partitionsConsumedConcurrently: config.CONSUMER_PARTITIONS_CONCURRENTLY,
          },
          {
            groupId: config.SERVICES_CONSUMER_GROUP,
            subscriptions: serviceSubscriptions(projection),
            partitionsConsumedConcurrently: config.CONSUMER_PARTITIONS_CONCURRENTLY,
          },
        ],
      }),
    }),
  ],
  exports: [AggregatesStoreModule],
})
export class AggregatesModule {}
