import { Module } from '@nestjs/common';
import { RegistryEvents } from '@care/contracts';
import { CONFIG } from '@care/config';
import { EventsModule, handle, NonRetryableError } from '@care/events';
import type { RegistryConfig } from '../config';
import { KeyCareService } from './key-care.service';

/**
 * The key-care ledger consuming the registry's own ChildMovedOut events (its own consumer group,
 * KEY_CARE_CONSUMER_GROUP), so a child's entry closes minutes, not a day, after the move-out.
 * Imported by the app module; KeyCareModule (global) provides KeyCareService. Status changes
 * (turning 16, the 6-month mark) happen at day granularity and are followed by the daily job.
 */
@Module({
  imports: [
    EventsModule.forConsumers({
      inject: [KeyCareService, CONFIG],
      useFactory: (keyCare: KeyCareService, config: RegistryConfig) => ({
        consumers: [
          {
            groupId: config.KEY_CARE_CONSUMER_GROUP,
            subscriptions: [
              handle(RegistryEvents.childMovedOut, async (event) => {
                const facts = event.message.facts;
                // A breach of the contract goes to the dead-letter topic at once: a retry cannot fix it.
                if (facts === undefined || facts.childId === '' || facts.residenceCountyCode === '')
                  throw new NonRetryableError(
                    `${event.topic}: facts.child_id and facts.residence_county_code are required`,
                  );
                await keyCare.followMoveOut(facts.residenceCountyCode, facts.childId);
              }),
            ],
          },
        ],
      }),
    }),
  ],
})
export class KeyCareFollowsChildrenModule {}
