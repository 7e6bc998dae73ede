import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryEvents, EducationEvents } from '@care/contracts';
import { DepartmentKitModule } from '@care/department-kit';
import { ServiceKitModule, type Clock } from '@care/service-kit';
import type { EducationConfig } from './config';
import { ENROLMENTS_COLLECTION } from './enrolments/enrolment.schema';
import { EnrolmentsModule } from './enrolments/enrolments.module';
import { RosterModule } from './roster/roster.module';
import { SchoolsModule } from './schools/schools.module';
import { StudentAidModule } from './student-aid/student-aid.module';
import { ExamEligibilityModule } from './exam-eligibility/exam-eligibility.module';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/** 教育服务（市教体局）: the department kit plus this department's own domain: the school list and enrolments (学籍), answered over gRPC too. */
@Module({})
export class AppModule {
  static forRoot(config: EducationConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          config,
          clock: options.clock,
          produces: [DeliveryEvents.education, EducationEvents.enrolmentChanged],
        }),
        DepartmentKitModule.forRoot({
          deliveryEvent: DeliveryEvents.education,
          outboxCollections: [ENROLMENTS_COLLECTION],
        }),
        SchoolsModule,
        EnrolmentsModule,
        RosterModule,
        StudentAidModule,
        ExamEligibilityModule,
      ],
    };
  }
}
