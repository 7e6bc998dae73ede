import { Module } from '@nestjs/common';
import { CONFIG } from '@care/config';
import { registryClientModule } from '@care/department-kit';
import { EventsModule } from '@care/events';
import { MongoModule } from '@care/persistence';
import { auditChainKeyFromConfig, outboxRelayModule, SealingModule } from '@care/service-kit';
import { ComparisonTasksController } from './comparison/comparison-tasks.controller';
import { ComparisonTasksService } from './comparison/comparison-tasks.service';
import { LOCAL_RECORDS, LocalRecords, localRecordSchema } from './comparison/local-records';
import { ReconciliationController } from './comparison/reconciliation.controller';
import {
  RECONCILIATION_DIFFERENCES,
  RECONCILIATIONS,
  reconciliationDifferenceSchema,
  reconciliationSchema,
  ReconciliationService,
} from './comparison/reconciliation.service';
import type { GatewayConfig } from './config';
import { ExchangeServer } from './exchange/exchange-server';
import { ExchangeStatusController } from './exchange/exchange-status.controller';
import { MESSAGE_LOG, MESSAGE_LOG_KEY, MessageLog, messageLogSchema } from './exchange/message-log';
import {
  INCOMING_MESSAGES,
  RECEIVED_CHILDREN,
  ReceiverService,
  SEEN_TRANSMISSIONS,
} from './exchange/receiver.service';
import {
  COLLECTIONS,
  COMPARISON_TASKS,
  comparisonTaskSchema,
  EXCHANGE_CHILDREN,
  OUTGOING_MESSAGES,
  PARKED_CHANGES,
  exchangeChildSchema,
  incomingMessageSchema,
  outgoingMessageSchema,
  parkedChangeSchema,
  receivedChildSchema,
  seenTransmissionSchema,
} from './gateway.schemas';
import { gatewayIdentityProvider } from './identity.provider';
import { pushSubscriptions } from './push/push.consumer';
import { PushService } from './push/push.service';
import { SenderService } from './push/sender.service';
import { RegistryReader } from './registry-reader';
import { SeenTransmissionsPruner } from './exchange/seen-transmissions';

const models = MongoModule.forFeature([
  { name: EXCHANGE_CHILDREN, schema: exchangeChildSchema, collection: COLLECTIONS.exchangeChildren },
  { name: OUTGOING_MESSAGES, schema: outgoingMessageSchema, collection: COLLECTIONS.outgoing },
  { name: PARKED_CHANGES, schema: parkedChangeSchema, collection: COLLECTIONS.parked },
  { name: SEEN_TRANSMISSIONS, schema: seenTransmissionSchema, collection: COLLECTIONS.seen },
  { name: INCOMING_MESSAGES, schema: incomingMessageSchema, collection: COLLECTIONS.incoming },
  { name: RECEIVED_CHILDREN, schema: receivedChildSchema, collection: COLLECTIONS.received },
  { name: COMPARISON_TASKS, schema: comparisonTaskSchema, collection: COLLECTIONS.tasks },
  { name: MESSAGE_LOG, schema: messageLogSchema, collection: COLLECTIONS.messageLog },
  { name: LOCAL_RECORDS, schema: localRecordSchema, collection: COLLECTIONS.localRecords },
  { name: RECONCILIATIONS, schema: reconciliationSchema, collection: COLLECTIONS.reconciliations },
  {
    name: RECONCILIATION_DIFFERENCES,
    schema: reconciliationDifferenceSchema,
    collection: COLLECTIONS.reconciliationDifferences,
  },
]);

/** The gateway's core: identity, storage, the registry reader, the message log, push and receive. */
@Module({
  imports: [models, SealingModule.forRoot(), registryClientModule],
  providers: [
    gatewayIdentityProvider,
    {
      provide: MESSAGE_LOG_KEY,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) => auditChainKeyFromConfig(config),
    },
    MessageLog,
    RegistryReader,
    PushService,
    SenderService,
    ReceiverService,
    SeenTransmissionsPruner,
    ExchangeServer,
    ComparisonTasksService,
    LocalRecords,
    ReconciliationService,
  ],
  exports: [
    PushService,
    SenderService,
    ReceiverService,
    SeenTransmissionsPruner,
    ExchangeServer,
    MessageLog,
    ComparisonTasksService,
    ReconciliationService,
  ],
})
class GatewayCoreModule {}

/** 跨区域网关: push to hukou cities (residence side), receive and compare (hukou side), and the county offices' tasks. */
@Module({
  imports: [
    GatewayCoreModule,
    // The gateway's events ride in the documents they report (PushSent, PushReceipted, ComparisonTaskChanged).
    outboxRelayModule({ collections: [COLLECTIONS.outgoing, COLLECTIONS.tasks] }),
    EventsModule.forConsumers({
      imports: [GatewayCoreModule],
      inject: [PushService, SenderService, CONFIG],
      useFactory: (push: PushService, sender: SenderService, config: GatewayConfig) => ({
        consumers: [
          {
            groupId: config.PUSH_CONSUMER_GROUP,
            subscriptions: pushSubscriptions(push, () => sender.nudge()),
          },
        ],
      }),
    }),
  ],
  controllers: [ComparisonTasksController, ExchangeStatusController, ReconciliationController],
  exports: [GatewayCoreModule],
})
export class GatewayModule {}
