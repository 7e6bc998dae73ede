import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { AggregatesStoreModule } from '../aggregates/aggregates.module';
import { DAILY_COLLECTION, DAILY_MODEL, dailySchema } from './daily.schema';
import { KpisController } from './kpis.controller';
import { KpisService } from './kpis.service';
import { SnapshotsService } from './snapshots.service';

@Module({
  imports: [
    AggregatesStoreModule,
    MongoModule.forFeature([{ name: DAILY_MODEL, schema: dailySchema, collection: DAILY_COLLECTION }]),
  ],
  controllers: [KpisController],
  providers: [KpisService, SnapshotsService],
  exports: [SnapshotsService],
})
export class KpisModule {}
