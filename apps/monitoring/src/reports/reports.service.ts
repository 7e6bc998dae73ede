import { Injectable } from '@nestjs/common';
import type { Actor } from '@care/access';
import { today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { invalidArgument } from '@care/errors';
import { InjectClock, type Clock } from '@care/service-kit';
import { countiesOfCity } from '../aggregates/areas';
import { ProjectionService } from '../aggregates/projection.service';
import { countiesVisible } from '../access/monitoring-access';
import { AlertsService } from '../alerts/alerts.service';
import type { MonitoringConfig } from '../config';
import { areaSummary, type AreaSummary, type StockFigures } from '../kpis/kpi-view';
import { SnapshotsService } from '../kpis/snapshots.service';
import { supervisionEvidence, type AlertRecord } from './supervision-report';
import { supervisionWorkbook } from './supervision-workbook';

@Injectable()
export class ReportsService {
  constructor(
    private readonly projection: ProjectionService,
    private readonly snapshots: SnapshotsService,
    private readonly alerts: AlertsService,
    @InjectConfig() private readonly config: MonitoringConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /** The year asked for (default this year); a future year has no evidence yet. */
  year(raw: string | undefined): number {
    const thisYear = Number(today(this.clock).slice(0, 4));
    const year = raw === undefined ? thisYear : Number(raw);
    if (year > thisYear) throw invalidArgument('year', '不晚于今年', `year 不能晚于今年（${thisYear}）`);
    return year;
  }

  /** 督导评估佐证 of the counties the actor may read (all of them for city-level staff). */
  async supervision(actor: Actor, year: number): Promise<{ file: Buffer; counties: string[] }> {
    const store = this.projection.store;
    const day: LocalDate = today(this.clock);
    const counties = countiesVisible(
      actor,
      this.config.CITY_CODE,
      countiesOfCity(store, this.config.CITY_CODE),
    );
    const thresholds = { gapAlertDays: this.config.GAP_ALERT_DAYS };
    const yearEnd = new Map<string, { day: LocalDate; figures: StockFigures }>();
    if (!day.startsWith(`${year}-`)) {
      for (const county of counties) {
        const stored = await this.snapshots.figures(county, `${year}-01-01`, `${year}-12-31`);
        const last = [...stored.keys()].sort().pop();
        if (last !== undefined) yearEnd.set(county, { day: last, figures: stored.get(last) as StockFigures });
      }
    }
    const visible = new Set(counties);
    const alerts: AlertRecord[] = (await this.alerts.raisedIn(year))
      .filter((a) => visible.has(a.countyCode))
      .map((a) => ({
        kind: a.kind,
        countyCode: a.countyCode,
        itemCode: a.itemCode,
        count: a.count,
        sinceOn: a.sinceOn,
        raisedAt: a.raisedAt,
        status: a.status,
        clearedAt: a.clearedAt,
      }))
      .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.countyCode.localeCompare(b.countyCode));
    const evidence = supervisionEvidence({ store, counties, year, today: day, thresholds, yearEnd, alerts });
    const current = new Map<string, AreaSummary>(
      counties.map((c) => [c, areaSummary(store, c, day, thresholds)]),
    );
    const file = await supervisionWorkbook({
      year,
      today: day,
      gapAlertDays: this.config.GAP_ALERT_DAYS,
      counties: evidence,
      current,
      alerts,
    });
    return { file, counties };
  }
}
