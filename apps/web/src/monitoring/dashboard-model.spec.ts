import {
  drillPath,
  kpiCards,
  mapData,
  offMap,
  parentArea,
  periodEnding,
  shanghaiToday,
  subAreaValues,
  trendSeries,
} from './dashboard-model';
import type { KpiResponse, StockFigures } from './monitoring-api';
import heze from './heze-counties.geo.json';

const figures = (over: Partial<StockFigures> = {}): StockFigures => ({
  children: 0,
  migrantChildren: 0,
  staleChildren: 0,
  keyCareOpen: 0,
  visitsOpen: 0,
  visitsOverdue: 0,
  granted: 0,
  delivered: 0,
  refused: 0,
  open: 0,
  agedOpen: 0,
  ...over,
});

const day = (d: string, over: Record<string, number> = {}) => ({
  day: d,
  registered: 0,
  visitsRecorded: 0,
  granted: 0,
  delivered: 0,
  refused: 0,
  pushesSent: 0,
  pushesReceipted: 0,
  pushesMismatched: 0,
  comparisonTasksOpened: 0,
  comparisonTasksResolved: 0,
  stock: null,
  ...over,
});

const KPIS: KpiResponse = {
  area: { code: '371700', level: 'city', name: '菏泽市' },
  asOf: '2026-09-20',
  from: '2026-09-19',
  to: '2026-09-20',
  summary: {
    children: 12,
    migrantChildren: 10,
    byAgeBand: [],
    byDifficultyType: [],
    screening: { stale: 2, coverageRate: 0.8 },
    keyCare: { open: 3 },
    visits: { open: 4, overdue: 1 },
    services: { granted: 8, delivered: 6, open: 2, deliveryRate: 0.75, agedOpen: 0 },
    exchange: {
      pushes: { sent: 5, receipted: 4, mismatched: 0 },
      comparisonTasks: { open: 2, overdue: 1, resolved: 3 },
    },
  },
  days: [
    day('2026-09-19', { registered: 2, pushesSent: 1 }),
    day('2026-09-20', { comparisonTasksOpened: 2 }),
  ],
  subAreas: [
    {
      code: '371702',
      level: 'county',
      name: '牡丹区',
      figures: figures({ migrantChildren: 7, comparisonTasksOverdue: 1 }),
    },
    // A snapshot from before the exchange figures existed: counted as 0.
    { code: '371721', level: 'county', name: '曹县', figures: figures({ migrantChildren: 3 }) },
  ],
};

describe('the dashboard model', () => {
  it('makes the KPI cards in Chinese, flagging what needs follow-up', () => {
    const cards = kpiCards(KPIS);
    expect(cards.map((c) => [c.title, c.value, c.warn])).toEqual([
      ['流动儿童', '10', false],
      ['信息核实覆盖率', '80.0%', true],
      ['重点关爱对象', '3', true],
      ['服务落实率', '75.0%', false],
      ['推送户籍地', '5', false],
      ['比对差异任务待处理', '2', true],
    ]);
    expect(cards.find((c) => c.key === 'comparison')?.note).toBe('逾期 1，已处理 3');
    const empty = kpiCards({
      ...KPIS,
      summary: { ...KPIS.summary, screening: { stale: 0, coverageRate: null } },
    });
    expect(empty[1]).toMatchObject({ value: '—', warn: false });
  });

  it('colours every county of the real boundaries, 0 where the KPIs have none', () => {
    expect(heze.features.map((f) => f.properties.adcode)).toEqual([
      '371702',
      '371703',
      '371721',
      '371722',
      '371723',
      '371724',
      '371725',
      '371726',
      '371728',
    ]);
    const data = mapData(heze.features, subAreaValues(KPIS, 'migrantChildren'));
    expect(data).toHaveLength(9);
    expect(data.find((d) => d.code === '371702')).toEqual({ name: '牡丹区', code: '371702', value: 7 });
    expect(data.find((d) => d.code === '371728')).toEqual({ name: '东明县', code: '371728', value: 0 });
    expect(subAreaValues(KPIS, 'comparisonTasksOverdue').map((v) => v.value)).toEqual([1, 0]);
    // A development zone (a county-level code without boundaries of its own) is listed, not drawn.
    const zone = { code: '371771', name: '菏泽经济技术开发区', value: 2 };
    expect(offMap(heze.features, [...subAreaValues(KPIS, 'migrantChildren'), zone])).toEqual([zone]);
  });

  it('draws the period day by day', () => {
    expect(trendSeries(KPIS)).toEqual({
      days: ['09-19', '09-20'],
      series: [
        { name: '新登记', values: [2, 0] },
        { name: '服务已提供', values: [0, 0] },
        { name: '推送户籍地', values: [1, 0] },
        { name: '新增比对任务', values: [0, 2] },
      ],
    });
  });

  it.each([
    ['the city', { code: '371700', level: 'city' as const, name: '' }, ['371700']],
    ['a county', { code: '371702', level: 'county' as const, name: '' }, ['371700', '371702']],
    [
      'a township',
      { code: '371702001', level: 'township' as const, name: '' },
      ['371700', '371702', '371702001'],
    ],
  ])('drills down city → county → township: %s', (_why, area, path) => {
    expect(drillPath('371700', area)).toEqual(path);
  });

  it.each([
    ['371702001', '371702'],
    ['371702', '371700'],
    ['371700', null],
  ])('goes one level up from %s', (code, up) => {
    expect(parentArea('371700', code)).toBe(up);
  });

  it('takes the period ending today, and today on Asia/Shanghai days', () => {
    expect(periodEnding('2026-03-01', 7)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(periodEnding('2026-09-20', 1)).toEqual({ from: '2026-09-20', to: '2026-09-20' });
    expect(shanghaiToday(new Date('2026-09-19T16:30:00Z'))).toBe('2026-09-20');
    expect(shanghaiToday(new Date('2026-09-19T15:59:00Z'))).toBe('2026-09-19');
  });
});
