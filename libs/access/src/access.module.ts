import { Module } from '@nestjs/common';
import { CountyScopeGuard } from './county-scope.guard';

/**
 * Identity and access for an app. The Actor comes from request headers / gRPC metadata
 * (x-user-id, x-role, x-department, x-county-codes): a STAND-IN for the sign-in gateway of a
 * later wave, which will verify who the user is. Use `@UseGuards(CountyScopeGuard)` on
 * controllers and `@CurrentActor()` on handler parameters.
 */
@Module({
  providers: [CountyScopeGuard],
  exports: [CountyScopeGuard],
})
export class AccessModule {}
