import { Module, type DynamicModule } from '@nestjs/common';
import { GatewayEvents } from '@care/contracts';
import { ServiceKitModule, type Clock } from '@care/service-kit';
import type { GatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/** 跨区域网关（居住地—户籍地推送与比对）: the service kit plus this service's own modules. */
@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ config, clock: options.clock, produces: Object.values(GatewayEvents) }),
        GatewayModule,
      ],
    };
  }
}
