import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { outboxRelayModule } from '@care/service-kit';
import { AggregatesStoreModule } from '../aggregates/aggregates.module';
import { AlertsController } from './alerts.controller';
import { ALERT_MODEL, ALERTS_COLLECTION, alertSchema } from './alerts.schema';
import { AlertsService } from './alerts.service';

/** 预警: rules evaluated on the aggregates, the alerts' store and the relay of their AlertRaised events. */
@Module({
  imports: [
    AggregatesStoreModule,
    MongoModule.forFeature([{ name: ALERT_MODEL, schema: alertSchema, collection: ALERTS_COLLECTION }]),
    outboxRelayModule({ collections: [ALERTS_COLLECTION] }),
  ],
  controllers: [AlertsController],
  providers: [AlertsService],
  exports: [AlertsService],
})
export class AlertsModule {}
