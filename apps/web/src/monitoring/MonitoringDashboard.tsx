// 监测大屏: the city platform's figures (apps/monitoring) for the city, a county or a township —
// KPI cards, the map of Heze's counties, the trend of the period, the next level down, the alerts —
// updated live from the monitoring service's stream. Drill down by clicking a county on the map or
// a row of the table; the breadcrumb goes back up.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert as Notice,
  Badge,
  Breadcrumb,
  Card,
  Col,
  Empty,
  List,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Session } from '../session';
import { errorText, useDeployment } from '../ui';
import { areaName } from '../deployment';
import { EChart, HEZE_FEATURES, HEZE_MAP } from './EChart';
import {
  drillPath,
  kpiCards,
  MAP_METRICS,
  mapData,
  offMap,
  parentArea,
  periodEnding,
  shanghaiToday,
  subAreaValues,
  trendSeries,
  type MapMetric,
} from './dashboard-model';
import { fetchAlerts, fetchKpis, followStream, type Alert, type KpiResponse } from './monitoring-api';

const PERIODS = [
  { label: '近7天', value: 7 },
  { label: '近30天', value: 30 },
  { label: '近90天', value: 90 },
];

// Charts draw without animation: a live refresh redraws at once (no replay of the lines every few
// seconds), and what a screenshot shows is the figures, not a frame of a transition.

/** How long the page waits after a live change before it asks for the figures again. */
const REFRESH_AFTER_CHANGE_MS = 400;

export function MonitoringDashboard(props: { session: Session; onUnauthorized: () => void }) {
  const { session, onUnauthorized } = props;
  const deployment = useDeployment();
  const cityCode = deployment?.cityCode ?? '371700';
  const token = session.accessToken;
  const cityStaff = session.account.countyCodes.includes(cityCode);
  const [area, setArea] = useState<string>(() =>
    cityStaff ? cityCode : (session.account.countyCodes[0] ?? cityCode),
  );
  const [days, setDays] = useState(30);
  const [asOf, setAsOf] = useState(() => shanghaiToday(new Date()));
  const [metric, setMetric] = useState<MapMetric>('migrantChildren');
  const [kpis, setKpis] = useState<KpiResponse | null>(null);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<{ connected: boolean; changes: number; lastAt: string | null }>({
    connected: false,
    changes: 0,
    lastAt: null,
  });
  const [version, setVersion] = useState(0);

  // The figures of the area and period; again after each live change (debounced by `version`).
  useEffect(() => {
    let current = true;
    const { from, to } = periodEnding(asOf, days);
    const countyCode = area.length >= 6 && area !== cityCode ? area.slice(0, 6) : undefined;
    Promise.all([
      fetchKpis(token, area, from, to, onUnauthorized),
      fetchAlerts(token, countyCode, onUnauthorized),
    ])
      .then(([k, a]) => {
        if (!current) return;
        if (k.asOf !== asOf) setAsOf(k.asOf); // the platform's day decides the period
        setKpis(k);
        setAlerts(a);
        setError(null);
      })
      .catch((e: unknown) => current && setError(errorText(e, '监测数据加载失败')));
    return () => {
      current = false;
    };
  }, [token, area, days, asOf, version, cityCode, onUnauthorized]);

  // The live stream of the area: every change asks for the figures again; reconnects when it ends.
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    let stopped = false;
    const run = async () => {
      while (!stopped) {
        try {
          setLive((l) => ({ ...l, connected: true }));
          await followStream(token, area, controller.signal, (change) => {
            setLive((l) => ({ connected: true, changes: l.changes + 1, lastAt: change.at }));
            window.clearTimeout(pending.current);
            pending.current = window.setTimeout(() => setVersion((v) => v + 1), REFRESH_AFTER_CHANGE_MS);
          });
        } catch {
          if (stopped) return;
        }
        setLive((l) => ({ ...l, connected: false }));
        if (!stopped) await new Promise((r) => window.setTimeout(r, 3_000));
      }
    };
    void run();
    return () => {
      stopped = true;
      controller.abort();
      window.clearTimeout(pending.current);
    };
  }, [token, area]);

  const nameOf = useCallback((code: string) => areaName(deployment, code), [deployment]);
  const drillTo = useCallback((code: string) => setArea(code), []);

  const values = useMemo(() => (kpis ? subAreaValues(kpis, metric) : []), [kpis, metric]);
  const undrawn = useMemo(() => offMap(HEZE_FEATURES, values), [values]);
  const mapOption = useMemo(() => {
    const data = mapData(HEZE_FEATURES, kpis?.area.level === 'city' ? values : []);
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}<br/>' + MAP_METRICS[metric] + '：{c}' },
      visualMap: {
        min: 0,
        max: Math.max(1, ...data.map((d) => d.value)),
        left: 'left',
        bottom: 8,
        text: ['高', '低'],
        calculable: true,
        inRange: { color: ['#e6f4ff', '#1677ff', '#002c8c'] },
      },
      series: [
        {
          type: 'map',
          map: HEZE_MAP,
          roam: false,
          label: { show: true, fontSize: 11 },
          emphasis: { label: { show: true } },
          selectedMode: false,
          data: data.map((d) => ({ name: d.name, value: d.value, code: d.code })),
        },
      ],
    };
  }, [values, metric, kpis]);

  const subAreaOption = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 120, right: 24, top: 16, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: values.map((v) => nameOf(v.code) || v.name) },
      series: [
        {
          type: 'bar',
          name: MAP_METRICS[metric],
          data: values.map((v) => ({ value: v.value, code: v.code })),
        },
      ],
    }),
    [values, metric, nameOf],
  );

  const trendOption = useMemo(() => {
    const trend = kpis ? trendSeries(kpis) : { days: [], series: [] };
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: trend.days },
      yAxis: { type: 'value', minInterval: 1 },
      series: trend.series.map((s) => ({ type: 'line', name: s.name, data: s.values })),
    };
  }, [kpis]);

  const path = kpis ? drillPath(cityCode, kpis.area) : [area];
  const level = kpis?.area.level ?? (area.length === 9 ? 'township' : area === cityCode ? 'city' : 'county');
  const up = parentArea(cityCode, area);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="monitoring-dashboard">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Breadcrumb
          data-testid="monitoring-breadcrumb"
          items={path.map((code, i) => {
            const name = i === path.length - 1 ? kpis?.area.name || nameOf(code) : nameOf(code);
            const reachable = i < path.length - 1 && (cityStaff || code !== cityCode);
            return {
              key: code,
              title: reachable ? <a onClick={() => drillTo(code)}>{name}</a> : <span>{name}</span>,
            };
          })}
        />
        <Space>
          <Segmented options={PERIODS} value={days} onChange={(v) => setDays(Number(v))} />
          <Badge
            status={live.connected ? 'processing' : 'default'}
            text={
              <span data-testid="monitoring-live">
                {live.connected ? '实时更新中' : '实时连接中断，正在重连'}
                {live.lastAt ? ` · 最近变化 ${new Date(live.lastAt).toLocaleTimeString('zh-CN')}` : ''}
              </span>
            }
          />
        </Space>
      </Space>
      {error ? <Notice type="error" showIcon message={error} data-testid="monitoring-error" /> : null}
      <Row gutter={[16, 16]}>
        {(kpis ? kpiCards(kpis) : []).map((card) => (
          <Col key={card.key} xs={12} md={8} xl={4}>
            <Card size="small" data-testid={`kpi-${card.key}`}>
              <Statistic
                title={card.title}
                value={card.value}
                valueStyle={card.warn ? { color: '#cf1322' } : undefined}
              />
              <Typography.Text type={card.warn ? 'danger' : 'secondary'}>{card.note}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={
              level === 'city' ? '各区县分布' : level === 'county' ? '各乡镇（街道）分布' : '乡镇（街道）'
            }
            extra={
              <Segmented
                size="small"
                options={Object.entries(MAP_METRICS).map(([value, label]) => ({ value, label }))}
                value={metric}
                onChange={(v) => setMetric(v as MapMetric)}
              />
            }
          >
            {level === 'city' ? (
              <>
                <EChart
                  option={mapOption}
                  height={420}
                  testId="monitoring-map"
                  label={`菏泽市各区县${MAP_METRICS[metric]}地图`}
                  onClick={(_name, data) => {
                    const code = (data as { code?: string } | undefined)?.code;
                    if (code) drillTo(code);
                  }}
                />
                {undrawn.length > 0 ? (
                  <Typography.Text type="secondary" data-testid="monitoring-off-map">
                    无单独边界、未在地图上绘制（见下表）：
                    {undrawn.map((v) => `${nameOf(v.code) || v.name} ${v.value}`).join('，')}
                  </Typography.Text>
                ) : null}
              </>
            ) : level === 'county' ? (
              <>
                <Typography.Text type="secondary">乡镇（街道）边界数据未收录，按柱状图显示。</Typography.Text>
                <EChart
                  option={subAreaOption}
                  height={Math.max(240, values.length * 28)}
                  testId="monitoring-townships-chart"
                  label={`各乡镇（街道）${MAP_METRICS[metric]}`}
                  onClick={(_name, data) => {
                    const code = (data as { code?: string } | undefined)?.code;
                    if (code) drillTo(code);
                  }}
                />
              </>
            ) : (
              <Empty description="乡镇（街道）为最末一级" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${days}天趋势（按日）`}>
            <EChart
              option={trendOption}
              height={level === 'township' ? 240 : 420}
              testId="monitoring-trend"
              label="按日趋势"
            />
          </Card>
        </Col>
      </Row>
      {level !== 'township' ? (
        <Card size="small" title={level === 'city' ? '区县明细（点击进入）' : '乡镇（街道）明细（点击进入）'}>
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            data-testid="monitoring-subareas"
            dataSource={kpis?.subAreas ?? []}
            columns={[
              {
                title: '区划',
                dataIndex: 'name',
                render: (_: unknown, row) => (
                  <a data-testid={`drill-${row.code}`} onClick={() => drillTo(row.code)}>
                    {row.name || nameOf(row.code)}
                  </a>
                ),
              },
              { title: '流动儿童', dataIndex: ['figures', 'migrantChildren'] },
              { title: '重点关爱', dataIndex: ['figures', 'keyCareOpen'] },
              { title: '逾期走访', dataIndex: ['figures', 'visitsOverdue'] },
              { title: '未落实服务', dataIndex: ['figures', 'open'] },
              { title: '待处理比对任务', render: (_: unknown, row) => row.figures.comparisonTasksOpen ?? 0 },
              { title: '逾期比对任务', render: (_: unknown, row) => row.figures.comparisonTasksOverdue ?? 0 },
            ]}
          />
        </Card>
      ) : null}
      <Card size="small" title="当前预警">
        <List
          data-testid="monitoring-alerts"
          dataSource={alerts}
          locale={{ emptyText: '暂无预警' }}
          renderItem={(a) => (
            <List.Item>
              <Space wrap>
                <Tag color="red">{a.kindLabel ?? a.kind}</Tag>
                <span>{nameOf(a.countyCode)}</span>
                {a.itemCode ? <span>服务项目 {a.itemCode}</span> : null}
                <span>涉及 {a.count}</span>
                {a.sinceOn ? <span>自 {a.sinceOn}</span> : null}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {up !== null && (cityStaff || up !== cityCode) ? (
        <Typography.Link onClick={() => drillTo(up)}>返回上一级</Typography.Link>
      ) : null}
    </Space>
  );
}
