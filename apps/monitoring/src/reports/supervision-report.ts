import { daysBetween, shanghaiDate, type LocalDate } from '@care/child-rules';
import type { AggregateStore } from '../aggregates/aggregate-store';
import type { Metric } from '../aggregates/contributions';
import { ALERT_KINDS, type AlertKind } from '../alerts/alert-rules';
import { areaName, areaSummary, stockFigures, type KpiThresholds, type StockFigures } from '../kpis/kpi-view';

/** One county's row of the annual supervision evidence (§17 督导评估). */
export interface CountyEvidence {
  readonly countyCode: string;
  readonly countyName: string;
  /** The day the stock figures describe: the year's last snapshot, or today for the current year. */
  readonly figuresOn: LocalDate | '';
  readonly stock: StockFigures | null;
  readonly coverageRate: number | null;
  readonly lastVerifiedOn: LocalDate | '';
  readonly registeredInYear: number;
  readonly visitsRecordedInYear: number;
  readonly grantedInYear: number;
  readonly deliveredInYear: number;
  readonly refusedInYear: number;
  readonly deliveryRate: number | null;
  /** 跨区域推送与比对 within the year: pushes to hukou cities, comparison tasks routed to the county. */
  readonly exchangeInYear: {
    readonly pushesSent: number;
    readonly pushesReceipted: number;
    readonly pushesMismatched: number;
    readonly comparisonTasksOpened: number;
    readonly comparisonTasksResolved: number;
    readonly comparisonTasksSuperseded: number;
  };
  readonly alertsInYear: Readonly<Record<AlertKind, number>>;
}

export interface AlertRecord {
  readonly kind: AlertKind;
  readonly countyCode: string;
  readonly itemCode: string;
  readonly count: number;
  readonly sinceOn: string;
  readonly raisedAt: string;
  readonly status: 'open' | 'cleared';
  readonly clearedAt: string;
}

export interface SupervisionInput {
  readonly store: AggregateStore;
  readonly counties: readonly string[];
  readonly year: number;
  readonly today: LocalDate;
  readonly thresholds: KpiThresholds;
  /** The year's last stored figures of each county (past years). */
  readonly yearEnd: ReadonlyMap<string, { day: LocalDate; figures: StockFigures }>;
  readonly alerts: readonly AlertRecord[];
}

function inYear(store: AggregateStore, area: string, metric: Metric, year: number): number {
  let n = 0;
  for (const [day, count] of store.dims(area, metric)) if (day.startsWith(`${year}-`)) n += count;
  return n;
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** The evidence per county for a year: stock at the year's end (or now), flows within the year, alerts raised. */
export function supervisionEvidence(input: SupervisionInput): CountyEvidence[] {
  const current = input.today.startsWith(`${input.year}-`);
  return input.counties.map((countyCode) => {
    let stock: StockFigures | null = null;
    let figuresOn: LocalDate | '' = '';
    let lastVerifiedOn: LocalDate | '' = '';
    let coverageRate: number | null = null;
    if (current) {
      const summary = areaSummary(input.store, countyCode, input.today, input.thresholds);
      stock = stockFigures(summary);
      figuresOn = input.today;
      lastVerifiedOn = summary.screening.lastVerifiedOn ?? '';
      coverageRate = summary.screening.coverageRate;
    } else {
      const end = input.yearEnd.get(countyCode);
      if (end !== undefined) {
        stock = end.figures;
        figuresOn = end.day;
        coverageRate = rate(
          end.figures.migrantChildren - end.figures.staleChildren,
          end.figures.migrantChildren,
        );
      }
    }
    const alertsInYear = Object.fromEntries(
      (Object.keys(ALERT_KINDS) as AlertKind[]).map((k) => [
        k,
        input.alerts.filter((a) => a.countyCode === countyCode && a.kind === k).length,
      ]),
    ) as Record<AlertKind, number>;
    return {
      countyCode,
      countyName: areaName(countyCode),
      figuresOn,
      stock,
      coverageRate,
      lastVerifiedOn,
      registeredInYear: inYear(input.store, countyCode, 'registered-on', input.year),
      visitsRecordedInYear: inYear(input.store, countyCode, 'visit-recorded-on', input.year),
      grantedInYear: inYear(input.store, countyCode, 'granted-on', input.year),
      deliveredInYear: inYear(input.store, countyCode, 'delivered-on', input.year),
      refusedInYear: inYear(input.store, countyCode, 'refused-on', input.year),
      deliveryRate: stock === null ? null : rate(stock.delivered, stock.granted),
      exchangeInYear: {
        pushesSent: inYear(input.store, countyCode, 'push-sent-on', input.year),
        pushesReceipted: inYear(input.store, countyCode, 'push-receipted-on', input.year),
        pushesMismatched: inYear(input.store, countyCode, 'push-mismatched-on', input.year),
        comparisonTasksOpened: inYear(input.store, countyCode, 'comparison-opened-on', input.year),
        comparisonTasksResolved: inYear(input.store, countyCode, 'comparison-resolved-on', input.year),
        comparisonTasksSuperseded: inYear(input.store, countyCode, 'comparison-superseded-on', input.year),
      },
      alertsInYear,
    };
  });
}

/** Days an alert was open by `asOf` (its clearing, else today): for the alert sheet. */
export function alertOpenDays(alert: AlertRecord, asOf: LocalDate): number {
  const day = (instant: string) => shanghaiDate(new Date(instant));
  const end = alert.clearedAt === '' ? asOf : day(alert.clearedAt);
  return Math.max(0, daysBetween(day(alert.raisedAt), end));
}
