import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryEvents } from '@care/contracts';
import { DepartmentKitModule } from '@care/department-kit';
import { ServiceKitModule, type Clock } from '@care/service-kit';
import type { EducationConfig } from './config';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/** 教育服务（市教体局）: the department kit plus this department's own domain modules. */
@Module({})
export class AppModule {
  static forRoot(config: EducationConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ config, clock: options.clock, produces: [DeliveryEvents.education] }),
        DepartmentKitModule.forRoot({ deliveryEvent: DeliveryEvents.education }),
      ],
    };
  }
}
