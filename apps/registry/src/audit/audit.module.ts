import { Global, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG } from '@care/config';
import { MONGO_CONNECTION } from '@care/persistence';
import { CLOCK } from '@care/service-kit';
import { AccessModule } from '@care/access';
import { auditChainKeyFromConfig, type PersonalDataKeyConfig } from '../personal-data/key-config';
import { AuditController } from './audit.controller';
import { AUDIT_STORE } from './audit-store';
import { AUDIT_CHAIN_KEY, AUDIT_CLOCK, AuditTrail, type Clock } from './audit-trail';
import { MongoAuditStore } from './mongo-audit-store';

export interface AuditModuleOptions {
  /** The provider token of the app's mongoose Connection; default @care/persistence MONGO_CONNECTION. */
  readonly connectionToken?: InjectionToken;
  /** The chain key; by default AUDIT_CHAIN_KEY of the app config (@care/config CONFIG). */
  readonly chainKey?: Buffer;
  /** Default: the app's CLOCK (src/clock.ts) when provided, else the system clock. */
  readonly clock?: Clock;
}

const systemClock: Clock = { now: () => new Date() };

/** Global: PersonalDataService and the national export inject AuditTrail wherever they are. */
@Global()
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions = {}): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      imports: [AccessModule],
      controllers: [AuditController],
      providers: [
        {
          provide: AUDIT_STORE,
          inject: [options.connectionToken ?? MONGO_CONNECTION],
          useFactory: async (connection: Connection) => {
            const store = new MongoAuditStore(connection);
            await store.ensureIndexes();
            return store;
          },
        },
        {
          provide: AUDIT_CHAIN_KEY,
          inject: [{ token: CONFIG, optional: true }],
          useFactory: (config: PersonalDataKeyConfig | undefined) => {
            if (options.chainKey !== undefined) return options.chainKey;
            if (config === undefined)
              throw new Error(
                'AuditModule: no chainKey option and no app config (CONFIG) to read AUDIT_CHAIN_KEY from',
              );
            return auditChainKeyFromConfig(config);
          },
        },
        {
          provide: AUDIT_CLOCK,
          inject: [{ token: CLOCK, optional: true }],
          useFactory: (appClock: Clock | undefined): Clock => options.clock ?? appClock ?? systemClock,
        },
        AuditTrail,
      ],
      exports: [AuditTrail],
    };
  }
}
