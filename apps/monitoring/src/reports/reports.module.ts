import { Module } from '@nestjs/common';
import { AggregatesStoreModule } from '../aggregates/aggregates.module';
import { AlertsModule } from '../alerts/alerts.module';
import { KpisModule } from '../kpis/kpis.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [AggregatesStoreModule, KpisModule, AlertsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
