// What the monitoring dashboard shows, as pure functions of the KPI answer: the cards, the map's
// values per county, the trend series, the drill-down path and the period. Tested in
// dashboard-model.spec.ts; MonitoringDashboard.tsx only draws them.
import type { AreaRef, KpiResponse, StockFigures } from './monitoring-api';

export interface KpiCard {
  readonly key: string;
  readonly title: string;
  readonly value: string;
  /** A second line: what the figure is out of, or the part that needs action. */
  readonly note: string;
  /** The figure needs follow-up (overdue, aged, mismatched). */
  readonly warn: boolean;
}

function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

const n = (value: number): string => value.toLocaleString('zh-CN');

/** The KPI cards of an area (zh-CN). */
export function kpiCards(kpis: KpiResponse): KpiCard[] {
  const s = kpis.summary;
  const { pushes, comparisonTasks } = s.exchange;
  return [
    {
      key: 'migrant',
      title: '流动儿童',
      value: n(s.migrantChildren),
      note: `在册儿童 ${n(s.children)}`,
      warn: false,
    },
    {
      key: 'screening',
      title: '信息核实覆盖率',
      value: percent(s.screening.coverageRate),
      note: `超6个月未核实 ${n(s.screening.stale)}`,
      warn: s.screening.stale > 0,
    },
    {
      key: 'key-care',
      title: '重点关爱对象',
      value: n(s.keyCare.open),
      note: `逾期走访 ${n(s.visits.overdue)} / 待走访 ${n(s.visits.open)}`,
      warn: s.visits.overdue > 0,
    },
    {
      key: 'services',
      title: '服务落实率',
      value: percent(s.services.deliveryRate),
      note: `未落实 ${n(s.services.open)}，其中超期 ${n(s.services.agedOpen)}`,
      warn: s.services.agedOpen > 0,
    },
    {
      key: 'pushes',
      title: '推送户籍地',
      value: n(pushes.sent),
      note: `已回执 ${n(pushes.receipted)}，记录不一致 ${n(pushes.mismatched)}`,
      warn: pushes.mismatched > 0,
    },
    {
      key: 'comparison',
      title: '比对差异任务待处理',
      value: n(comparisonTasks.open),
      note: `逾期 ${n(comparisonTasks.overdue)}，已处理 ${n(comparisonTasks.resolved)}`,
      warn: comparisonTasks.overdue > 0,
    },
  ];
}

/** The figures a map or a sub-area chart can be coloured by. */
export const MAP_METRICS = {
  migrantChildren: '流动儿童',
  visitsOverdue: '逾期走访',
  open: '未落实服务',
  comparisonTasksOverdue: '逾期比对任务',
} as const satisfies Partial<Record<keyof StockFigures, string>>;

export type MapMetric = keyof typeof MAP_METRICS;

export interface AreaValue {
  readonly code: string;
  readonly name: string;
  readonly value: number;
}

/** One value per sub-area (county or township), in the order the API lists them. */
export function subAreaValues(kpis: KpiResponse, metric: MapMetric): AreaValue[] {
  return kpis.subAreas.map((a) => ({
    code: a.code,
    name: a.name || a.code,
    value: a.figures[metric] ?? 0,
  }));
}

/**
 * The map's data: every county of the GeoJSON by its feature name, the area's value where the
 * KPIs know the county, 0 where they do not (a county with nothing yet is still drawn).
 */
export function mapData(
  features: readonly { readonly properties: { readonly adcode: string; readonly name: string } }[],
  values: readonly AreaValue[],
): { name: string; code: string; value: number }[] {
  const byCode = new Map(values.map((v) => [v.code, v.value]));
  return features.map((f) => ({
    name: f.properties.name,
    code: f.properties.adcode,
    value: byCode.get(f.properties.adcode) ?? 0,
  }));
}

/** Sub-areas the boundaries do not draw (development zones administered inside the districts). */
export function offMap(
  features: readonly { readonly properties: { readonly adcode: string } }[],
  values: readonly AreaValue[],
): AreaValue[] {
  const drawn = new Set(features.map((f) => f.properties.adcode));
  return values.filter((v) => !drawn.has(v.code));
}

export interface TrendSeries {
  readonly days: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
}

/** Per day of the period: what happened (flows), and the closing migrant-children figure where known. */
export function trendSeries(kpis: KpiResponse): TrendSeries {
  const days = kpis.days.map((d) => d.day.slice(5));
  return {
    days,
    series: [
      { name: '新登记', values: kpis.days.map((d) => d.registered) },
      { name: '服务已提供', values: kpis.days.map((d) => d.delivered) },
      { name: '推送户籍地', values: kpis.days.map((d) => d.pushesSent) },
      { name: '新增比对任务', values: kpis.days.map((d) => d.comparisonTasksOpened) },
    ],
  };
}

/** The drill-down path: the city, then the county, then the township (each a level down). */
export function drillPath(cityCode: string, area: AreaRef): string[] {
  if (area.level === 'city') return [cityCode];
  const county = area.code.slice(0, 6);
  return area.level === 'county' ? [cityCode, county] : [cityCode, county, area.code];
}

/** One level up from an area code (a township's county, a county's city); null at the city. */
export function parentArea(cityCode: string, code: string): string | null {
  if (code.length === 9) return code.slice(0, 6);
  if (code !== cityCode) return cityCode;
  return null;
}

/** Today in Asia/Shanghai (the platform's days), from the browser's clock. */
export function shanghaiToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** The period ending `asOf` of `days` days (inclusive), as the KPI query's from/to. */
export function periodEnding(asOf: string, days: number): { from: string; to: string } {
  const end = new Date(`${asOf}T00:00:00Z`);
  const start = new Date(end.getTime() - (days - 1) * 86_400_000);
  return { from: start.toISOString().slice(0, 10), to: asOf };
}
