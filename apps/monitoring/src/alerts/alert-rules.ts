import { isStale, type LocalDate } from '@care/child-rules';
import type { AggregateStore } from '../aggregates/aggregate-store';
import type { Metric } from '../aggregates/contributions';
import { agedGaps, screeningOf } from '../kpis/kpi-view';

export const ALERT_KINDS = {
  'screening-overdue': '摸排超期：全县6个月内无儿童信息核实更新',
  'visits-overdue': '走访逾期：计划走访已过应走访日期未完成',
  'service-gap-aged': '服务缺口超期：应享服务超过规定天数未落实',
  'comparison-tasks-overdue': '比对任务逾期：户籍地比对差异任务已过处理期限未处理',
} as const;

export type AlertKind = keyof typeof ALERT_KINDS;

export interface AlertThresholds {
  readonly gapAlertDays: number;
  readonly visitsOverdueMin: number;
  readonly comparisonOverdueMin: number;
}

/**
 * The "things past their due day" rules, as data: the open metric whose dimension holds the due
 * day, where the due day sits in it, and the threshold (a count) that raises the alert.
 */
export const OVERDUE_RULES: readonly {
  readonly kind: AlertKind;
  readonly metric: Metric;
  readonly dueOn: (dim: string) => string;
  readonly min: (t: AlertThresholds) => number;
}[] = [
  { kind: 'visits-overdue', metric: 'visit-open', dueOn: (dim) => dim, min: (t) => t.visitsOverdueMin },
  {
    kind: 'comparison-tasks-overdue',
    metric: 'comparison-open',
    dueOn: (dim) => dim.split('|')[1] ?? '',
    min: (t) => t.comparisonOverdueMin,
  },
];

/** A condition that holds now; the alert is raised when it begins and cleared when it ends. */
export interface AlertCondition {
  readonly kind: AlertKind;
  readonly countyCode: string;
  /** The service item of a service gap, else ''. */
  readonly itemCode: string;
  readonly count: number;
  /** The days the condition crossed (0 where it is a count). */
  readonly thresholdDays: number;
  /** The oldest day involved: last verification, oldest due day, oldest grant day. */
  readonly sinceOn: LocalDate | '';
}

/** The key of one condition: the same key is one alert until it clears. */
export function conditionKey(c: Pick<AlertCondition, 'kind' | 'countyCode' | 'itemCode'>): string {
  return `${c.kind}|${c.countyCode}|${c.itemCode}`;
}

/**
 * The alert conditions of these counties today (MISSION.md rule 6: the evidence supervisors need):
 * - screening-overdue: the county has migrant children and none verified within six months
 *   (its latest verification is stale, the rule of @care/child-rules), i.e. not screened;
 * - visits-overdue: at least `visitsOverdueMin` planned visits past their due day;
 * - comparison-tasks-overdue: at least `comparisonOverdueMin` comparison tasks routed to the county
 *   still open past their due day (比对差异任务逾期; OVERDUE_RULES holds both overdue rules);
 * - service-gap-aged: per service item, entitlements open more than `gapAlertDays` after the grant.
 */
export function alertConditions(
  store: AggregateStore,
  counties: readonly string[],
  today: LocalDate,
  thresholds: AlertThresholds,
): AlertCondition[] {
  const out: AlertCondition[] = [];
  for (const countyCode of [...counties].sort()) {
    const screening = screeningOf(store, countyCode, today);
    const children = screening.current + screening.stale;
    if (children > 0 && isStale(screening.lastVerifiedOn ?? undefined, today)) {
      out.push({
        kind: 'screening-overdue',
        countyCode,
        itemCode: '',
        count: screening.stale,
        thresholdDays: 0,
        sinceOn: screening.lastVerifiedOn ?? '',
      });
    }
    for (const rule of OVERDUE_RULES) {
      let overdue = 0;
      let oldest: LocalDate | '' = '';
      for (const [dim, n] of store.dims(countyCode, rule.metric)) {
        const dueOn = rule.dueOn(dim);
        if (dueOn === '' || dueOn >= today) continue;
        overdue += n;
        if (oldest === '' || dueOn < oldest) oldest = dueOn;
      }
      if (overdue >= rule.min(thresholds)) {
        out.push({
          kind: rule.kind,
          countyCode,
          itemCode: '',
          count: overdue,
          thresholdDays: 0,
          sinceOn: oldest,
        });
      }
    }
    const gaps = agedGaps(store, countyCode, today, { gapAlertDays: thresholds.gapAlertDays });
    for (const [itemCode, gap] of [...gaps].sort(([a], [b]) => a.localeCompare(b))) {
      out.push({
        kind: 'service-gap-aged',
        countyCode,
        itemCode,
        count: gap.count,
        thresholdDays: thresholds.gapAlertDays,
        sinceOn: gap.oldest,
      });
    }
  }
  return out;
}

/** The departments responsible for an item in a county, as the aggregates know them. */
export function itemDepartments(store: AggregateStore, countyCode: string, itemCode: string): string[] {
  const found = new Set<string>();
  for (const dim of store.dims(countyCode, 'entitlement-department').keys()) {
    const [department, item] = dim.split('|');
    if (item === itemCode) found.add(department);
  }
  return [...found].sort();
}
