// 监测大屏 in real Chromium through the web server's one origin, against the real sign-in service
// and the real monitoring service (ACCESS_MODE=token), real broker and database. Events are
// published as the registry and the gateway would, on the test's own topics: the city's KPI cards,
// the map of Heze's counties (ECharts on a canvas), the trend, the drill-down city → county →
// township and back, the alerts, and a live update from the stream with no reload.
import type { Browser, Page } from 'playwright-core';
import { GatewayEvents, RegistryEvents, gateway, type EventType } from '@care/contracts';
import { addDays, shanghaiDate } from '@care/child-rules';
import { childFacts, TestPublisher, waitFor } from '@care/service-kit/testing';
import type { WebServer } from '../../apps/web/server/web-server';
import { AlertsService } from '../../apps/monitoring/src/alerts/alerts.service';
import { startMonitoring, type MonitoringTestApp } from '../../apps/monitoring/test/monitoring-fixtures';
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
} from './web-app';

jest.setTimeout(240_000);

const CITY_OFFICER = 'mz-city-officer';
const TYPES = [
  RegistryEvents.childRegistered,
  GatewayEvents.pushSent,
  GatewayEvents.pushReceipted,
  GatewayEvents.comparisonTaskChanged,
];

describe('web UI: the monitoring dashboard (KPI cards, county map, trends, drill-down, live updates)', () => {
  let auth: AuthTestApp;
  let monitoring: MonitoringTestApp;
  let publisher: TestPublisher;
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let secret = '';
  let today = '';

  const registered = (id: string, county: string, township: string) =>
    publisher.publish(RegistryEvents.childRegistered, id, {
      facts: childFacts(id, 1, { residenceCountyCode: county, residenceTownshipCode: township }),
      hasIdNumber: true,
      registeredAt: `${today}T09:00:00+08:00`,
    });

  const card = (key: string) => page.getByTestId(`kpi-${key}`);
  const cardShows = async (key: string, value: string) =>
    waitFor(
      `card ${key} shows ${value}`,
      async () => ((await card(key).locator('.ant-statistic-content').textContent()) ?? '').trim() === value,
      60_000,
      100,
    );

  beforeAll(async () => {
    buildWebBundle();
    auth = await startAuth('monitoring-web');
    auth.clock.set(suiteNoon());
    today = shanghaiDate(auth.clock.now());
    monitoring = await startMonitoring({
      name: 'web',
      today,
      env: {
        ACCESS_MODE: 'token',
        ACCESS_JWKS_URL: `${auth.httpUrl}/.well-known/jwks.json`,
        ACCESS_JWKS_COOLDOWN_MS: '0',
      },
    });
    monitoring.clock.set(auth.clock.now());
    secret = await bootstrapAccount(auth, {
      userId: CITY_OFFICER,
      role: 'civil-affairs-officer',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: ['371700'],
    });
    publisher = await TestPublisher.open(
      monitoring.config.KAFKA_BROKERS,
      monitoring.topicSuffix,
      TYPES as EventType<unknown>[],
    );
    // 牡丹区: three children (two townships) and the exchange; 曹县: two children.
    await registered('mc-1', '371702', '371702001');
    await registered('mc-2', '371702', '371702001');
    await registered('mc-3', '371702', '371702002');
    await registered('mc-4', '371721', '371721001');
    await registered('mc-5', '371721', '371721001');
    const sentAt = `${today}T08:00:00+08:00`;
    await publisher.publish(GatewayEvents.pushSent, '371702', {
      messageId: '371700.mc-1.1',
      peerCity: '410100',
      countyCode: '371702',
      sentAt,
    });
    await publisher.publish(GatewayEvents.pushReceipted, '371702', {
      messageId: '371700.mc-1.1',
      peerCity: '410100',
      countyCode: '371702',
      outcome: gateway.ReceiptOutcome.RECEIPT_OUTCOME_APPLIED,
      matched: false,
      differenceCount: 1,
      receiptedAt: `${today}T08:05:00+08:00`,
    });
    await publisher.publish(GatewayEvents.comparisonTaskChanged, '371702', {
      taskId: '410100:zz-1:missing-here:-',
      senderCity: '410100',
      countyCode: '371702',
      kind: gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_HERE,
      status: gateway.TaskStatus.TASK_STATUS_OPEN,
      dueOn: addDays(today, -2), // opened earlier, past its due day now
      changedAt: sentAt,
    });
    web = await startWeb({ auth: auth.httpUrl, monitoring: monitoring.httpUrl });
    browser = await launchChromium();
    page = await openPage(browser, auth.clock.now(), { width: 1440, height: 1000 });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await publisher?.close();
    await monitoring?.close();
    await auth?.close();
  });

  it('shows the city: KPI cards, the map of the nine counties, the trend, the county table', async () => {
    await page.goto(web.url);
    await signInOnPage(page, CITY_OFFICER, PASSWORD, () => codeFor(auth, secret));
    monitoring.clock.set(auth.clock.now());
    await page.getByRole('menuitem', { name: '监测大屏' }).click();
    await page.getByTestId('monitoring-dashboard').waitFor();
    await cardShows('migrant', '5');
    await cardShows('pushes', '1');
    await cardShows('comparison', '1');
    expect(await card('pushes').textContent()).toContain('记录不一致 1');
    expect(await card('comparison').textContent()).toContain('逾期 1');
    // The map and the trend are drawn by ECharts on canvases.
    await page.locator('[data-testid="monitoring-map"] canvas').first().waitFor();
    await page.locator('[data-testid="monitoring-trend"] canvas').first().waitFor();
    expect(await page.getByTestId('monitoring-map').getAttribute('aria-label')).toBe(
      '菏泽市各区县流动儿童地图',
    );
    const rows = page.locator('[data-testid="monitoring-subareas"] tbody tr');
    // Every county-level area of the city, with or without figures: the nine counties on the map and
    // the two development zones (no boundaries of their own), named under the map.
    expect(await rows.count()).toBe(11);
    expect(await page.getByTestId('monitoring-off-map').textContent()).toContain('菏泽经济技术开发区');
    expect(await page.getByTestId('drill-371702').textContent()).toBe('牡丹区');
    const mudan = (await page.locator('tr[data-row-key="371702"]').textContent()) ?? '';
    expect(mudan).toContain('3');
    await page.getByTestId('monitoring-live').getByText('实时更新中').waitFor();
    // The map is coloured (pixels of the scale's blue), not an empty canvas.
    const coloured = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: {
          querySelector(s: string): { getContext(k: string): unknown; width: number; height: number } | null;
        };
      };
      const canvas = g.document.querySelector('[data-testid="monitoring-map"] canvas');
      const ctx = canvas?.getContext('2d') as
        { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | undefined;
      if (!canvas || !ctx) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let blue = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 2] > 150 && data[i] < 120) blue += 1;
      return blue;
    });
    expect(coloured).toBeGreaterThan(1000);
    await screenshot(page, 'monitoring-city');
  });

  it('updates live from the stream, with no reload: a new child and the county alert', async () => {
    await monitoring.app.get(AlertsService).scan(); // the comparison task is overdue: 牡丹区's alert
    await registered('mc-6', '371702', '371702002');
    await cardShows('migrant', '6');
    await page
      .getByTestId('monitoring-live')
      .getByText(/最近变化/)
      .waitFor();
    await page
      .getByTestId('monitoring-alerts')
      .getByText('比对任务逾期：户籍地比对差异任务已过处理期限未处理')
      .waitFor();
  });

  it('drills down to a county, then a township, and back to the city', async () => {
    await page.getByTestId('drill-371702').click();
    await cardShows('migrant', '4');
    await page.getByTestId('monitoring-townships-chart').locator('canvas').first().waitFor();
    expect(await page.getByTestId('monitoring-breadcrumb').textContent()).toContain('牡丹区');
    await page.getByTestId('drill-371702001').waitFor();
    expect(await page.locator('tr[data-row-key="371702002"]').textContent()).toContain('2');
    await screenshot(page, 'monitoring-county');
    await page.getByTestId('drill-371702001').click();
    await cardShows('migrant', '2');
    await page.getByText('乡镇（街道）为最末一级').waitFor();
    // A township has no exchange figures (the gateway's events name counties only).
    await cardShows('comparison', '0');
    await page.getByTestId('monitoring-breadcrumb').getByText('菏泽市').click();
    await cardShows('migrant', '6');
    await page.locator('[data-testid="monitoring-map"] canvas').first().waitFor();
  });
});
