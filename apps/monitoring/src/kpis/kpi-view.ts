import {
  DEPARTMENTS,
  DIFFICULTY_TYPES,
  EDUCATION_STAGES,
  hezeBasicList,
  isDepartmentId,
  isDifficultyType,
  isEducationStage,
} from '@care/catalogue';
import { addDays, compareDates, daysBetween, isStale, type LocalDate } from '@care/child-rules';
import { invalidArgument } from '@care/errors';
import { resolveDivision } from '@care/divisions';
import { DIFFERENCE_KIND_LABELS, DIFFERENCE_KINDS } from '@care/exchange-rules';
import type { AggregateStore } from '../aggregates/aggregate-store';
import { AGE_BANDS } from '../aggregates/age-bands';
import type { EntitlementStatus } from '../aggregates/contributions';

export interface KpiThresholds {
  /** 服务缺口超期: open longer than this many days after the grant. */
  readonly gapAlertDays: number;
}

export interface Labelled {
  readonly code: string;
  readonly label: string;
  readonly count: number;
}

export interface ServiceCounts {
  readonly granted: number;
  readonly delivered: number;
  readonly refused: number;
  readonly open: number;
}

export interface ItemCounts extends ServiceCounts {
  readonly itemCode: string;
  readonly name: string;
  readonly agedOpen: number;
}

export interface DepartmentCounts extends ServiceCounts {
  readonly department: string;
  readonly name: string;
}

/** The figures of one area now (a KPI card set). */
export interface AreaSummary {
  readonly children: number;
  readonly migrantChildren: number;
  readonly byAgeBand: readonly Labelled[];
  readonly byHukouProvince: readonly Labelled[];
  readonly byDifficultyType: readonly Labelled[];
  readonly screening: {
    readonly current: number;
    readonly stale: number;
    readonly neverVerified: number;
    /** Share of migrant children verified within six months (0–1, 4 decimals; null without children). */
    readonly coverageRate: number | null;
    readonly lastVerifiedOn: LocalDate | null;
  };
  readonly keyCare: { readonly open: number; readonly byDifficultyType: readonly Labelled[] };
  readonly visits: {
    readonly open: number;
    readonly overdue: number;
    readonly oldestOverdueDueOn: LocalDate | null;
  };
  readonly services: ServiceCounts & {
    /** delivered ÷ granted (0–1, 4 decimals; null when nothing is granted). */
    readonly deliveryRate: number | null;
    readonly agedOpen: number;
    readonly oldestOpenGrantedOn: LocalDate | null;
    readonly byItem: readonly ItemCounts[];
    readonly byDepartment: readonly DepartmentCounts[];
  };
  readonly enrolment: { readonly enrolled: number; readonly byStage: readonly Labelled[] };
  readonly exchange: ExchangeFigures;
}

/**
 * 跨区域推送与比对 of an area: flows to date (sent, receipted, mismatched, each receipt's outcome;
 * tasks opened, resolved, superseded) and what stands now (awaiting a receipt; tasks open, overdue).
 */
export interface ExchangeFigures {
  readonly pushes: {
    readonly sent: number;
    readonly awaitingReceipt: number;
    readonly receipted: number;
    /** Receipted with the hukou city's record disagreeing (matched=false on the first receipt). */
    readonly mismatched: number;
    /** Every receipt by outcome: 已接收, 重复 (a message received before), 过期 (a newer record first). */
    readonly receipts: { readonly applied: number; readonly duplicate: number; readonly stale: number };
  };
  readonly comparisonTasks: {
    readonly opened: number;
    readonly resolved: number;
    readonly superseded: number;
    readonly open: number;
    /** Open past their due day (Asia/Shanghai days; due today is not overdue). */
    readonly overdue: number;
    readonly oldestOverdueDueOn: LocalDate | null;
    readonly openByKind: readonly Labelled[];
  };
}

/** The stock figures a daily snapshot keeps (trends, the supervision report's year end). */
export interface StockFigures {
  readonly children: number;
  readonly migrantChildren: number;
  readonly staleChildren: number;
  readonly keyCareOpen: number;
  readonly visitsOpen: number;
  readonly visitsOverdue: number;
  readonly granted: number;
  readonly delivered: number;
  readonly refused: number;
  readonly open: number;
  readonly agedOpen: number;
  readonly pushesAwaitingReceipt: number;
  readonly comparisonTasksOpen: number;
  readonly comparisonTasksOverdue: number;
}

/** What happened on one day (the flows a period query sums). */
export interface DayFlows {
  readonly registered: number;
  readonly visitsRecorded: number;
  readonly granted: number;
  readonly delivered: number;
  readonly refused: number;
  readonly pushesSent: number;
  readonly pushesReceipted: number;
  readonly pushesMismatched: number;
  readonly receiptsDuplicate: number;
  readonly receiptsStale: number;
  readonly comparisonTasksOpened: number;
  readonly comparisonTasksResolved: number;
  readonly comparisonTasksSuperseded: number;
}

export interface DayRow extends DayFlows {
  readonly day: LocalDate;
  /** The day's closing figures (the live ones for today; null for a day without a snapshot). */
  readonly stock: StockFigures | null;
}

const ITEM_NAMES = new Map(hezeBasicList().items.map((i) => [i.code, i.name]));

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function prefixed(dims: ReadonlyMap<string, number>, prefix: string): [string, number][] {
  return [...dims].filter(([d]) => d.startsWith(prefix)).map(([d, n]) => [d.slice(prefix.length), n]);
}

function byCount(a: Labelled, b: Labelled): number {
  return b.count - a.count || a.code.localeCompare(b.code);
}

function difficultyLabels(dims: ReadonlyMap<string, number>): Labelled[] {
  return prefixed(dims, 'difficulty:')
    .map(([code, count]) => ({
      code,
      label: isDifficultyType(code) ? DIFFICULTY_TYPES[code].nameZh : code,
      count,
    }))
    .sort(byCount);
}

/** 区划名称 of a code ('' when unknown). */
export function areaName(code: string): string {
  return resolveDivision(code)?.name ?? '';
}

export function screeningOf(store: AggregateStore, area: string, today: LocalDate): AreaSummary['screening'] {
  let current = 0;
  let stale = 0;
  let never = 0;
  let last: LocalDate | null = null;
  for (const [day, n] of store.dims(area, 'migrant-verified')) {
    if (day === '') never += n;
    else if (isStale(day, today)) stale += n;
    else current += n;
    if (day !== '' && (last === null || day > last)) last = day;
  }
  return {
    current,
    stale: stale + never,
    neverVerified: never,
    coverageRate: rate(current, current + stale + never),
    lastVerifiedOn: last,
  };
}

function visitsOf(store: AggregateStore, area: string, today: LocalDate): AreaSummary['visits'] {
  let open = 0;
  let overdue = 0;
  let oldest: LocalDate | null = null;
  for (const [dueOn, n] of store.dims(area, 'visit-open')) {
    open += n;
    if (dueOn < today) {
      overdue += n;
      if (oldest === null || dueOn < oldest) oldest = dueOn;
    }
  }
  return { open, overdue, oldestOverdueDueOn: oldest };
}

function addStatus(
  counts: { granted: number; delivered: number; refused: number; open: number },
  status: string,
  n: number,
) {
  counts.granted += n;
  if (status === 'delivered' || status === 'refused' || status === 'open')
    counts[status as EntitlementStatus] += n;
}

/** Open gaps older than the threshold, per item, with the oldest grant day. */
export function agedGaps(
  store: AggregateStore,
  area: string,
  today: LocalDate,
  thresholds: KpiThresholds,
): Map<string, { count: number; oldest: LocalDate }> {
  const out = new Map<string, { count: number; oldest: LocalDate }>();
  for (const [dim, n] of store.dims(area, 'gap-open')) {
    const [itemCode, grantedOn] = dim.split('|');
    if (grantedOn === '' || daysBetween(grantedOn, today) <= thresholds.gapAlertDays) continue;
    const entry = out.get(itemCode) ?? { count: 0, oldest: grantedOn };
    entry.count += n;
    if (grantedOn < entry.oldest) entry.oldest = grantedOn;
    out.set(itemCode, entry);
  }
  return out;
}

function servicesOf(
  store: AggregateStore,
  area: string,
  today: LocalDate,
  thresholds: KpiThresholds,
): AreaSummary['services'] {
  const total = { granted: 0, delivered: 0, refused: 0, open: 0 };
  const items = new Map<string, { granted: number; delivered: number; refused: number; open: number }>();
  for (const [dim, n] of store.dims(area, 'entitlement')) {
    const [itemCode, status] = dim.split('|');
    addStatus(total, status, n);
    const counts = items.get(itemCode) ?? { granted: 0, delivered: 0, refused: 0, open: 0 };
    addStatus(counts, status, n);
    items.set(itemCode, counts);
  }
  const departments = new Map<
    string,
    { granted: number; delivered: number; refused: number; open: number }
  >();
  for (const [dim, n] of store.dims(area, 'entitlement-department')) {
    const [department, , status] = dim.split('|');
    const counts = departments.get(department) ?? { granted: 0, delivered: 0, refused: 0, open: 0 };
    addStatus(counts, status, n);
    departments.set(department, counts);
  }
  const aged = agedGaps(store, area, today, thresholds);
  let oldestOpen: LocalDate | null = null;
  for (const dim of store.dims(area, 'gap-open').keys()) {
    const grantedOn = dim.split('|')[1];
    if (grantedOn !== '' && (oldestOpen === null || grantedOn < oldestOpen)) oldestOpen = grantedOn;
  }
  return {
    ...total,
    deliveryRate: rate(total.delivered, total.granted),
    agedOpen: [...aged.values()].reduce((s, a) => s + a.count, 0),
    oldestOpenGrantedOn: oldestOpen,
    byItem: [...items]
      .map(([itemCode, c]) => ({
        itemCode,
        name: ITEM_NAMES.get(itemCode) ?? '',
        ...c,
        agedOpen: aged.get(itemCode)?.count ?? 0,
      }))
      .sort((a, b) => a.itemCode.localeCompare(b.itemCode)),
    byDepartment: [...departments]
      .map(([department, c]) => ({
        department,
        name: isDepartmentId(department) ? DEPARTMENTS[department].nameZh : department,
        ...c,
      }))
      .sort((a, b) => a.department.localeCompare(b.department)),
  };
}

function sum(dims: ReadonlyMap<string, number>, keep: (dim: string) => boolean = () => true): number {
  let n = 0;
  for (const [dim, count] of dims) if (keep(dim)) n += count;
  return n;
}

/** The exchange figures of an area (its counties' pushes and comparison tasks; none per township). */
export function exchangeOf(store: AggregateStore, area: string, today: LocalDate): ExchangeFigures {
  const receipts = store.dims(area, 'push-receipt-on');
  const outcome = (o: string) => sum(receipts, (d) => d.startsWith(`${o}|`));
  let open = 0;
  let overdue = 0;
  let oldest: LocalDate | null = null;
  const byKind = new Map<string, number>();
  for (const [dim, n] of store.dims(area, 'comparison-open')) {
    const [kind, dueOn] = dim.split('|');
    open += n;
    byKind.set(kind, (byKind.get(kind) ?? 0) + n);
    if (dueOn < today) {
      overdue += n;
      if (oldest === null || dueOn < oldest) oldest = dueOn;
    }
  }
  return {
    pushes: {
      sent: sum(store.dims(area, 'push-sent-on')),
      awaitingReceipt: sum(store.dims(area, 'push-awaiting-receipt')),
      receipted: sum(store.dims(area, 'push-receipted-on')),
      mismatched: sum(store.dims(area, 'push-mismatched-on')),
      receipts: { applied: outcome('applied'), duplicate: outcome('duplicate'), stale: outcome('stale') },
    },
    comparisonTasks: {
      opened: sum(store.dims(area, 'comparison-opened-on')),
      resolved: sum(store.dims(area, 'comparison-resolved-on')),
      superseded: sum(store.dims(area, 'comparison-superseded-on')),
      open,
      overdue,
      oldestOverdueDueOn: oldest,
      openByKind: DIFFERENCE_KINDS.filter((k) => byKind.has(k)).map((code) => ({
        code,
        label: DIFFERENCE_KIND_LABELS[code],
        count: byKind.get(code) ?? 0,
      })),
    },
  };
}

export function areaSummary(
  store: AggregateStore,
  area: string,
  today: LocalDate,
  thresholds: KpiThresholds,
): AreaSummary {
  const migrant = store.dims(area, 'migrant');
  const keyCare = store.dims(area, 'key-care-open');
  const enrolled = store.dims(area, 'enrolled');
  return {
    children: store.count(area, 'children', ''),
    migrantChildren: migrant.get('all') ?? 0,
    byAgeBand: AGE_BANDS.map((b) => ({
      code: b.code,
      label: b.label,
      count: migrant.get(`age:${b.code}`) ?? 0,
    })),
    byHukouProvince: prefixed(migrant, 'hukou:')
      .map(([code, count]) => ({ code, label: code === '' ? '未知' : areaName(code) || code, count }))
      .sort(byCount),
    byDifficultyType: difficultyLabels(migrant),
    screening: screeningOf(store, area, today),
    keyCare: { open: keyCare.get('all') ?? 0, byDifficultyType: difficultyLabels(keyCare) },
    visits: visitsOf(store, area, today),
    services: servicesOf(store, area, today, thresholds),
    enrolment: {
      enrolled: [...enrolled.values()].reduce((s, n) => s + n, 0),
      byStage: [...enrolled]
        .map(([code, count]) => ({
          code,
          label: isEducationStage(code) ? EDUCATION_STAGES[code].nameZh : code,
          count,
        }))
        .sort(byCount),
    },
    exchange: exchangeOf(store, area, today),
  };
}

export function stockFigures(summary: AreaSummary): StockFigures {
  return {
    children: summary.children,
    migrantChildren: summary.migrantChildren,
    staleChildren: summary.screening.stale,
    keyCareOpen: summary.keyCare.open,
    visitsOpen: summary.visits.open,
    visitsOverdue: summary.visits.overdue,
    granted: summary.services.granted,
    delivered: summary.services.delivered,
    refused: summary.services.refused,
    open: summary.services.open,
    agedOpen: summary.services.agedOpen,
    pushesAwaitingReceipt: summary.exchange.pushes.awaitingReceipt,
    comparisonTasksOpen: summary.exchange.comparisonTasks.open,
    comparisonTasksOverdue: summary.exchange.comparisonTasks.overdue,
  };
}

/** The days from `from` to `to` inclusive (the caller bounds the range). */
export function daysOf(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** One row per day: what happened that day, and the day's closing figures where known. */
export function dailySeries(
  store: AggregateStore,
  area: string,
  days: readonly LocalDate[],
  stockOn: (day: LocalDate) => StockFigures | null,
): DayRow[] {
  return days.map((day) => ({ day, ...dayFlows(store, area, day), stock: stockOn(day) }));
}

/** Every flow of a day, once (the compiler checks none is missing). */
const FLOW_KEYS: Readonly<Record<keyof DayFlows, true>> = {
  registered: true,
  visitsRecorded: true,
  granted: true,
  delivered: true,
  refused: true,
  pushesSent: true,
  pushesReceipted: true,
  pushesMismatched: true,
  receiptsDuplicate: true,
  receiptsStale: true,
  comparisonTasksOpened: true,
  comparisonTasksResolved: true,
  comparisonTasksSuperseded: true,
};

/** The flows of one day in an area. */
export function dayFlows(store: AggregateStore, area: string, day: LocalDate): DayFlows {
  const on = (metric: Parameters<AggregateStore['count']>[1], dim: string = day) =>
    store.count(area, metric, dim);
  return {
    registered: on('registered-on'),
    visitsRecorded: on('visit-recorded-on'),
    granted: on('granted-on'),
    delivered: on('delivered-on'),
    refused: on('refused-on'),
    pushesSent: on('push-sent-on'),
    pushesReceipted: on('push-receipted-on'),
    pushesMismatched: on('push-mismatched-on'),
    receiptsDuplicate: on('push-receipt-on', `duplicate|${day}`),
    receiptsStale: on('push-receipt-on', `stale|${day}`),
    comparisonTasksOpened: on('comparison-opened-on'),
    comparisonTasksResolved: on('comparison-resolved-on'),
    comparisonTasksSuperseded: on('comparison-superseded-on'),
  };
}

/** The flows of a period: the sum of its days'. */
export function periodTotals(rows: readonly DayFlows[]): DayFlows {
  const totals = Object.fromEntries(Object.keys(FLOW_KEYS).map((k) => [k, 0])) as Record<
    keyof DayFlows,
    number
  >;
  for (const row of rows) for (const k of Object.keys(FLOW_KEYS) as (keyof DayFlows)[]) totals[k] += row[k];
  return totals;
}

export const MAX_RANGE_DAYS = 366;

/**
 * The day range of a KPI query (both ends valid dates): none given is today; one given is that
 * day (from alone reaches today when it is past); the range is ordered and at most MAX_RANGE_DAYS.
 */
export function kpiRange(
  from: LocalDate | undefined,
  to: LocalDate | undefined,
  day: LocalDate,
): [LocalDate, LocalDate] {
  const start = from ?? to ?? day;
  const end = to ?? (from === undefined || compareDates(from, day) > 0 ? start : day);
  if (compareDates(start, end) > 0)
    throw invalidArgument('from', '不晚于 to', `起始日期 from（${start}）晚于截止日期 to（${end}）`);
  if (daysBetween(start, end) + 1 > MAX_RANGE_DAYS)
    throw invalidArgument(
      'to',
      `跨度不超过${MAX_RANGE_DAYS}天`,
      `查询跨度（from ${start} 至 to ${end}）不能超过${MAX_RANGE_DAYS}天`,
    );
  return [start, end];
}
