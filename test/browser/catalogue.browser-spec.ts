// The catalogue workspace and a department's worklist in real Chromium through the web server's
// one origin, against the real sign-in service, the real services-catalog and the real
// health-insurance service on shared topics (ACCESS_MODE=token), real database and broker:
// a county admin drafts, edits (a refused narrowing shown in the API's words) and publishes the
// county's list; a health officer sees the child's 卫生健康服务 on the worklist and in the gaps,
// records the delivery, and sees the gap close in the catalogue's gaps view.
import type { Browser, Page } from 'playwright-core';
import { shanghaiDate } from '@care/child-rules';
import { RegistryEvents } from '@care/contracts';
import { childFacts, startTestService, TestPublisher, type TestService } from '@care/service-kit/testing';
import { AppModule as CatalogueModule } from '../../apps/services-catalog/src/app.module';
import {
  loadServicesCatalogConfig,
  type ServicesCatalogConfig,
} from '../../apps/services-catalog/src/config';
import { AppModule as HealthModule } from '../../apps/health-insurance/src/app.module';
import {
  loadHealthInsuranceConfig,
  type HealthInsuranceConfig,
} from '../../apps/health-insurance/src/config';
import type { WebServer } from '../../apps/web/server/web-server';
import {
  PASSWORD,
  bootstrapAccount,
  codeFor,
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
  suiteNoon,
  untilShown,
} from './web-app';

jest.setTimeout(240_000);

const COUNTY = '371702';
const ADMIN = 'mz-admin-371702';
const HEALTH_OFFICER = 'wj-officer-371702';
const CHILD = 'web-gap-child-1';

describe('web UI: the catalogue (draft, edit, publish a version) and the health worklist (delivery closes the gap)', () => {
  let auth: AuthTestApp;
  let catalogue: TestService<ServicesCatalogConfig>;
  let health: TestService<HealthInsuranceConfig>;
  let publisher: TestPublisher;
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  const secrets: Record<string, string> = {};

  /** The services verify the tokens on their own clocks: keep them on the sign-in service's. */
  const sync = (): void => {
    catalogue.clock.set(auth.clock.now());
    health.clock.set(auth.clock.now());
  };
  const nextCode = (userId: string) => (): string => {
    auth.clock.set(new Date(auth.clock.now().getTime() + 30_000));
    sync();
    return codeFor(auth, secrets[userId]!);
  };
  const tokenMode = () => ({
    ACCESS_MODE: 'token',
    ACCESS_JWKS_URL: `${auth.httpUrl}/.well-known/jwks.json`,
    ACCESS_JWKS_COOLDOWN_MS: '0',
  });

  beforeAll(async () => {
    buildWebBundle();
    auth = await startAuth('web_catalogue');
    auth.clock.set(suiteNoon());
    catalogue = await startTestService({
      name: 'services-catalog-web',
      load: loadServicesCatalogConfig,
      module: (config, clock) => CatalogueModule.forRoot(config, { clock }),
      grpcPackages: [],
      env: tokenMode(),
    });
    health = await startTestService({
      name: 'health-insurance-web',
      load: loadHealthInsuranceConfig,
      module: (config, clock) => HealthModule.forRoot(config, { clock }),
      grpcPackages: [],
      env: tokenMode(),
      topicSuffix: catalogue.topicSuffix,
    });
    sync();
    secrets[ADMIN] = await bootstrapAccount(auth, {
      userId: ADMIN,
      role: 'civil-affairs-admin',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: [COUNTY],
    });
    secrets[HEALTH_OFFICER] = await bootstrapAccount(auth, {
      userId: HEALTH_OFFICER,
      role: 'department-officer',
      department: 'DEPARTMENT_HEALTH',
      countyCodes: [COUNTY],
    });
    // A migrant child of 牡丹区 as the registry announces it: everyone is owed 卫生健康服务 (HZ-06, 卫健委).
    publisher = await TestPublisher.open(catalogue.config.KAFKA_BROKERS, catalogue.topicSuffix, [
      RegistryEvents.childRegistered,
    ]);
    await publisher.publish(RegistryEvents.childRegistered, CHILD, {
      facts: childFacts(CHILD, 1),
      hasIdNumber: true,
      registeredAt: auth.clock.now().toISOString(),
    });
    web = await startWeb({
      auth: auth.httpUrl,
      catalogue: catalogue.httpUrl,
      'health-insurance': health.httpUrl,
    });
    browser = await launchChromium();
    page = await openPage(browser, auth.clock.now(), { width: 1400, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await publisher?.close();
    await health?.close();
    await catalogue?.close();
    await auth?.close();
  });

  it('a county admin drafts the county list, edits an item (a narrowing refused in the API’s words), publishes it', async () => {
    await page.goto(web.url);
    await signInOnPage(page, ADMIN, PASSWORD, nextCode(ADMIN));
    await page.getByRole('menuitem', { name: '服务清单' }).click();
    // No county list yet: the city's basic list is in force, the division shown by name.
    await page
      .getByTestId('shown-list')
      .getByText(/本县区尚未发布/)
      .waitFor();
    expect(await page.getByTestId('division-select').textContent()).toContain('牡丹区');

    await page.getByRole('button', { name: '新建草稿' }).click();
    await page.getByTestId('catalogue-notice').getByText('已新建草稿：第1版').waitFor();
    const hz06 = page.locator('[data-testid="items-table"] tr[data-row-key="HZ-06"]');
    await hz06.getByRole('button', { name: /编\s*辑/ }).click();
    let dialog = page.getByRole('dialog');
    // Dropping the basic item's department: the catalogue refuses, and the dialog says why.
    await dialog.locator('.ant-select-selection-item-remove').first().click();
    await dialog.getByLabel('服务内容').fill('为流动儿童建立健康档案，提供儿童健康检查和随访');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('至少选择一个责任部门').waitFor();
    await choose(page, '责任部门', '民政局');
    await page.keyboard.press('Escape');
    await dialog.getByText('至少选择一个责任部门').waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog
      .getByTestId('item-error')
      .getByText(/不得移除.*责任部门：卫健委/)
      .waitFor();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'detached' });

    await hz06.getByRole('button', { name: /编\s*辑/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('服务内容').fill('为流动儿童建立健康档案，提供儿童健康检查和随访');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await hz06.textContent()).toContain('提供儿童健康检查和随访');

    await page.getByTestId('publish-open').click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('生效日期').fill('2020-01-01');
    await dialog.getByRole('button', { name: /发\s*布/ }).click();
    await dialog.getByText(/生效日期 2020-01-01 不能早于今日/).waitFor();
    const today = shanghaiDate(catalogue.clock.now());
    await dialog.getByLabel('生效日期').fill(today);
    await dialog.getByRole('button', { name: /发\s*布/ }).click();
    await page.getByTestId('catalogue-notice').getByText(`第1版已发布，${today} 起生效`).waitFor();
    const v1 = page.locator('[data-testid="versions-table"] tr[data-row-key="1"]');
    expect(await v1.textContent()).toContain('已发布');
    expect(await page.getByTestId('shown-list').textContent()).toContain('已发布');
    expect(await page.getByRole('button', { name: '新建草稿' }).count()).toBe(1);
    await screenshot(page, 'catalogue-version-published');
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByLabel('账号').waitFor();
  });

  it('a health officer records the delivery on the worklist and sees the gap close in the gaps view', async () => {
    await page.goto(web.url);
    if ((await page.getByTestId('account-name').count()) > 0)
      await page.getByRole('button', { name: /退出登录/ }).click();
    await signInOnPage(page, HEALTH_OFFICER, PASSWORD, nextCode(HEALTH_OFFICER));
    // The menu: the department's worklist and the catalogue, not the registry.
    const menu = (await page.getByRole('menu').textContent()) ?? '';
    expect(menu).toContain('部门工作台');
    expect(menu).toContain('服务清单');
    expect(menu).not.toContain('登记');

    // The gap is open in the catalogue (the officer sees their department's items only).
    await page.getByRole('menuitem', { name: '服务清单' }).click();
    await page.getByRole('tab', { name: /应享未享/ }).click();
    const gap = page.locator(`[data-testid="gaps-table"] tr[data-row-key="${CHILD}|HZ-06"]`);
    await untilShown(
      'HZ-06 open in the gaps',
      async () => (await gap.count()) === 1,
      () => page.getByTestId('gaps-refresh').click(),
    );
    expect(await page.getByTestId('gaps-department').textContent()).toContain('卫健委');
    expect(await gap.textContent()).toContain('卫生健康服务');
    expect(await page.locator(`[data-testid="gaps-table"] tr[data-row-key="${CHILD}|HZ-07"]`).count()).toBe(
      0,
    );
    await screenshot(page, 'catalogue-gap-open');

    await page.getByRole('menuitem', { name: '部门工作台' }).click();
    const row = page.locator(`[data-testid="worklist-table"] tr[data-row-key="${CHILD}|HZ-06"]`);
    await untilShown(
      'HZ-06 on the health worklist',
      async () => (await row.count()) === 1,
      () => page.getByTestId('worklist-refresh').click(),
    );
    expect(await row.textContent()).toContain('卫生健康服务');

    await row.getByRole('button', { name: '登记服务' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, '服务结果', '拒绝/不需要');
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await dialog.getByText('登记为"拒绝/不需要"时须填写原因').waitFor();
    await choose(page, '服务结果', '已提供');
    const today = shanghaiDate(health.clock.now());
    await dialog.getByLabel('服务日期').fill(today);
    await screenshot(page, 'department-delivery-form');
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByTestId('worklist-notice')
      .getByText(`已登记：${CHILD} HZ-06 已提供（${today}）`)
      .waitFor();
    await row.waitFor({ state: 'detached' });

    // The delivery event reaches the catalogue: the gap closes.
    await page.getByRole('menuitem', { name: '服务清单' }).click();
    await page.getByRole('tab', { name: /应享未享/ }).click();
    await untilShown(
      'HZ-06 gone from the gaps',
      async () => {
        await page.getByTestId('gaps-table').waitFor();
        return (
          (await gap.count()) === 0 &&
          !(await page.locator('[data-testid="gaps-table"] .ant-spin-spinning').count())
        );
      },
      () => page.getByTestId('gaps-refresh').click(),
    );
    await screenshot(page, 'catalogue-gap-closed');
  });
});

/** Picks an option of the dialog's select labelled `label` (antd opens it on the selector, not the input). */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page
    .getByRole('dialog')
    .locator('.ant-form-item', { hasText: label })
    .locator('.ant-select-selector')
    .click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
}
