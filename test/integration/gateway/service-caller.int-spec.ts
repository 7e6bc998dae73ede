// The gateway reads its registry as itself in token mode: a client-credentials token from the real
// sign-in service (ServiceCaller), verified by the real registry (ACCESS_MODE=token) against the
// sign-in service's JWKS over HTTP, over a real gRPC socket. No identity header anywhere.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceCaller } from '@care/access';
import { countiesOf } from '@care/divisions';
import { freePort, httpJson, startTestService, type TestService } from '@care/service-kit/testing';
import { AdminBootstrap } from '../../../apps/auth/src/demo/admin-bootstrap';
import { AppModule } from '../../../apps/gateway/src/app.module';
import { loadGatewayConfig, type GatewayConfig } from '../../../apps/gateway/src/config';
import { writeDevPki } from '../../../apps/gateway/src/pki/dev-pki';
import { RegistryReader } from '../../../apps/gateway/src/registry-reader';
import { startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { registrationBody } from '../../../apps/registry/test/fixtures';
import { bearer, bootstrapAccount, signIn, startAuth, type AuthTestApp } from '../auth/auth-app';
import { HEZE, ZHENGZHOU, gatewayEnv } from './gateway-pair';

const CIVIL = 'DEPARTMENT_CIVIL_AFFAIRS';
const SECRET = 'test-secret-of-svc-gateway-0123456789';

describe('the gateway reads its registry with its own service token (ACCESS_MODE=token)', () => {
  let auth: AuthTestApp;
  let registry: RegistryTestApp;
  let gateway: TestService<GatewayConfig>;
  let dir: string;
  let officerToken: string;
  const sync = (): void => registry.clock.set(auth.clock.now());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'care-svc-identity-'));
    auth = await startAuth('svc_identity');
    const jwks = `${auth.httpUrl}/.well-known/jwks.json`;
    const tokenMode = { ACCESS_MODE: 'token', ACCESS_JWKS_URL: jwks, ACCESS_JWKS_COOLDOWN_MS: '0' };
    registry = await startRegistry({ name: 'svc_identity', env: { CITY_CODE: HEZE, ...tokenMode } });
    sync();
    const counties = countiesOf(HEZE).map((d) => d.code);
    await auth.app.get(AdminBootstrap).ensureServiceClient({
      clientId: 'svc-gateway',
      clientSecret: SECRET,
      role: 'civil-affairs-officer',
      department: CIVIL,
      countyCodes: counties,
    });
    const officerSecret = await bootstrapAccount(auth, {
      userId: 'mz-officer',
      role: 'civil-affairs-officer',
      department: CIVIL,
      countyCodes: ['371702', '371721'],
    });
    officerToken = (await signIn(auth, 'mz-officer', officerSecret)).accessToken;
    sync();

    const exchangePort = await freePort();
    writeDevPki(dir, [
      { city: HEZE, exchangePort },
      { city: ZHENGZHOU, exchangePort: await freePort() },
    ]);
    writeFileSync(join(dir, 'svc-gateway.secret'), `${SECRET}\n`, { mode: 0o600 });
    gateway = await startTestService({
      name: 'gateway_svc_identity',
      load: loadGatewayConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      topicSuffix: registry.topicSuffix,
      env: {
        ...gatewayEnv(dir, HEZE, exchangePort, registry.grpcAddress),
        ...tokenMode,
        ACCESS_AUTH_URL: auth.httpUrl,
        ACCESS_CLIENT_ID: 'svc-gateway',
        ACCESS_CLIENT_SECRET_FILE: join(dir, 'svc-gateway.secret'),
      },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await registry?.close();
    await auth?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a child in full as svc-gateway, and the registry audits the read under that identity', async () => {
    const created = await httpJson<{ childId: string }>(
      registry.httpUrl,
      'POST',
      '/api/v1/children',
      registrationBody({}, 611),
      bearer(officerToken),
    );
    expect(created.status).toBe(201);
    const child = await gateway.app.get(RegistryReader).child(created.body.childId);
    expect(child).toMatchObject({ childId: created.body.childId, masked: false, name: '张小明' });

    const audit = await registry.db
      .collection('audit_trail')
      .find({ userId: 'svc-gateway', recordId: created.body.childId })
      .toArray();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).toContain('跨区域推送');
  });

  it('is refused by the registry with the stand-in headers of the same identity', async () => {
    const reader = new RegistryReader(
      (gateway.app.get(RegistryReader) as unknown as { registry: never }).registry,
      { ...gateway.config, ACCESS_MODE: 'headers' },
    );
    await expect(reader.child('c-any')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('cannot get a token with a wrong secret: the read fails as unavailable (the push is parked, not lost)', async () => {
    writeFileSync(join(dir, 'wrong.secret'), 'not-the-secret-of-svc-gateway-000');
    const wrong = ServiceCaller.fromConfig(
      {
        ACCESS_MODE: 'token',
        ACCESS_AUTH_URL: auth.httpUrl,
        ACCESS_CLIENT_ID: 'svc-gateway',
        ACCESS_CLIENT_SECRET_FILE: join(dir, 'wrong.secret'),
      },
      { userId: 'x', role: 'civil-affairs-officer', department: CIVIL, countyCodes: [] },
    );
    await expect(wrong.metadata()).rejects.toMatchObject({ code: 'unavailable' });
  });
});
