import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { SchoolsModule } from '../schools/schools.module';
import { awardSchema, STUDENT_AID_AWARDS, STUDENT_AID_AWARDS_COLLECTION } from './award.schema';
import { StudentAidController } from './student-aid.controller';
import { StudentAidService } from './student-aid.service';

/** 学生资助: awards per child, benefit and school year, each recorded as its item's delivery. */
@Module({
  imports: [
    EnrolmentsModule,
    SchoolsModule,
    MongoModule.forFeature([
      { name: STUDENT_AID_AWARDS, schema: awardSchema, collection: STUDENT_AID_AWARDS_COLLECTION },
    ]),
  ],
  controllers: [StudentAidController],
  providers: [StudentAidService],
})
export class StudentAidModule {}
