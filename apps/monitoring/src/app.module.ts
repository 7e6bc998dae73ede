import { Module, type DynamicModule } from '@nestjs/common';
import { MonitoringEvents } from '@care/contracts';
import { ServiceKitModule, type Clock } from '@care/service-kit';
import { AggregatesModule } from './aggregates/aggregates.module';
import { AlertsModule } from './alerts/alerts.module';
import type { MonitoringConfig } from './config';
import { KpisModule } from './kpis/kpis.module';
import { ReportsModule } from './reports/reports.module';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/** 市级大数据监测平台: the service kit plus the aggregates, KPIs and stream, alerts and the supervision report. */
@Module({})
export class AppModule {
  static forRoot(config: MonitoringConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ config, clock: options.clock, produces: Object.values(MonitoringEvents) }),
        AggregatesModule,
        KpisModule,
        AlertsModule,
        ReportsModule,
      ],
    };
  }
}
