import { Module } from '@nestjs/common';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { ServiceListsModule } from '../service-lists/service-lists.module';
import { CatalogueGrpcController } from './catalogue.grpc-controller';

@Module({
  imports: [ServiceListsModule, EntitlementsModule],
  controllers: [CatalogueGrpcController],
})
export class CatalogueGrpcModule {}
