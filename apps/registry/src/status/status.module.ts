import { Module } from '@nestjs/common';
import { AccessModule } from '@care/access';
import { ChildrenModule } from '../children/children.module';
import { AdminController } from './admin.controller';
import { StatusRecomputationService } from './status-recomputation.service';
import { StatusScheduler } from './status-scheduler';

/** The daily recomputation of every due determination (job, scheduler, admin endpoint). */
@Module({
  imports: [ChildrenModule, AccessModule],
  controllers: [AdminController],
  providers: [StatusRecomputationService, StatusScheduler],
  exports: [StatusRecomputationService],
})
export class StatusModule {}
