// The API on the real broker and database: events move the KPIs and reach the live stream;
// alerts are listed and published on monitoring.alert.raised.v1; the supervision workbook is
// built from the aggregates; county staff see only their counties, city staff the city.
import ExcelJS from 'exceljs';
import { CatalogueEvents, MonitoringEvents, RegistryEvents, monitoring } from '@care/contracts';
import { childFacts, httpJson, TestPublisher, TopicProbe, waitFor } from '@care/service-kit/testing';
import type { AlertsService } from '../src/alerts/alerts.service';
import { AlertsService as AlertsServiceToken } from '../src/alerts/alerts.service';
import type { KpiResponse } from '../src/kpis/kpis.service';
import { SUPERVISION_SHEETS } from '../src/reports/supervision-workbook';
import {
  CONSUMED_TYPES,
  cityOfficer,
  countyOfficer,
  HEALTH,
  startMonitoring,
  type MonitoringTestApp,
} from './monitoring-fixtures';

describe('monitoring API: KPIs, live stream, alerts as a list and as events, supervision workbook (real Kafka, database)', () => {
  let app: MonitoringTestApp;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  beforeAll(async () => {
    app = await startMonitoring({ name: 'api', today: '2026-09-20', env: { GAP_ALERT_DAYS: '30' } });
    publisher = await TestPublisher.open(app.config.KAFKA_BROKERS, app.topicSuffix, CONSUMED_TYPES);
    probe = await TopicProbe.open(app.config.KAFKA_BROKERS, [MonitoringEvents.alertRaised], app.topicSuffix);
  }, 120_000);

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await app?.close();
  });

  const kpis = (area: string, headers = cityOfficer, range = '') =>
    httpJson<KpiResponse>(app.httpUrl, 'GET', `/api/v1/kpis?area=${area}${range}`, undefined, headers);

  it('streams the change of a registration and shows it in the KPIs', async () => {
    const controller = new AbortController();
    const response = await fetch(`${app.httpUrl}/api/v1/stream?area=371721`, {
      headers: countyOfficer('371721'),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const received = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += Buffer.from(value).toString('utf8');
        if (text.includes('"metric":"migrant"')) return text;
      }
    })();
    await publisher.publish(RegistryEvents.childRegistered, 'api-1', {
      facts: childFacts('api-1', 1, { residenceCountyCode: '371721', residenceTownshipCode: '371721001' }),
      hasIdNumber: true,
      registeredAt: '2026-09-20T09:00:00+08:00',
    });
    const streamed = await received;
    controller.abort();
    expect(streamed).toContain('event: kpi');
    expect(streamed).toContain('"area":"371721"');
    expect(streamed).not.toContain('api-1'); // counters only, no child ids on the stream
    const county = await kpis('371721', countyOfficer('371721'), '&from=2026-09-19&to=2026-09-20');
    expect(county.status).toBe(200);
    expect(county.body.summary.migrantChildren).toBe(1);
    expect(county.body.days.map((d) => [d.day, d.registered])).toEqual([
      ['2026-09-19', 0],
      ['2026-09-20', 1],
    ]);
  });

  it('refuses the city to county staff and another county, and bad input naming the field', async () => {
    const city = await kpis('371700', countyOfficer('371721'));
    expect(city.status).toBe(403);
    expect(JSON.stringify(city.body)).toContain('仅市级人员');
    expect((await kpis('371702', countyOfficer('371721'))).status).toBe(403);
    expect((await kpis('371700')).status).toBe(200);
    const bad = await kpis('371721', countyOfficer('371721'), '&from=2026-09-21&to=2026-09-20');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('起始日期');
    const foreign = await kpis('110101', cityOfficer);
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('area');
  });

  it('raises a service-gap alert once, publishes it, lists it, and clears it when the gap closes', async () => {
    await publisher.publish(CatalogueEvents.entitlementGranted, 'api-1', {
      childId: 'api-1',
      countyCode: '371721',
      itemCode: 'HZ-06',
      itemName: '卫生健康服务',
      departments: [HEALTH],
      listVersion: 1,
      grantedAt: '2026-07-01T08:00:00+08:00',
    });
    await waitFor('the grant', async () => (await kpis('371721')).body.summary.services.agedOpen === 1);
    const alerts = app.app.get<AlertsService>(AlertsServiceToken);
    expect((await alerts.scan()).raised).toBe(1);
    expect((await alerts.scan()).raised).toBe(0); // the same condition is one alert
    const [event] = await probe.waitFor(MonitoringEvents.alertRaised, 1);
    expect(event.key).toBe('371721');
    expect(event.message).toMatchObject({
      kind: monitoring.AlertKind.ALERT_KIND_SERVICE_GAP_AGED,
      countyCode: '371721',
      itemCode: 'HZ-06',
      departments: [HEALTH],
      count: 1,
      thresholdDays: 30,
      sinceOn: '2026-07-01',
    });
    const listed = await httpJson<{ alerts: { alertId: string; kind: string }[] }>(
      app.httpUrl,
      'GET',
      '/api/v1/alerts?countyCode=371721',
      undefined,
      countyOfficer('371721'),
    );
    expect(listed.body.alerts).toEqual([
      expect.objectContaining({ alertId: event.message.alertId, kind: 'service-gap-aged' }),
    ]);
    const other = await httpJson(
      app.httpUrl,
      'GET',
      '/api/v1/alerts?countyCode=371721',
      undefined,
      countyOfficer('371702'),
    );
    expect(other.status).toBe(403);
    await publisher.publish(CatalogueEvents.entitlementWithdrawn, 'api-1', {
      childId: 'api-1',
      countyCode: '371721',
      itemCode: 'HZ-06',
      departments: [HEALTH],
      reason: 'facts-changed',
      withdrawnAt: '2026-09-20T08:00:00+08:00',
    });
    await waitFor('the withdrawal', async () => (await kpis('371721')).body.summary.services.granted === 0);
    expect((await alerts.scan()).cleared).toBe(1);
    const open = await httpJson<{ alerts: unknown[] }>(
      app.httpUrl,
      'GET',
      '/api/v1/alerts',
      undefined,
      cityOfficer,
    );
    expect(open.body.alerts).toEqual([]);
  });

  it('builds the supervision workbook with Chinese headers from the aggregates', async () => {
    const response = await fetch(`${app.httpUrl}/api/v1/reports/supervision?year=2026`, {
      headers: cityOfficer,
    });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet(SUPERVISION_SHEETS.counties);
    const headers = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 5)).toEqual(['区县代码', '区县名称', '统计截止日期', '在册儿童数', '流动儿童数']);
    const caoxian = sheet?.getRows(2, sheet.rowCount - 1)?.find((r) => r.getCell(1).value === '371721');
    expect(caoxian?.getCell(2).value).toBe('曹县');
    expect(caoxian?.getCell(5).value).toBe(1);
    expect(workbook.getWorksheet(SUPERVISION_SHEETS.alerts)?.rowCount).toBe(2); // header + the year's one alert
    const future = await httpJson(
      app.httpUrl,
      'GET',
      '/api/v1/reports/supervision?year=2030',
      undefined,
      cityOfficer,
    );
    expect(future.status).toBe(400);
    const director = await fetch(`${app.httpUrl}/api/v1/reports/supervision`, {
      headers: { ...cityOfficer, 'x-role': 'child-director' },
    });
    expect(director.status).toBe(403);
  });
});
