import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Model } from 'mongoose';
import { today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { InjectModel } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import { countiesOfCity } from '../aggregates/areas';
import { ProjectionService } from '../aggregates/projection.service';
import { DAILY_MODEL, type DailyDocument } from './daily.schema';
import type { MonitoringConfig } from '../config';
import { areaSummary, stockFigures, type StockFigures } from './kpi-view';

/**
 * The day's closing figures of the city and each county (monitoring_daily), rewritten every
 * ALERT_SCAN_INTERVAL_MS and at shutdown: stock figures (children now, gaps open now) cannot be
 * recomputed for a past day from current states, so trends and the supervision report's year end
 * read these. One writer (the aggregates' owner), keyed by area and day.
 */
@Injectable()
export class SnapshotsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MonitoringSnapshots');
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<number> = Promise.resolve(0);

  constructor(
    @InjectModel(DAILY_MODEL) private readonly daily: Model<DailyDocument>,
    private readonly projection: ProjectionService,
    @InjectConfig() private readonly config: MonitoringConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      void this.write().catch((error) => this.logger.warn(`snapshot failed: ${(error as Error).message}`));
    }, this.config.ALERT_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.write().catch(() => undefined);
  }

  /**
   * Writes today's figures of the city and its counties. Writes run one after another (the timer's,
   * shutdown's), so two never update one document at once (FerretDB v1 loses concurrent updates).
   */
  write(): Promise<number> {
    const next = this.writing.catch(() => 0).then(() => this.writeAll());
    this.writing = next;
    return next;
  }

  private async writeAll(): Promise<number> {
    const day = today(this.clock);
    const store = this.projection.store;
    const thresholds = { gapAlertDays: this.config.GAP_ALERT_DAYS };
    const areas = [this.config.CITY_CODE, ...countiesOfCity(store, this.config.CITY_CODE)];
    const now = this.clock.now();
    for (const area of areas) {
      const figures = stockFigures(areaSummary(store, area, day, thresholds));
      await this.daily
        .updateOne(
          { _id: `${area}|${day}` },
          { $set: { area, day, figures, updatedAt: now } },
          { upsert: true },
        )
        .exec();
    }
    return areas.length;
  }

  /** Stored figures of an area between two days (inclusive), by day. */
  async figures(area: string, from: LocalDate, to: LocalDate): Promise<Map<LocalDate, StockFigures>> {
    const docs = await this.daily
      .find({ area, day: { $gte: from, $lte: to } })
      .lean<DailyDocument[]>()
      .exec();
    return new Map(docs.map((d) => [d.day, d.figures]));
  }
}
