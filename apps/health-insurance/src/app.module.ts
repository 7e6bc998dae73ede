import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryEvents } from '@care/contracts';
import { DepartmentKitModule } from '@care/department-kit';
import { AuditModule, SealingModule, ServiceKitModule, type Clock } from '@care/service-kit';
import type { HealthInsuranceConfig } from './config';
import { ChildHealthModule } from './child-health/child-health.module';
import { FamilyDoctorModule } from './family-doctor/family-doctor.module';
import { ImmunisationModule } from './immunisation/immunisation.module';
import { MedicalInsuranceModule } from './medical-insurance/medical-insurance.module';
import { MENTAL_HEALTH_AUDIT_ACTIONS } from './mental-health/mental-health-access';
import { MentalHealthModule } from './mental-health/mental-health.module';
import { SEVERE_MENTAL_DISORDER_AUDIT_ACTIONS } from './severe-mental-disorder/severe-mental-disorder-access';
import { SevereMentalDisorderModule } from './severe-mental-disorder/severe-mental-disorder.module';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/** 卫生健康与医疗保障服务（市卫健委、市医保局）: the department kit plus this department's own domain modules (immunisation, resident medical insurance, mental-health referral with sealed free text and an audited trail of every read). */
@Module({})
export class AppModule {
  static forRoot(config: HealthInsuranceConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          config,
          clock: options.clock,
          produces: [DeliveryEvents['health-insurance']],
        }),
        DepartmentKitModule.forRoot({ deliveryEvent: DeliveryEvents['health-insurance'] }),
        SealingModule.forRoot(),
        AuditModule.forRoot({
          clock: options.clock,
          actions: [...MENTAL_HEALTH_AUDIT_ACTIONS, ...SEVERE_MENTAL_DISORDER_AUDIT_ACTIONS],
        }),
        ImmunisationModule,
        MedicalInsuranceModule,
        MentalHealthModule,
        SevereMentalDisorderModule,
        ChildHealthModule,
        FamilyDoctorModule,
      ],
    };
  }
}
