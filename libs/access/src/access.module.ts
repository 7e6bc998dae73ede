import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ACCESS_OPTIONS, AccessAuthenticationGuard } from './access-authentication.guard';
import type { AccessOptions } from './access-config';
import { CountyScopeGuard } from './county-scope.guard';
import { AccessTokenVerifier } from './token-verifier';

/**
 * Identity and access for an app. Use `@UseGuards(CountyScopeGuard)` on controllers and
 * `@CurrentActor()` on handler parameters; gRPC handlers call `actorFromMetadata`.
 * - `AccessModule` (static): the CountyScopeGuard, for a feature module's controllers.
 * - `AccessModule.forRoot(options)` (once per app, by ServiceKitModule): also the app-wide
 *   AccessAuthenticationGuard that verifies `Authorization: Bearer` access tokens against the
 *   sign-in service's JWKS (ACCESS_MODE=token), or leaves the identity-header STAND-IN in force
 *   (ACCESS_MODE=headers, development and tests only; see access-config.ts).
 */
@Module({
  providers: [CountyScopeGuard],
  exports: [CountyScopeGuard],
})
export class AccessModule {
  static forRoot(options: AccessOptions): DynamicModule {
    const verifier = options.verifier;
    return {
      module: AccessModule,
      providers: [
        CountyScopeGuard,
        { provide: ACCESS_OPTIONS, useValue: options },
        ...(verifier === undefined
          ? []
          : [
              {
                provide: AccessTokenVerifier,
                useFactory: () => new AccessTokenVerifier({ ...verifier, now: options.now }),
              },
            ]),
        { provide: APP_GUARD, useClass: AccessAuthenticationGuard },
      ],
      exports: [CountyScopeGuard, ACCESS_OPTIONS],
    };
  }
}
