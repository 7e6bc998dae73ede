import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryEvents } from '@care/contracts';
import { DepartmentKitModule } from '@care/department-kit';
import { ServiceKitModule, type Clock } from '@care/service-kit';
import { BusCardsModule } from './bus-cards/bus-cards.module';
import type { HousingTransportConfig } from './config';
import { HousingModule } from './housing/housing.module';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/** 住房与交通服务（市住建局、市交通运输局）: the department kit plus this department's own domain modules. */
@Module({})
export class AppModule {
  static forRoot(config: HousingTransportConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          config,
          clock: options.clock,
          produces: [DeliveryEvents['housing-transport']],
        }),
        DepartmentKitModule.forRoot({ deliveryEvent: DeliveryEvents['housing-transport'] }),
        BusCardsModule,
        HousingModule,
      ],
    };
  }
}
