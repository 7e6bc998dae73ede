// The registry workspace's remaining screens, in real Chromium through the web server's one
// origin, against the real sign-in service and the real registry (ACCESS_MODE=token), real
// database and broker: 登记新儿童 (the form's rules, the registry's own refusal, the child's page
// with the migrant determination and its reasons), 摸排 (a round opened, a second refused, a
// township assigned, a result recorded, coverage, the round closed), 待补录 (an import's row
// without an ID number completed into a child) and the ledger entry changed and closed (销档).
import type { Browser, Locator, Page } from 'playwright-core';
import { shanghaiDate } from '@care/child-rules';
import { computeCheckCharacter, makeIdNumber } from '@care/identity';
import { httpJson } from '@care/service-kit/testing';
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
import { ledgerRow } from './ledger-rows';
import {
  buildWebBundle,
  launchChromium,
  openPage,
  screenshot,
  signInOnPage,
  startWeb,
  suiteNoon,
} from './web-app';

jest.setTimeout(240_000);

const COUNTY = '371702';
const OFFICER = 'mz-officer-screens-371702';

/** antd puts a space between two Chinese characters of a button's label. */
const label = (text: string): RegExp => new RegExp(`^\\s*${[...text].join('\\s*')}\\s*$`);

describe('web UI: the registry workspace — register a child, screening rounds, 待补录, ledger change and close', () => {
  let auth: AuthTestApp;
  let registry: RegistryTestApp;
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let secret = '';
  let token = '';
  /** Registered through the API: lives in 东城街道 (371702001), on the key-care ledger. */
  let seededChildId = '';
  let seededEntryId = '';

  const sync = (): void => registry.clock.set(auth.clock.now());
  const today = (): string => shanghaiDate(registry.clock.now());
  const nextCode = (): string => {
    auth.clock.set(new Date(auth.clock.now().getTime() + 30_000));
    sync();
    return codeFor(auth, secret);
  };

  async function api<T>(method: 'POST' | 'GET', path: string, body?: unknown): Promise<T> {
    sync();
    const res = await httpJson<T>(registry.httpUrl, method, path, body, bearer(token));
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function pick(select: Locator, option: string): Promise<void> {
    await select.click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  }

  beforeAll(async () => {
    buildWebBundle();
    auth = await startAuth('web_screens');
    auth.clock.set(suiteNoon());
    registry = await startRegistry({
      name: 'web_screens',
      env: {
        ACCESS_MODE: 'token',
        ACCESS_JWKS_URL: `${auth.httpUrl}/.well-known/jwks.json`,
        ACCESS_JWKS_COOLDOWN_MS: '0',
      },
    });
    sync();
    secret = await bootstrapAccount(auth, {
      userId: OFFICER,
      role: 'civil-affairs-officer',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: [COUNTY],
    });
    token = (await signIn(auth, OFFICER, secret)).accessToken;
    seededChildId = (await api<{ childId: string }>('POST', '/api/v1/children', registrationBody({}, 511)))
      .childId;
    seededEntryId = (
      await api<{ entryId: string }>('POST', '/api/v1/key-care/entries', {
        countyCode: COUNTY,
        childId: seededChildId,
        difficultyTypes: ['family-hardship'],
        situationSummary: '父母务工，收入低',
      })
    ).entryId;
    web = await startWeb({ auth: auth.httpUrl, registry: registry.httpUrl });
    browser = await launchChromium();
    page = await openPage(browser, auth.clock.now(), { width: 1366, height: 900 });
    await page.goto(web.url);
    await signInOnPage(page, OFFICER, PASSWORD, nextCode);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await registry?.close();
    await auth?.close();
  });

  it('登记新儿童: the form’s rules, the registry’s refusal in its words, then the child’s page with the determination and its reasons', async () => {
    await page.getByRole('tab', { name: '登记新儿童' }).click();
    const form = page.getByTestId('register-form');
    const submit = page.getByRole('button', { name: label('登记') });
    await submit.click();
    await form.getByText('请填写儿童姓名').waitFor();
    await form.getByText('请选择户籍地').waitFor();
    await form.getByText('请填写迁入现居住地日期').waitFor();

    const idNumber = makeIdNumber('371721', '2016-05-05', 611);
    await form.getByLabel('儿童姓名').fill('孙小雨');
    // A wrong check character, and no birth date or sex needed once the number is right.
    await form.getByLabel('身份证号').fill(idNumber.slice(0, 17) + (idNumber.endsWith('0') ? '1' : '0'));
    await submit.click();
    await form.getByText('身份证号：最后一位校验码错误（GB 11643-1999）').waitFor();
    await form.getByLabel('身份证号').fill(idNumber.replace('X', 'x'));
    await form.getByText('出生日期 2016-05-05，性别 男（由身份证号确定）').waitFor();

    // The household registration by the division picker (曹县), the residence by township.
    await form.getByTestId('hukou-picker').click();
    await page.locator('.ant-cascader-menu-item[title="曹县"]').click();
    await page.keyboard.press('Escape');
    await pick(form.getByTestId('residence-township'), '牡丹街道');
    await form.getByLabel('迁入现居住地日期').fill('2015-01-01');
    await form.getByLabel('监护人1姓名').fill('孙大海');
    await form.getByLabel('与监护人关系').fill('父亲');
    await form.getByLabel('监护人联系方式').fill('12345');
    await submit.click();
    await form.getByText('迁入现居住地日期（residence.movedInOn）：不能早于出生日期').waitFor();
    await form.getByText('监护人联系方式：须为11位手机号或带区号的固定电话').waitFor();
    await form.getByLabel('迁入现居住地日期').fill('2024-09-01');
    await form.getByLabel('监护人联系方式').fill('155 2926 5472');

    // The form cannot know every address code (the table stays out of the bundle): the registry
    // refuses an unknown one and the page shows its message.
    const unknownArea = `99999920160505611`;
    await form.getByLabel('身份证号').fill(unknownArea + computeCheckCharacter(unknownArea));
    sync();
    await submit.click();
    await page
      .getByTestId('register-error')
      .getByText('身份证号：前6位地址码不是有效的行政区划代码（GB/T 2260，含历史代码）')
      .waitFor();

    await form.getByLabel('身份证号').fill(idNumber);
    sync();
    await submit.click();
    const detail = page.getByTestId('child-detail');
    await detail
      .getByTestId('determination')
      .getByText(/^认定为流动儿童（判定日期 \d{4}-\d{2}-\d{2}）$/)
      .waitFor();
    const reasons = (await detail.getByTestId('determination-reasons').textContent()) ?? '';
    for (const reason of [
      '不满十六周岁',
      '随父母或其他监护人离开户籍地',
      '跨县域流动',
      '在居住地居住满6个月',
    ])
      expect(reasons).toContain(reason);
    expect(await detail.getByTestId('determination').textContent()).toContain('流动儿童认定依据');
    const facts = (await detail.getByTestId('child-facts').textContent()) ?? '';
    expect(facts).toContain('曹县（371721）');
    expect(facts).toContain('牡丹街道');
    expect(facts).toContain('2016-05-05');
    // The page shows the record as the registry answers it: masked.
    expect(facts).not.toContain('孙小雨');
    expect(facts).not.toContain('孙大海');
    expect(facts).not.toContain(idNumber);
    await screenshot(page, 'registry-child-determination');
    await page.locator('.ant-drawer-close').click();
    await detail.waitFor({ state: 'detached' });
  });

  it('摸排: opens a round for the county, refuses a second, assigns a township, records a result, shows coverage, closes it', async () => {
    await page.getByRole('tab', { name: '摸排' }).click();
    const rounds = page.getByTestId('rounds-table');
    await rounds.waitFor();
    expect(await rounds.locator('tr[data-row-key]').count()).toBe(0);
    sync();
    await page.getByRole('button', { name: '开启摸排轮次' }).click();
    const detail = page.getByTestId('round-detail');
    await detail
      .getByTestId('round-summary')
      .getByText(/本轮进度：已分配 0/)
      .waitFor();
    expect(await rounds.locator('tr[data-row-key]').count()).toBe(1);
    expect(await rounds.textContent()).toContain('进行中');

    // One open round per county and half-year: the registry says so, the page shows it.
    await page.getByRole('button', { name: '开启摸排轮次' }).click();
    await page
      .getByTestId('screening-error')
      .getByText(/已有进行中的摸排轮次，请先结束该轮次/)
      .waitFor();

    // 东城街道 to a child director: the seeded child is assigned; the registered one (牡丹街道) is not.
    const assign = detail.getByTestId('assign-form');
    await assign.getByRole('button', { name: label('分配') }).click();
    await assign.getByText('请选择乡镇（街道）').waitFor();
    await pick(assign.getByTestId('assign-township'), '东城街道');
    await assign.getByLabel('摸排人员').fill('director-dongcheng');
    sync();
    await assign.getByRole('button', { name: label('分配') }).click();
    await detail
      .getByTestId('round-summary')
      .getByText(/已分配 1，已找到 0，已核实 0，未找到 0，未走访 1，覆盖率 0%/)
      .waitFor();
    const township = detail.getByTestId('round-townships').locator('tr[data-row-key="371702001"]');
    expect(await township.textContent()).toContain('director-dongcheng（儿童主任）');
    const uncovered = detail.getByTestId('uncovered-table');
    await uncovered.locator(`tr[data-row-key="${seededChildId}"]`).waitFor();
    expect(await uncovered.locator('tr[data-row-key]').count()).toBe(2);
    expect(await uncovered.textContent()).toContain('未分配');

    await uncovered
      .locator(`tr[data-row-key="${seededChildId}"]`)
      .getByRole('button', { name: '登记结果' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('摸排日期').fill('2099-01-01');
    await dialog.getByRole('button', { name: label('保存') }).click();
    await dialog.getByText(/摸排日期 2099-01-01 不能晚于今日/).waitFor();
    sync();
    await dialog.getByLabel('摸排日期').fill(today());
    await dialog.getByRole('button', { name: label('保存') }).click();
    await dialog.waitFor({ state: 'detached' });
    await detail
      .getByTestId('round-summary')
      .getByText(/已分配 1，已找到 1，已核实 0，未找到 0，未走访 0，覆盖率 100%/)
      .waitFor();
    await uncovered.locator(`tr[data-row-key="${seededChildId}"]`).waitFor({ state: 'detached' });
    expect(await township.textContent()).toContain('100%');
    await screenshot(page, 'registry-screening-coverage');

    sync();
    await detail.getByRole('button', { name: '结束摸排轮次' }).click();
    await page
      .locator('.ant-popover')
      .getByRole('button', { name: label('结束') })
      .click();
    await detail
      .getByTestId('round-summary')
      .getByText(/^已于 \d{4}-\d{2}-\d{2} 结束，固定汇总：已分配 1，已找到 1/)
      .waitFor();
    await rounds.getByText('已结束').waitFor();
    expect(await detail.getByTestId('assign-form').count()).toBe(0);
    await screenshot(page, 'registry-screening-closed');
  });

  it('待补录: an imported row without an ID number is listed with what is missing, and completing it makes it a child', async () => {
    sync();
    const birthDate = '2017-03-03';
    const idNumber = makeIdNumber('371721', birthDate, 623);
    const workbook = await buildLedgerWorkbook([
      ledgerRow(1, today(), {
        birthDate,
        seq: 623,
        儿童姓名: '周小雪',
        身份证号: '',
        重点关爱服务对象困境类型: '家庭生活困难',
        基本情况概述: '母亲务工，家中困难',
        // 关爱服务活动 and 备注 blank, as a new entry's are (the ledger is built while screening):
        // completing the record opens the entry with no activities yet.
      }),
    ]);
    await page.getByRole('tab', { name: '台账导入' }).click();
    await page.getByTestId('import-file').setInputFiles({
      name: '牡丹区台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: workbook,
    });
    await page.getByRole('button', { name: /开始导入/ }).click();
    await page.getByTestId('import-status').getByText('已完成').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-summary').textContent()).toContain('待补录 1');

    await page.getByRole('tab', { name: '待补录' }).click();
    await page.getByTestId('incomplete-total').getByText('牡丹区待补录 1 条').waitFor();
    const row = page.getByTestId('incomplete-table').locator('tr[data-row-key]');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('身份证号');
    expect(text).toContain(`导入第 ${FIRST_DATA_ROW} 行`);
    expect(text).toContain('家庭生活困难');
    expect(text).not.toContain('周小雪');
    expect(text).toContain('*');
    await screenshot(page, 'registry-incomplete-list');

    await row.getByRole('button', { name: label('补录') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('身份证号').fill(idNumber.slice(0, 16));
    await dialog.getByRole('button', { name: '补录并登记' }).click();
    await dialog.getByText('身份证号：长度应为18位（15位旧号码仅限成年监护人）').waitFor();
    await dialog.getByLabel('身份证号').fill(idNumber);
    sync();
    await dialog.getByRole('button', { name: '补录并登记' }).click();
    // The outcome, or the registry's refusal (named in the failure when there is one).
    const outcome = page.locator('[data-testid="incomplete-done"], [data-testid="complete-error"]').first();
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe('已补录并登记为儿童（已认定为流动儿童）；已建重点关爱台账');
    await page.getByTestId('incomplete-total').getByText('牡丹区待补录 0 条').waitFor();
    // The child's page opens: determined like any child, its ledger entry open.
    const detail = page.getByTestId('child-detail');
    await detail
      .getByTestId('determination')
      .getByText(/^认定为流动儿童/)
      .waitFor();
    await detail.getByTestId('child-ledger-entry').getByText('在册').waitFor();
    expect(await detail.getByTestId('child-facts').textContent()).toContain(birthDate);
    await page.locator('.ant-drawer-close').click();
    await detail.waitFor({ state: 'detached' });
  });

  it('the ledger entry: a change refused by the registry, a change saved, 销档 with the reason it requires', async () => {
    await page.getByRole('tab', { name: '重点关爱台账' }).click();
    const entry = page.locator(`[data-testid="ledger-table"] tr[data-row-key="${seededEntryId}"]`);
    await entry.waitFor();

    await entry.getByRole('button', { name: label('变更') }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: '家庭生活困难' }).uncheck();
    await dialog.getByRole('button', { name: '保存变更' }).click();
    await dialog.getByText('至少选择一种困境类型').waitFor();
    // 自身残疾 is not in the child's record: the registry refuses it in its words.
    await dialog.getByRole('checkbox', { name: '自身残疾' }).check();
    sync();
    await dialog.getByRole('button', { name: '保存变更' }).click();
    await dialog
      .getByTestId('change-error')
      .getByText(/困境类型.*自身残疾.*不成立：儿童档案中未记录该困境/)
      .waitFor();
    await dialog.getByRole('checkbox', { name: '自身残疾' }).uncheck();
    await dialog.getByRole('checkbox', { name: '家庭生活困难' }).check();
    await dialog.getByLabel('年级').fill('五年级');
    await dialog.getByLabel('走访责任人').fill('director-dongcheng');
    sync();
    await dialog.getByRole('button', { name: '保存变更' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('ledger-notice').getByText(`台账已变更（${seededChildId}）`).waitFor();
    expect(await entry.textContent()).toContain('五年级');
    expect(await entry.textContent()).toContain('director-dongcheng');

    await entry.getByRole('button', { name: label('销档') }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '确认销档' }).click();
    await dialog.getByText('请选择销档原因').waitFor();
    await pick(dialog.getByTestId('close-reason'), '其他');
    await dialog.getByRole('button', { name: '确认销档' }).click();
    await dialog.getByText('销档原因为“其他”时须填写说明').waitFor();
    // The child is 11: the registry refuses 年满十六周岁 and says why.
    await pick(dialog.getByTestId('close-reason'), '年满十六周岁');
    sync();
    await dialog.getByRole('button', { name: '确认销档' }).click();
    await dialog
      .getByTestId('close-error')
      .getByText(/销档原因“年满十六周岁”不成立：儿童在 \d{4}-\d{2}-\d{2} 为 \d+ 周岁/)
      .waitFor();
    await pick(dialog.getByTestId('close-reason'), '困境已消除');
    await dialog.getByLabel('说明').fill('父母已稳定就业');
    sync();
    await dialog.getByRole('button', { name: '确认销档' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByTestId('ledger-notice')
      .getByText(new RegExp(`^已销档（${seededChildId}，`))
      .waitFor();
    await entry.waitFor({ state: 'detached' });
    await screenshot(page, 'registry-ledger-closed');

    // The registry keeps it closed, with the reason and note.
    const entries = await api<
      { entryId: string; status: string; closeReason: string; closeNote: string; grade: string }[]
    >('GET', `/api/v1/key-care/children/${seededChildId}/entries?countyCode=${COUNTY}`);
    expect(entries).toEqual([
      expect.objectContaining({
        entryId: seededEntryId,
        status: 'closed',
        closeReason: 'difficulty-resolved',
        closeNote: '父母已稳定就业',
        grade: '五年级',
      }),
    ]);

    // The child's page shows the entry as closed.
    await page.getByRole('tab', { name: '儿童信息' }).click();
    await page
      .locator(`tr[data-row-key="${seededChildId}"]`)
      .getByRole('button', { name: label('详情') })
      .click();
    await page
      .getByTestId('child-detail')
      .getByTestId('child-ledger-entry')
      .getByText(/已销档/)
      .waitFor();
  });
});
