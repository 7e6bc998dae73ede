import { Module } from '@nestjs/common';
import { ChildrenLogModule, ChildrenModule } from '../children/children.module';
import { RegistryGrpcController } from './registry.grpc-controller';

/** registry.v1.RegistryService (gRPC side of the hybrid app). */
@Module({
  imports: [ChildrenModule, ChildrenLogModule],
  controllers: [RegistryGrpcController],
})
export class RegistryGrpcModule {}
