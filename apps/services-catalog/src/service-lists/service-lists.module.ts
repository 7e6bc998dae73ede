import { AccessModule } from '@care/access';
import { MongoModule } from '@care/persistence';
import { Module } from '@nestjs/common';
import { ListActivationSignal } from './list-activation.signal';
import { PublicListController } from './public-list.controller';
import { SERVICE_LISTS, serviceListSchema } from './service-list.schema';
import { ServiceListRepository } from './service-list.repository';
import { ServiceListsController } from './service-lists.controller';
import { ServiceListsService } from './service-lists.service';

@Module({
  imports: [AccessModule, MongoModule.forFeature([{ name: SERVICE_LISTS, schema: serviceListSchema }])],
  controllers: [ServiceListsController, PublicListController],
  providers: [ServiceListRepository, ServiceListsService, ListActivationSignal],
  exports: [ServiceListRepository, ServiceListsService, ListActivationSignal],
})
export class ServiceListsModule {}
