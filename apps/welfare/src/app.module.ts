import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryEvents } from '@care/contracts';
import { DepartmentKitModule } from '@care/department-kit';
import { AuditModule, SealingModule, ServiceKitModule, type Clock } from '@care/service-kit';
import type { WelfareConfig } from './config';
import { WELFARE_AUDIT_ACTIONS } from './case-reads';
import { AssistanceModule } from './assistance/assistance.module';
import { GuardianshipModule } from './guardianship/guardianship.module';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/** 社会救助与残疾人服务（市民政局、市残联）: the department kit plus this department's own domain modules: guardianship cases (监护缺失/监护不力 处置) and social-assistance applications (救助申请). */
@Module({})
export class AppModule {
  static forRoot(config: WelfareConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ config, clock: options.clock, produces: [DeliveryEvents.welfare] }),
        DepartmentKitModule.forRoot({ deliveryEvent: DeliveryEvents.welfare }),
        SealingModule.forRoot(),
        AuditModule.forRoot({ clock: options.clock, actions: WELFARE_AUDIT_ACTIONS }),
        GuardianshipModule,
        AssistanceModule,
      ],
    };
  }
}
