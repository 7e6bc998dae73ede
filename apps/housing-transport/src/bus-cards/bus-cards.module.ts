import { Module } from '@nestjs/common';
import { CONFIG } from '@care/config';
import { EventsModule } from '@care/events';
import { MongoModule } from '@care/persistence';
import type { HousingTransportConfig } from '../config';
import { BUS_CARDS, BUS_CARDS_COLLECTION, busCardSchema } from './bus-card.schema';
import { BusCardsController } from './bus-cards.controller';
import { schoolingSubscriptions } from './bus-cards.consumer';
import { BusCardsService } from './bus-cards.service';
import { educationClientModule } from './education-client';

const models = MongoModule.forFeature([
  { name: BUS_CARDS, schema: busCardSchema, collection: BUS_CARDS_COLLECTION },
]);

@Module({
  imports: [models, educationClientModule],
  providers: [BusCardsService],
  exports: [BusCardsService],
})
class BusCardsCoreModule {}

/** 学生公交卡: the cards, their HTTP API and the consumer of education's enrolment changes. */
@Module({
  imports: [
    BusCardsCoreModule,
    EventsModule.forConsumers({
      imports: [BusCardsCoreModule],
      inject: [BusCardsService, CONFIG],
      useFactory: (cards: BusCardsService, config: HousingTransportConfig) => ({
        consumers: [
          { groupId: config.SCHOOLING_CONSUMER_GROUP, subscriptions: schoolingSubscriptions(cards) },
        ],
      }),
    }),
  ],
  controllers: [BusCardsController],
})
export class BusCardsModule {}
