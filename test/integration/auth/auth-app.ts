import { httpJson, startTestService, type TestService } from '@care/service-kit/testing';
import { AppModule } from '../../../apps/auth/src/app.module';
import { loadAuthConfig, type AuthConfig } from '../../../apps/auth/src/config';
import { AdminBootstrap, type BootstrapAccount } from '../../../apps/auth/src/demo/admin-bootstrap';
import { totpCodeAt } from '../../../apps/auth/src/totp/totp';
import { base32 } from 'rfc4648';

export type AuthTestApp = TestService<AuthConfig>;

/** The real sign-in service on the real database, scrypt at its floor (2^14) so tests stay quick. */
export function startAuth(name: string, env: Record<string, string> = {}): Promise<AuthTestApp> {
  return startTestService({
    name: `auth_${name}`,
    load: loadAuthConfig,
    module: (config, clock) => AppModule.forRoot(config, { clock }),
    grpcPackages: [],
    env: { AUTH_SCRYPT_COST: String(2 ** 14), ...env },
  });
}

export const PASSWORD = 'Heze-Care-2025!';

/** An account set up as a deployment would (AdminBootstrap); returns its Base32 TOTP secret. */
export async function bootstrapAccount(
  auth: AuthTestApp,
  spec: Omit<BootstrapAccount, 'password' | 'displayName'> & { password?: string },
): Promise<string> {
  const { totpSecret } = await auth.app
    .get(AdminBootstrap)
    .ensureAccount({ displayName: `测试 ${spec.userId}`, password: PASSWORD, ...spec });
  return totpSecret;
}

/** The current code of a Base32 secret on the service's clock. */
export function codeFor(auth: AuthTestApp, secret: string): string {
  return totpCodeAt(base32.parse(secret, { loose: true }), auth.clock.now());
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Password then TOTP; the auth clock moves one TOTP step first (a code is spent once used). */
export async function signIn(
  auth: AuthTestApp,
  userId: string,
  secret: string,
  password = PASSWORD,
): Promise<Tokens> {
  auth.clock.set(new Date(auth.clock.now().getTime() + 30_000));
  const first = await httpJson<{ status: string; challenge: string }>(
    auth.httpUrl,
    'POST',
    '/api/v1/auth/sign-in',
    {
      userId,
      password,
    },
  );
  if (first.status !== 200)
    throw new Error(`sign-in of ${userId}: ${first.status} ${JSON.stringify(first.body)}`);
  const second = await httpJson<Tokens>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in/totp', {
    challenge: first.body.challenge,
    code: codeFor(auth, secret),
  });
  if (second.status !== 200)
    throw new Error(`TOTP of ${userId}: ${second.status} ${JSON.stringify(second.body)}`);
  return second.body;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
