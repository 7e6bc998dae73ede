import { Module } from '@nestjs/common';
import { ChildrenLogModule, ChildrenModule } from '../children/children.module';
import { ChildIdentityReader } from './child-identity-reader';
import { IdNumberMatcher } from './id-number-matcher';
import { RegistryGrpcController } from './registry.grpc-controller';

/** registry.v1.RegistryService (gRPC side of the hybrid app). */
@Module({
  imports: [ChildrenModule, ChildrenLogModule],
  controllers: [RegistryGrpcController],
  providers: [IdNumberMatcher, ChildIdentityReader],
})
export class RegistryGrpcModule {}
