import { Injectable, type MessageEvent } from '@nestjs/common';
import { filter, interval, map, merge, type Observable } from 'rxjs';
import type { Actor } from '@care/access';
import { isLocalDate, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { invalidArgument } from '@care/errors';
import { InjectClock, type Clock } from '@care/service-kit';
import { countiesOfCity, townshipsOfCounty } from '../aggregates/areas';
import { ProjectionService } from '../aggregates/projection.service';
import {
  assertMayRead,
  defaultArea,
  mayRead,
  parseArea,
  type Area,
  type AreaLevel,
} from '../access/monitoring-access';
import type { MonitoringConfig } from '../config';
import {
  areaName,
  areaSummary,
  dailySeries,
  daysOf,
  kpiRange,
  periodTotals,
  stockFigures,
  type AreaSummary,
  type DayFlows,
  type DayRow,
  type StockFigures,
} from './kpi-view';
import type { KpiQueryDto } from './kpis.dto';
import { SnapshotsService } from './snapshots.service';

export interface AreaRef {
  readonly code: string;
  readonly level: AreaLevel;
  readonly name: string;
}

export interface KpiResponse {
  readonly area: AreaRef;
  /** Today (Asia/Shanghai): the day `summary` describes. */
  readonly asOf: LocalDate;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly summary: AreaSummary;
  readonly days: readonly DayRow[];
  /** The flows of the whole period (the sum of `days`). */
  readonly periodTotals: DayFlows;
  /** The next level down (city → counties, county → townships) for the drill-down and the map. */
  readonly subAreas: readonly (AreaRef & { readonly figures: StockFigures })[];
}

/** What the live stream sends on each change: the counters that moved, with their new values. */
export interface StreamChange {
  readonly seq: number;
  readonly at: string;
  readonly changes: readonly { area: string; metric: string; dim: string; delta: number; value: number }[];
}

function ref(area: Area): AreaRef {
  return { code: area.code, level: area.level, name: areaName(area.code) };
}

function within(parent: Area, code: string, cityCode: string): boolean {
  if (parent.level === 'city') return code.startsWith(cityCode.slice(0, 4));
  return code.startsWith(parent.code);
}

@Injectable()
export class KpisService {
  constructor(
    private readonly projection: ProjectionService,
    private readonly snapshots: SnapshotsService,
    @InjectConfig() private readonly config: MonitoringConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  today(): LocalDate {
    return today(this.clock);
  }

  private readArea(actor: Actor, code: string | undefined): Area {
    const area = parseArea(code ?? defaultArea(actor, this.config.CITY_CODE), this.config.CITY_CODE);
    assertMayRead(actor, this.config.CITY_CODE, area);
    return area;
  }

  private range(from: string | undefined, to: string | undefined, day: LocalDate): [LocalDate, LocalDate] {
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (value !== undefined && !isLocalDate(value))
        throw invalidArgument(field, '有效日期', `${field} 不是有效日期：${value}`);
    return kpiRange(from, to, day);
  }

  async query(actor: Actor, query: KpiQueryDto): Promise<KpiResponse> {
    const area = this.readArea(actor, query.area);
    const day = this.today();
    const [from, to] = this.range(query.from, query.to, day);
    const thresholds = { gapAlertDays: this.config.GAP_ALERT_DAYS };
    const store = this.projection.store;
    const summary = areaSummary(store, area.code, day, thresholds);
    const stored = await this.snapshots.figures(area.code, from, to);
    const live = stockFigures(summary);
    const days = dailySeries(store, area.code, daysOf(from, to), (d) =>
      d === day ? live : (stored.get(d) ?? null),
    );
    const below =
      area.level === 'city'
        ? countiesOfCity(store, this.config.CITY_CODE)
        : area.level === 'county'
          ? townshipsOfCounty(store, area.code)
          : [];
    const subAreas = below
      .map((code) => parseArea(code, this.config.CITY_CODE))
      .filter((a) => mayRead(actor, this.config.CITY_CODE, a))
      .map((a) => ({ ...ref(a), figures: stockFigures(areaSummary(store, a.code, day, thresholds)) }));
    return {
      area: ref(area),
      asOf: day,
      from,
      to,
      summary,
      days,
      periodTotals: periodTotals(days),
      subAreas,
    };
  }

  /** The changes the actor may see, under the requested area, as server-sent events (with a keep-alive). */
  stream(actor: Actor, code: string | undefined): Observable<MessageEvent> {
    const area = this.readArea(actor, code);
    const city = this.config.CITY_CODE;
    const visible = (changeArea: string): boolean =>
      within(area, changeArea, city) && mayRead(actor, city, parseSafe(changeArea, city));
    const changes = this.projection.changes.pipe(
      map((batch): StreamChange => ({
        seq: batch.seq,
        at: batch.at,
        changes: batch.changes.filter((c) => visible(c.area)),
      })),
      filter((batch) => batch.changes.length > 0),
      map((data): MessageEvent => ({ type: 'kpi', id: String(data.seq), data })),
    );
    const keepAlive = interval(15_000).pipe(
      map((): MessageEvent => ({ type: 'ping', data: { at: this.clock.now().toISOString() } })),
    );
    return merge(changes, keepAlive);
  }
}

/** An area of a counter; a code outside the city's scheme reads as nobody's county (only city staff see it). */
function parseSafe(code: string, city: string): Area {
  try {
    return parseArea(code, city);
  } catch {
    return { code, level: 'county', countyCode: '' };
  }
}
