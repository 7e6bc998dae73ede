// The gateway's comparison tasks in real Chromium through the web server's one origin: two cities
// on loopback, each with its real registry and real gateway over mutual TLS (a development PKI of
// their own). Zhengzhou (headers mode, as a partner city we do not run) pushes a child it says
// lives there with a household registration in Heze's 曹县; Heze (ACCESS_MODE=token, the gateway
// reading its registry with its own service token) has the child living in 牡丹区 with another
// guardian, so its gateway opens tasks for 曹县. A Heze officer signed in with TOTP sees them
// (masked values), settles one by saying which side is right, and finds it under 已处理.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { countiesOf } from '@care/divisions';
import { makeIdNumber } from '@care/identity';
import {
  freePort,
  httpJson,
  startTestService,
  testActorHeaders,
  type TestService,
} from '@care/service-kit/testing';
import { AdminBootstrap } from '../../apps/auth/src/demo/admin-bootstrap';
import { AppModule as GatewayModule } from '../../apps/gateway/src/app.module';
import { loadGatewayConfig, type GatewayConfig } from '../../apps/gateway/src/config';
import { writeDevPki } from '../../apps/gateway/src/pki/dev-pki';
import { startRegistry, type RegistryTestApp } from '../../apps/registry/test/app-factory';
import { registrationBody } from '../../apps/registry/test/fixtures';
import type { WebServer } from '../../apps/web/server/web-server';
import { HEZE, ZHENGZHOU, gatewayEnv } from '../integration/gateway/gateway-pair';
import {
  PASSWORD,
  bearer,
  bootstrapAccount,
  codeFor,
  signIn,
  startAuth,
  type AuthTestApp,
} from '../integration/auth/auth-app';
import {
  buildWebBundle,
  launchChromium,
  openPage,
  screenshot,
  signInOnPage,
  startWeb,
  untilShown,
} from './web-app';

jest.setTimeout(300_000);

const CIVIL = 'DEPARTMENT_CIVIL_AFFAIRS';
const OFFICER = 'mz-officer-heze';
const SERVICE_SECRET = 'test-secret-of-svc-gateway-web-0123456789';
const SEQ = 733;
const ID_NUMBER = makeIdNumber('371721', '2015-03-10', SEQ);

describe('web UI: the gateway’s comparison tasks (two real cities, mutual TLS), settled in the browser', () => {
  let dir: string;
  let auth: AuthTestApp;
  let hezeRegistry: RegistryTestApp;
  let hezeGateway: TestService<GatewayConfig>;
  let zzRegistry: RegistryTestApp;
  let zzGateway: TestService<GatewayConfig>;
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let secret = '';

  const sync = (): void => {
    hezeRegistry.clock.set(auth.clock.now());
    hezeGateway?.clock.set(auth.clock.now());
  };

  beforeAll(async () => {
    buildWebBundle();
    dir = mkdtempSync(join(tmpdir(), 'care-web-pki-'));
    const ports = { heze: await freePort(), zz: await freePort() };
    writeDevPki(dir, [
      { city: HEZE, exchangePort: ports.heze },
      { city: ZHENGZHOU, exchangePort: ports.zz },
    ]);
    auth = await startAuth('web_gateway');
    // Not moved to suiteNoon(): Zhengzhou's gateway checks the timestamp window of Heze's
    // messages on its own clock, and no form here takes a date.
    const tokenMode = {
      ACCESS_MODE: 'token',
      ACCESS_JWKS_URL: `${auth.httpUrl}/.well-known/jwks.json`,
      ACCESS_JWKS_COOLDOWN_MS: '0',
    };
    hezeRegistry = await startRegistry({
      name: 'web_gw_heze',
      env: { CITY_CODE: HEZE, CENTRAL_URBAN_DISTRICTS: '371702,371703', ...tokenMode },
    });
    zzRegistry = await startRegistry({
      name: 'web_gw_zz',
      env: { CITY_CODE: ZHENGZHOU, CENTRAL_URBAN_DISTRICTS: '410102,410103,410104,410105' },
    });
    sync();
    await auth.app.get(AdminBootstrap).ensureServiceClient({
      clientId: 'svc-gateway',
      clientSecret: SERVICE_SECRET,
      role: 'civil-affairs-officer',
      department: CIVIL,
      countyCodes: countiesOf(HEZE).map((d) => d.code),
    });
    writeFileSync(join(dir, 'svc-gateway.secret'), `${SERVICE_SECRET}\n`, { mode: 0o600 });
    secret = await bootstrapAccount(auth, {
      userId: OFFICER,
      role: 'civil-affairs-officer',
      department: CIVIL,
      countyCodes: ['371702', '371721'],
    });
    hezeGateway = await startTestService({
      name: 'gateway_web_heze',
      load: loadGatewayConfig,
      module: (config, clock) => GatewayModule.forRoot(config, { clock }),
      grpcPackages: [],
      topicSuffix: hezeRegistry.topicSuffix,
      env: {
        ...gatewayEnv(dir, HEZE, ports.heze, hezeRegistry.grpcAddress),
        ...tokenMode,
        ACCESS_AUTH_URL: auth.httpUrl,
        ACCESS_CLIENT_ID: 'svc-gateway',
        ACCESS_CLIENT_SECRET_FILE: join(dir, 'svc-gateway.secret'),
      },
    });
    zzGateway = await startTestService({
      name: 'gateway_web_zz',
      load: loadGatewayConfig,
      module: (config, clock) => GatewayModule.forRoot(config, { clock }),
      grpcPackages: [],
      topicSuffix: zzRegistry.topicSuffix,
      env: gatewayEnv(dir, ZHENGZHOU, ports.zz, zzRegistry.grpcAddress),
    });
    sync();

    // Heze knows the child living in 牡丹区 (hukou 曹县), guardian 张大山.
    const { accessToken } = await signIn(auth, OFFICER, secret);
    sync();
    const heze = await httpJson(
      hezeRegistry.httpUrl,
      'POST',
      '/api/v1/children',
      registrationBody({}, SEQ),
      bearer(accessToken),
    );
    if (heze.status !== 201)
      throw new Error(`Heze registration: ${heze.status} ${JSON.stringify(heze.body)}`);
    // Zhengzhou says the same child lives in 金水区 with guardian 张大河: it pushes the child to Heze.
    const zz = await httpJson(
      zzRegistry.httpUrl,
      'POST',
      '/api/v1/children',
      registrationBody(
        {
          idNumber: ID_NUMBER,
          residence: {
            divisionCode: '410105001',
            movedInOn: '2020-09-01',
            address: '河南省郑州市金水区经八路街道1号',
          },
          guardians: [{ name: '张大河', relation: '父亲', phone: '13812345678' }],
          difficultyTypes: [],
          education: { stage: 'primary', school: '经八路小学', grade: '四年级', inSchoolLocally: true },
        },
        SEQ,
      ),
      testActorHeaders({ role: 'civil-affairs-officer', counties: '410102,410105' }),
    );
    if (zz.status !== 201) throw new Error(`Zhengzhou registration: ${zz.status} ${JSON.stringify(zz.body)}`);

    web = await startWeb({
      auth: auth.httpUrl,
      gateway: hezeGateway.httpUrl,
      registry: hezeRegistry.httpUrl,
    });
    browser = await launchChromium();
    page = await openPage(browser, auth.clock.now(), { width: 1400, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await zzGateway?.close();
    await hezeGateway?.close();
    await zzRegistry?.close();
    await hezeRegistry?.close();
    await auth?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the county’s differences (masked), resolves one with the side that is right', async () => {
    await page.goto(web.url);
    await signInOnPage(page, OFFICER, PASSWORD, () => {
      auth.clock.set(new Date(auth.clock.now().getTime() + 30_000));
      sync();
      return codeFor(auth, secret);
    });
    await page.getByRole('menuitem', { name: '跨区域比对' }).click();
    // The tasks are the hukou county's (曹县): choose it.
    await page.locator('.ant-card-body .ant-select-selector').first().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '曹县' }).click();
    const rows = page.locator('[data-testid="tasks-table"] tr[data-row-key]');
    await untilShown(
      'the pushed child’s differences as tasks',
      async () => (await rows.count()) >= 1,
      () => page.getByTestId('tasks-refresh').click(),
    );
    const table = (await page.getByTestId('tasks-table').textContent()) ?? '';
    // Masked values only: neither guardian's name in clear.
    expect(table).not.toContain('张大山');
    expect(table).not.toContain('张大河');
    expect(table).toContain('郑州市'); // the partner city by name
    const guardian = rows.filter({ hasText: '监护人' }).first();
    await guardian.waitFor();
    await screenshot(page, 'gateway-tasks-open');

    const before = await rows.count();
    await guardian.getByRole('button', { name: /处\s*理/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.getByText('请选择处理结论：哪一方的记录正确').waitFor();
    await dialog.getByLabel('本市记录正确').check();
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByTestId('tasks-notice')
      .getByText(/本市记录正确/)
      .waitFor();
    await untilShown(
      'one task fewer to settle',
      async () => (await rows.count()) === before - 1,
      () => page.getByTestId('tasks-refresh').click(),
    );

    await page.getByText('已处理', { exact: true }).click();
    const resolved = page.locator('[data-testid="tasks-table"] tr[data-row-key]', {
      hasText: '本市记录正确',
    });
    await resolved.first().waitFor();
    expect(await resolved.first().textContent()).toContain(OFFICER);
    await screenshot(page, 'gateway-task-resolved');
  });
});
