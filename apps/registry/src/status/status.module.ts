import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChildrenModule } from '../children/children.module';
import { AdminController } from './admin.controller';
import { StatusRecomputationService } from './status-recomputation.service';
import { StatusScheduler } from './status-scheduler';

/** The daily recomputation of every due determination (job, scheduler, admin endpoint). */
@Module({
  imports: [ChildrenModule, AuthModule],
  controllers: [AdminController],
  providers: [StatusRecomputationService, StatusScheduler],
  exports: [StatusRecomputationService],
})
export class StatusModule {}
