// Sign-in with password + TOTP and the registry workspace, in real Chromium through the web
// server's one origin, against the real sign-in service and the real registry (ACCESS_MODE=token),
// real database and broker. The TOTP code is computed from the account's secret with the same
// otplib code the sign-in service uses (test/integration/auth/auth-app.ts).
import type { Browser, Page } from 'playwright-core';
import { httpJson } from '@care/service-kit/testing';
import type { WebServer } from '../../apps/web/server/web-server';
import { registrationBody } from '../../apps/registry/test/fixtures';
import { startRegistry, type RegistryTestApp } from '../../apps/registry/test/app-factory';
import {
  PASSWORD,
  bearer,
  bootstrapAccount,
  codeFor,
  signIn,
  startAuth,
  type AuthTestApp,
} from '../integration/auth/auth-app';
import { buildWebBundle, launchChromium, screenshot, startWeb } from './web-app';

jest.setTimeout(240_000);

const CIVIL = 'DEPARTMENT_CIVIL_AFFAIRS';
const OFFICER_MUDAN = 'mz-officer-371702';
const OFFICER_CAOXIAN = 'mz-officer-371721';

describe('web UI: sign-in with TOTP, the registry children list (masked, reveal with purpose)', () => {
  let auth: AuthTestApp;
  let registry: RegistryTestApp;
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  const secrets: Record<string, string> = {};
  let mudanChildId = '';
  let caoxianChildId = '';

  const sync = (): void => registry.clock.set(auth.clock.now());

  async function register(userId: string, body: Record<string, unknown>): Promise<string> {
    const { accessToken } = await signIn(auth, userId, secrets[userId]!);
    sync();
    const res = await httpJson<{ childId: string }>(
      registry.httpUrl,
      'POST',
      '/api/v1/children',
      body,
      bearer(accessToken),
    );
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.childId;
  }

  beforeAll(async () => {
    buildWebBundle();
    auth = await startAuth('web');
    registry = await startRegistry({
      name: 'web',
      env: {
        ACCESS_MODE: 'token',
        ACCESS_JWKS_URL: `${auth.httpUrl}/.well-known/jwks.json`,
        ACCESS_JWKS_COOLDOWN_MS: '0',
      },
    });
    sync();
    for (const [userId, county] of [
      [OFFICER_MUDAN, '371702'],
      [OFFICER_CAOXIAN, '371721'],
    ] as const) {
      secrets[userId] = await bootstrapAccount(auth, {
        userId,
        role: 'civil-affairs-officer',
        department: CIVIL,
        countyCodes: [county],
      });
    }
    mudanChildId = await register(OFFICER_MUDAN, registrationBody({ name: '王小亮' }, 301));
    caoxianChildId = await register(
      OFFICER_CAOXIAN,
      registrationBody(
        {
          name: '李小红',
          hukouDivisionCode: '371702001',
          residence: {
            divisionCode: '371721001',
            movedInOn: '2024-09-01',
            address: '山东省菏泽市曹县曹城街道光明路2号',
          },
        },
        302,
      ),
    );
    web = await startWeb({ auth: auth.httpUrl, registry: registry.httpUrl });
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await registry?.close();
    await auth?.close();
  });

  it('refuses a wrong password with the API’s message, then signs in with the TOTP code', async () => {
    await page.goto(web.url);
    await page.getByLabel('账号').fill(OFFICER_MUDAN);
    await page.getByLabel('密码').fill('Wrong-Password-1!');
    await page.getByRole('button', { name: '下一步' }).click();
    await expectText(page, '[data-testid="sign-in-error"]', '用户名或密码错误');

    // The form checks the code as the API does before sending it.
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('动态口令').fill('12a');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('动态口令须为6位数字').waitFor();

    // A new TOTP step (the seeding sign-in spent the current one), the registry's clock with it.
    auth.clock.set(new Date(auth.clock.now().getTime() + 30_000));
    sync();
    await page.getByLabel('动态口令').fill(codeFor(auth, secrets[OFFICER_MUDAN]!));
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('account-name').waitFor();
    expect(await page.getByTestId('account-name').textContent()).toContain(OFFICER_MUDAN);
  });

  it('lists the county’s children masked, and only that county’s', async () => {
    const row = page.locator(`tr[data-row-key="${mudanChildId}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).not.toContain('王小亮');
    expect(text).toContain('*');
    expect(await page.locator(`tr[data-row-key="${caoxianChildId}"]`).count()).toBe(0);
    expect(await page.content()).not.toContain('李小红');
    await screenshot(page, 'registry-children-masked');
  });

  it('a county officer cannot read another county’s children through the one origin (403, Chinese message)', async () => {
    const answer = await page.evaluate(async (county) => {
      const session = JSON.parse(
        (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('care.session') ?? '{}',
      ) as {
        accessToken?: string;
      };
      const res = await fetch(`/api/registry/v1/children?countyCode=${county}`, {
        headers: { authorization: `Bearer ${session.accessToken ?? ''}` },
      });
      return { status: res.status, body: (await res.json()) as { message?: string } };
    }, '371721');
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('reveals one child only with a purpose, and shows it in clear', async () => {
    const row = page.locator(`tr[data-row-key="${mudanChildId}"]`);
    await row.getByRole('button', { name: '查看完整信息' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /查\s*看/ }).click();
    await dialog.getByText('请填写查看完整信息的用途').waitFor();
    await dialog.getByLabel('用途').fill('联系监护人安排走访');
    await dialog.getByRole('button', { name: /查\s*看/ }).click();
    await row.getByText('王小亮').waitFor();
    expect(await row.textContent()).toContain('已显示');
    await screenshot(page, 'registry-child-revealed');
  });

  it('signs out back to the sign-in page', async () => {
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByLabel('账号').waitFor();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('care.session'),
      ),
    ).toBeNull();
  });
});

/** The part of the page's globals read here (the root tsconfig has no DOM lib). */
interface BrowserGlobals {
  sessionStorage: { getItem(key: string): string | null };
}

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).waitFor();
  expect(await page.locator(selector).textContent()).toContain(text);
}
