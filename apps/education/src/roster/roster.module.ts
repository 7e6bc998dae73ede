import { Module } from '@nestjs/common';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { SchoolsModule } from '../schools/schools.module';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';

/** 学籍名单导入: rosters matched to the registry's children by ID number, stored as enrolments. */
@Module({
  imports: [SchoolsModule, EnrolmentsModule],
  controllers: [RosterController],
  providers: [RosterService],
})
export class RosterModule {}
