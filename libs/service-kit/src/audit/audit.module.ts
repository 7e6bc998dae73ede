import { Global, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG } from '@care/config';
import { MONGO_CONNECTION } from '@care/persistence';
import { CLOCK, systemClock, type Clock } from '../clock';
import { auditChainKeyFromConfig, type AuditChainKeyConfig } from './audit-chain-key';
import { AUDIT_STORE } from './audit-store';
import { AUDIT_CHAIN_KEY, AUDIT_CLOCK, AuditTrail } from './audit-trail';
import { MongoAuditStore } from './mongo-audit-store';

export interface AuditModuleOptions {
  /** The provider token of the app's mongoose Connection; default @care/persistence MONGO_CONNECTION. */
  readonly connectionToken?: InjectionToken;
  /** The chain key; by default AUDIT_CHAIN_KEY of the app config (@care/config CONFIG, auditChainKeyConfig). */
  readonly chainKey?: Buffer;
  /** Default: the app's CLOCK when provided, else the system clock. */
  readonly clock?: Clock;
  /** The actions this service records; the store refuses any other. Default: any string. */
  readonly actions?: readonly string[];
}

/**
 * Global: the service's AuditTrail, injectable wherever a read must be recorded. The auditors'
 * HTTP endpoint is the service's own (the registry's AuditController), since who may read the
 * trail and how it is filtered is the service's decision.
 */
@Global()
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions = {}): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      providers: [
        {
          provide: AUDIT_STORE,
          inject: [options.connectionToken ?? MONGO_CONNECTION],
          useFactory: async (connection: Connection) => {
            const store = new MongoAuditStore(connection, { actions: options.actions });
            await store.ensureIndexes();
            return store;
          },
        },
        {
          provide: AUDIT_CHAIN_KEY,
          inject: [{ token: CONFIG, optional: true }],
          useFactory: (config: AuditChainKeyConfig | undefined) => {
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
