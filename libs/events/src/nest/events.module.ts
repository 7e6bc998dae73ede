import type { EventType } from '@care/contracts';
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  InjectionToken,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  OptionalFactoryDependency,
  Provider,
} from '@nestjs/common';
import type { EventBroker } from '../broker';
import { EventConsumer, EventConsumerOptions } from '../consumer';
import { KafkaBrokerOptions, KafkaEventBroker } from '../kafka-broker';
import { EventsLogger, consoleLogger, errorFields } from '../logger';
import { OutboxRelay, OutboxRelayOptions } from '../outbox/relay';
import { EventPublisher, EventPublisherOptions } from '../publisher';

export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');
export const EVENT_BROKER = Symbol('EVENT_BROKER');

export interface EventsModuleOptions extends Omit<KafkaBrokerOptions, 'logger'> {
  /** The producing service's name, e.g. `registry`: the `producer` header of its events. */
  readonly producer: string;
  /** Batching, request timeout and the re-send deadline (`resend.deadlineMs`) of the publisher. */
  readonly publisher?: Omit<EventPublisherOptions, 'producer' | 'tracer' | 'newId' | 'logger'>;
  /** Topics this service produces, created at bootstrap when missing. */
  readonly produces?: readonly EventType<unknown>[];
  readonly topicPartitions?: number;
  readonly logger?: EventsLogger;
}

export interface EventsModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...deps: never[]) => EventsModuleOptions | Promise<EventsModuleOptions>;
}

export interface ConsumerDefinitions {
  readonly consumers?: readonly EventConsumerOptions[];
  readonly relays?: readonly OutboxRelayOptions[];
}

export interface ForConsumersOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...deps: never[]) => ConsumerDefinitions | Promise<ConsumerDefinitions>;
}

/**
 * Owns the running parts of the event backbone in a Nest app: consumers and outbox relays are
 * registered during module initialisation and started on application bootstrap (relays first, so
 * events written before a restart leave at once); on shutdown consumers stop first (they may
 * still dead-letter through the publisher), then relays, then the publisher flushes and closes.
 * Apps call `app.enableShutdownHooks()` so SIGTERM reaches this.
 */
@Injectable()
export class ConsumerRegistry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumerList: EventConsumer[] = [];
  private readonly relayList: OutboxRelay[] = [];
  private started = false;
  private readonly logger: EventsLogger;

  constructor(
    @Inject(EVENT_BROKER) private readonly broker: EventBroker,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(EVENTS_OPTIONS) private readonly options: EventsModuleOptions,
  ) {
    this.logger = options.logger ?? consoleLogger('warn', 'events');
  }

  get consumers(): readonly EventConsumer[] {
    return this.consumerList;
  }

  get relays(): readonly OutboxRelay[] {
    return this.relayList;
  }

  addConsumer(options: EventConsumerOptions): EventConsumer {
    const consumer = new EventConsumer(this.broker, this.publisher, {
      logger: this.options.logger,
      ...options,
    });
    this.consumerList.push(consumer);
    if (this.started)
      void consumer
        .start()
        .catch((error) =>
          this.logger.error({ groupId: consumer.groupId, ...errorFields(error) }, 'consumer failed to start'),
        );
    return consumer;
  }

  addRelay(options: OutboxRelayOptions): OutboxRelay {
    const relay = new OutboxRelay(this.publisher, { logger: this.options.logger, ...options });
    this.relayList.push(relay);
    if (this.started) relay.start();
    return relay;
  }

  /** Wakes every relay: call after a write that added outbox entries. */
  nudgeRelays(): void {
    for (const relay of this.relayList) relay.nudge();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.connect();
    if (this.options.produces?.length)
      await this.publisher.ensureTopics(this.options.produces, [], this.options.topicPartitions);
    for (const relay of this.relayList) relay.start();
    await Promise.all(this.consumerList.map((c) => c.start()));
    this.started = true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.started = false;
    await Promise.allSettled(this.consumerList.map((c) => c.stop()));
    await Promise.allSettled(this.relayList.map((r) => r.stop()));
    await this.publisher.close();
    await this.broker.close();
  }
}

const CONSUMER_DEFINITIONS = 'EVENTS_CONSUMER_DEFINITIONS';
let definitionCount = 0;

function coreProviders(): Provider[] {
  return [
    {
      provide: EVENT_BROKER,
      inject: [EVENTS_OPTIONS],
      useFactory: (o: EventsModuleOptions) => new KafkaEventBroker(o),
    },
    {
      provide: EventPublisher,
      inject: [EVENT_BROKER, EVENTS_OPTIONS],
      useFactory: (broker: EventBroker, o: EventsModuleOptions) =>
        new EventPublisher(broker, { ...o.publisher, producer: o.producer, logger: o.logger }),
    },
    ConsumerRegistry,
  ];
}

/**
 * `EventsModule.forRoot({ clientId, brokers, producer })` once in the app module (global: the
 * publisher and registry are injectable everywhere); `EventsModule.forConsumers(...)` in each
 * feature module that consumes events or relays an outbox.
 */
@Module({})
export class EventsModule {
  static forRoot(options: EventsModuleOptions): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [{ provide: EVENTS_OPTIONS, useValue: options }, ...coreProviders()],
      exports: [EVENT_BROKER, EventPublisher, ConsumerRegistry],
    };
  }

  static forRootAsync(options: EventsModuleAsyncOptions): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: EVENTS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...coreProviders(),
      ],
      exports: [EVENT_BROKER, EventPublisher, ConsumerRegistry],
    };
  }

  /** Registers consumers and relays built by the factory (which may inject, e.g., a connection). */
  static forConsumers(options: ForConsumersOptions): DynamicModule {
    const token = `${CONSUMER_DEFINITIONS}_${++definitionCount}`;
    return {
      module: EventsConsumersModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: token,
          inject: [ConsumerRegistry, ...(options.inject ?? [])],
          useFactory: async (registry: ConsumerRegistry, ...deps: never[]) => {
            const defs = await options.useFactory(...deps);
            return {
              consumers: (defs.consumers ?? []).map((c) => registry.addConsumer(c)),
              relays: (defs.relays ?? []).map((r) => registry.addRelay(r)),
            };
          },
        },
      ],
      exports: [token],
    };
  }
}

@Module({})
export class EventsConsumersModule {}
