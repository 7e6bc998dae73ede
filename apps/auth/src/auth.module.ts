import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { accountSchema, ACCOUNTS } from './accounts/account.schema';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { AuthAudit } from './audit/auth-audit';
import { AuthAuditController } from './audit/auth-audit.controller';
import { SERVICE_CLIENTS, serviceClientSchema } from './clients/service-client.schema';
import { ServiceClientsRepository } from './clients/service-clients.repository';
import { ServiceClientsService } from './clients/service-clients.service';
import { AdminBootstrap } from './demo/admin-bootstrap';
import { SIGNING_KEYS, signingKeySchema } from './keys/signing-key.schema';
import { SigningKeysRepository } from './keys/signing-keys.repository';
import { TokenSigner } from './keys/token-signer';
import { AuthPrincipalGuard } from './principal/auth-principal';
import { SESSIONS, sessionSchema } from './sign-in/session.schema';
import { SessionsRepository } from './sign-in/sessions.repository';
import { SignInController } from './sign-in/sign-in.controller';
import { SignInService } from './sign-in/sign-in.service';

/** Sign-in, tokens and keys, the administrators' API and the sign-in audit. */
@Module({
  imports: [
    MongoModule.forFeature([
      { name: ACCOUNTS, schema: accountSchema },
      { name: SESSIONS, schema: sessionSchema },
      { name: SIGNING_KEYS, schema: signingKeySchema },
      { name: SERVICE_CLIENTS, schema: serviceClientSchema },
    ]),
  ],
  controllers: [SignInController, AccountsController, AuthAuditController],
  providers: [
    AccountsRepository,
    SessionsRepository,
    SigningKeysRepository,
    ServiceClientsRepository,
    TokenSigner,
    SignInService,
    AccountsService,
    ServiceClientsService,
    AuthAudit,
    AuthPrincipalGuard,
    AdminBootstrap,
  ],
  exports: [AdminBootstrap, SignInService, TokenSigner],
})
export class AuthModule {}
