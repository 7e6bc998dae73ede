import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule, SealingModule, ServiceKitModule, type Clock } from '@care/service-kit';
import { AUTH_AUDIT_ACTIONS } from './audit/auth-audit-actions';
import { AuthModule } from './auth.module';
import type { AuthConfig } from './config';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/**
 * 统一登录与身份认证: the service kit, sealing (TOTP secrets, private signing keys), the audit trail
 * of every sign-in and administrator's change, and the sign-in module.
 */
@Module({})
export class AppModule {
  static forRoot(config: AuthConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ config, clock: options.clock }),
        SealingModule.forRoot(),
        AuditModule.forRoot({ clock: options.clock, actions: AUTH_AUDIT_ACTIONS }),
        AuthModule,
      ],
    };
  }
}
