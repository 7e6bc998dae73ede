// Sign-in with password + TOTP and the registry workspace, in real Chromium through the web
// server's one origin, against the real sign-in service and the real registry (ACCESS_MODE=token),
// real database and broker. The TOTP code is computed from the account's secret with the same
// otplib code the sign-in service uses (test/integration/auth/auth-app.ts). Then the rest of the
// registry workspace on the same services: an Attachment 1 workbook with a bad row imported with
// its progress shown, the error report downloaded and read, the good rows listed, the key-care
// ledger with its visit plan, a visit recorded, visits overdue on a later day, the ledger export.
import type { Browser, Page } from 'playwright-core';
import { shanghaiDate } from '@care/child-rules';
import { makeIdNumber } from '@care/identity';
import { httpJson } from '@care/service-kit/testing';
import { LEDGER_COLUMNS } from '@care/synthetic';
import type { WebServer } from '../../apps/web/server/web-server';
import { registrationBody } from '../../apps/registry/test/fixtures';
import { buildLedgerWorkbook, FIRST_DATA_ROW } from '../../apps/registry/test/ledger-workbook';
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
import { ledgerRow, sheetRows } from './ledger-rows';
import {
  buildWebBundle,
  downloadOf,
  launchChromium,
  openPage,
  screenshot,
  startWeb,
  suiteNoon,
} from './web-app';

jest.setTimeout(240_000);

const CIVIL = 'DEPARTMENT_CIVIL_AFFAIRS';
const OFFICER_MUDAN = 'mz-officer-371702';
const OFFICER_CAOXIAN = 'mz-officer-371721';

describe('web UI: sign-in with TOTP, the registry workspace (children masked and revealed, import, ledger, visits, export)', () => {
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
    auth.clock.set(suiteNoon());
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
    page = await openPage(browser, auth.clock.now(), { width: 1280, height: 800 });
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

  it('imports a workbook with a bad row: progress, the error report downloaded, the good rows listed', async () => {
    sync();
    const today = shanghaiDate(registry.clock.now());
    const badId = makeIdNumber('371721', '2015-03-03', 433);
    const workbook = await buildLedgerWorkbook([
      ledgerRow(1, today, {
        birthDate: '2016-05-05',
        seq: 411,
        儿童姓名: '赵小明',
        重点关爱服务对象困境类型: '家庭生活困难',
        基本情况概述: '父母务工，收入低',
      }),
      // A wrong check character: refused, named in the report by row and column, nothing stored.
      ledgerRow(2, today, {
        birthDate: '2015-03-03',
        seq: 433,
        儿童姓名: '钱小刚',
        身份证号: badId.slice(0, 17) + (badId.endsWith('0') ? '1' : '0'),
      }),
      ledgerRow(3, today, { birthDate: '2017-01-20', seq: 422, 儿童姓名: '孙小美', 监护人姓名: '孙大山' }),
    ]);
    await page.getByRole('tab', { name: '台账导入' }).click();
    // The form refuses what the API would: no file, then a file that is not .xlsx.
    await page.getByRole('button', { name: /开始导入/ }).click();
    await page.getByText('请选择附件1台账 Excel 文件（.xlsx）').waitFor();
    await page.getByTestId('import-file').setInputFiles({
      name: '台账.xls',
      mimeType: 'application/vnd.ms-excel',
      buffer: Buffer.from('not a workbook'),
    });
    await page.getByRole('button', { name: /开始导入/ }).click();
    await page.getByText('只能导入 .xlsx 格式的附件1台账').waitFor();

    await page.getByTestId('import-file').setInputFiles({
      name: '牡丹区台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: workbook,
    });
    await page.getByRole('button', { name: /开始导入/ }).click();
    await page.getByTestId('import-progress').waitFor();
    await page.getByTestId('import-status').getByText('已完成').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-summary').textContent()).toBe(
      '已处理 3 / 3 行，新增 2，更新 0，重复 0，待补录 0，已自动更正 0，未导入 1',
    );
    expect(await page.getByTestId('import-job').getByRole('progressbar').getAttribute('aria-valuenow')).toBe(
      '100',
    );
    const issues = (await page.getByTestId('import-issues').textContent()) ?? '';
    expect(issues).toContain(String(FIRST_DATA_ROW + 1));
    expect(issues).toContain('身份证号');
    expect(issues).toContain('未导入');
    await screenshot(page, 'registry-import-done');

    const report = await downloadOf(page, () => page.getByTestId('import-report').click());
    expect(report.name).toMatch(/^import-.+-errors\.xlsx$/);
    const rows = await sheetRows(report.bytes);
    const header = rows[0]!;
    expect(header).toEqual(expect.arrayContaining(['行号', '问题列', '处理结果']));
    const body = rows.slice(1);
    expect(body).toHaveLength(1);
    const cell = (name: string) => body[0]![header.findIndex((h) => h.startsWith(name))];
    expect(cell('行号')).toBe(String(FIRST_DATA_ROW + 1));
    expect(cell('问题列')).toBe('身份证号');
    expect(cell('处理结果')).toBe('未导入');
    // The report names problems, never the values: no name, no ID number.
    const flat = rows.flat().join('|');
    expect(flat).not.toContain('钱小刚');
    expect(flat).not.toContain(badId.slice(0, 17));

    // The good rows are in the county's list (masked), the refused one is not.
    await page.getByRole('tab', { name: '儿童信息' }).click();
    await page.locator('tr[data-row-key]').nth(2).waitFor();
    expect(await page.locator('tr[data-row-key]').count()).toBe(3);
    const listed = (await page.getByTestId('children-table').textContent()) ?? '';
    expect(listed).not.toContain('赵小明');
    expect(listed).toContain('牡丹街道');
  });

  it('shows the key-care ledger with the visit plan, records a visit, lists visits overdue on a later day', async () => {
    await page.getByRole('tab', { name: '重点关爱台账' }).click();
    const entry = page.locator('[data-testid="ledger-table"] tr[data-row-key]');
    await entry.first().waitFor();
    expect(await entry.count()).toBe(1);
    const text = (await entry.first().textContent()) ?? '';
    expect(text).toContain('家庭生活困难');
    expect(text).toContain('牡丹街道');
    expect(text).not.toContain('赵小明');
    const dueOn = /(\d{4}-\d{2}-\d{2})/g;
    expect(text.match(dueOn)?.length).toBeGreaterThanOrEqual(2); // 建档日期, 应走访日期

    await entry.first().getByRole('button', { name: '登记走访' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('走访情况').fill('');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请填写走访情况').waitFor();
    await dialog.getByLabel('走访日期').fill('2099-01-01');
    await dialog.getByLabel('走访情况').fill('入户走访，孩子在校情况良好');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText(/走访日期 2099-01-01 不能晚于今日/).waitFor();
    sync();
    await dialog.getByLabel('走访日期').fill(shanghaiDate(registry.clock.now()));
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid="ledger-table"] td', { hasText: /^1$/ }).first().waitFor();
    await screenshot(page, 'registry-key-care-ledger');

    await page.getByRole('tab', { name: '走访提醒' }).click();
    await page.getByTestId('overdue-summary').getByText('没有逾期未走访的儿童').waitFor();
    await page.getByLabel('判定日期').fill('2099-12-31');
    await page.getByRole('button', { name: '查询逾期未走访' }).click();
    await page.getByTestId('overdue-summary').getByText('截至 2099-12-31，逾期未走访 1 人').waitFor();
    expect(await page.getByTestId('overdue-table').textContent()).toContain('牡丹街道');
    await screenshot(page, 'registry-visits-overdue');
  });

  it('exports the ledger in Attachment 1’s columns, personal fields masked', async () => {
    await page.getByRole('tab', { name: '重点关爱台账' }).click();
    const file = await downloadOf(page, () => page.getByTestId('ledger-export').click());
    expect(file.name).toMatch(/^重点关爱服务对象信息台账-371702-.+\.xlsx$/);
    const rows = await sheetRows(file.bytes);
    const headerAt = rows.findIndex((r) => r.includes('儿童姓名'));
    expect(rows[headerAt]).toEqual([...LEDGER_COLUMNS]);
    const data = rows.slice(headerAt + 1).filter((r) => r.some((c) => c !== ''));
    expect(data).toHaveLength(1);
    const at = (name: (typeof LEDGER_COLUMNS)[number]) => data[0]![LEDGER_COLUMNS.indexOf(name)] ?? '';
    expect(at('重点关爱服务对象困境类型')).toBe('家庭生活困难');
    expect(at('儿童姓名')).not.toBe('赵小明');
    expect(at('儿童姓名')).toContain('*');
    expect(at('身份证号')).toContain('*');
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
