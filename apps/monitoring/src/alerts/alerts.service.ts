import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Model } from 'mongoose';
import { departmentFromProto, DEPARTMENTS, isDepartmentId } from '@care/catalogue';
import { today } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { MonitoringEvents, monitoring, type common } from '@care/contracts';
import { ConsumerRegistry, initialOutbox, outboxEntry, ulidGenerator, withOutboxUpdate } from '@care/events';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import { countiesOfCity } from '../aggregates/areas';
import { ProjectionService } from '../aggregates/projection.service';
import type { MonitoringConfig } from '../config';
import {
  alertConditions,
  conditionKey,
  itemDepartments,
  type AlertCondition,
  type AlertKind,
} from './alert-rules';
import { ALERT_MODEL, type AlertDocument } from './alerts.schema';

const PRODUCER = 'monitoring';

/**
 * The contract's number of each kind. monitoring.v1.AlertKind has no value for
 * comparison-tasks-overdue yet: that alert is stored, listed and reported, but published only once
 * proto/monitoring/v1 gains it (README, "Alerts").
 */
const KIND_NUMBERS: Readonly<Record<AlertKind, monitoring.AlertKind>> = {
  'screening-overdue': monitoring.AlertKind.ALERT_KIND_SCREENING_OVERDUE,
  'visits-overdue': monitoring.AlertKind.ALERT_KIND_VISITS_OVERDUE,
  'service-gap-aged': monitoring.AlertKind.ALERT_KIND_SERVICE_GAP_AGED,
  'comparison-tasks-overdue': monitoring.AlertKind.ALERT_KIND_COMPARISON_TASKS_OVERDUE,
};

const DEPARTMENT_NUMBERS = new Map(
  Object.entries(DEPARTMENTS).map(([id, d]) => [id, d.protoNumber as common.Department]),
);

export interface ScanResult {
  readonly raised: number;
  readonly updated: number;
  readonly cleared: number;
}

/**
 * Evaluates the alert rules on the aggregates every ALERT_SCAN_INTERVAL_MS: a condition that
 * begins is stored with its AlertRaised event in the same write (the outbox relay publishes it on
 * monitoring.alert.raised.v1), one that holds has its count kept current, one that ends is cleared.
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MonitoringAlerts');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ScanResult> | undefined;

  constructor(
    @InjectModel(ALERT_MODEL) private readonly alerts: Model<AlertDocument>,
    private readonly projection: ProjectionService,
    private readonly registry: ConsumerRegistry,
    @InjectConfig() private readonly config: MonitoringConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      void this.scan().catch((error) => this.logger.warn(`alert scan failed: ${(error as Error).message}`));
    }, this.config.ALERT_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  /** One evaluation (the timer's, or a test's); concurrent calls share the one in progress. */
  scan(): Promise<ScanResult> {
    this.running ??= this.evaluate().finally(() => (this.running = undefined));
    return this.running;
  }

  list(
    counties: readonly string[],
    filter: { kind?: AlertKind; status?: 'open' | 'cleared' },
  ): Promise<AlertDocument[]> {
    if (counties.length === 0) return Promise.resolve([]);
    return this.alerts
      .find({
        countyCode: counties.length === 1 ? counties[0] : { $in: [...counties] },
        ...(filter.kind === undefined ? {} : { kind: filter.kind }),
        status: filter.status ?? 'open',
      })
      .sort({ raisedAt: -1, _id: 1 })
      .lean<AlertDocument[]>()
      .exec();
  }

  /** Alerts raised in a year of Asia/Shanghai (the supervision report), every status. */
  raisedIn(year: number): Promise<AlertDocument[]> {
    const start = (y: number) => new Date(`${y}-01-01T00:00:00+08:00`).toISOString();
    return this.alerts
      .find({ raisedAt: { $gte: start(year), $lt: start(year + 1) } })
      .lean<AlertDocument[]>()
      .exec();
  }

  private async evaluate(): Promise<ScanResult> {
    const store = this.projection.store;
    const day = today(this.clock);
    const conditions = alertConditions(store, countiesOfCity(store, this.config.CITY_CODE), day, {
      gapAlertDays: this.config.GAP_ALERT_DAYS,
      visitsOverdueMin: this.config.VISITS_OVERDUE_ALERT_MIN,
      comparisonOverdueMin: this.config.COMPARISON_OVERDUE_ALERT_MIN,
    });
    const existing = new Map(
      (await this.alerts.find({}).lean<AlertDocument[]>().exec()).map((doc) => [doc._id, doc]),
    );
    const result = { raised: 0, updated: 0, cleared: 0 };
    const now = this.clock.now();
    for (const condition of conditions) {
      const key = conditionKey(condition);
      const doc = existing.get(key);
      existing.delete(key);
      if (doc === undefined || doc.status === 'cleared') {
        if (await this.raise(condition, doc, now)) result.raised += 1;
      } else if (doc.count !== condition.count || doc.sinceOn !== condition.sinceOn) {
        const written = await this.alerts
          .updateOne(
            { _id: key, rev: doc.rev },
            {
              $set: { count: condition.count, sinceOn: condition.sinceOn, rev: doc.rev + 1, updatedAt: now },
            },
          )
          .exec();
        if (written.matchedCount === 1) result.updated += 1;
      }
    }
    for (const doc of existing.values()) {
      if (doc.status !== 'open') continue;
      const written = await this.alerts
        .updateOne(
          { _id: doc._id, rev: doc.rev },
          { $set: { status: 'cleared', clearedAt: now.toISOString(), rev: doc.rev + 1, updatedAt: now } },
        )
        .exec();
      if (written.matchedCount === 1) result.cleared += 1;
    }
    if (result.raised > 0) this.registry.nudgeRelays();
    return result;
  }

  private async raise(
    condition: AlertCondition,
    previous: AlertDocument | undefined,
    now: Date,
  ): Promise<boolean> {
    const key = conditionKey(condition);
    const alertId = ulidGenerator();
    const departments =
      condition.itemCode === ''
        ? []
        : itemDepartments(this.projection.store, condition.countyCode, condition.itemCode).filter(
            isDepartmentId,
          );
    const raisedAt = now.toISOString();
    const kind = KIND_NUMBERS[condition.kind];
    const entries = [
      outboxEntry(
        MonitoringEvents.alertRaised,
        condition.countyCode,
        {
          alertId,
          kind,
          countyCode: condition.countyCode,
          itemCode: condition.itemCode,
          departments: departments
            .map((d) => DEPARTMENT_NUMBERS.get(d))
            .filter((d): d is common.Department => d !== undefined && departmentFromProto(d) !== undefined),
          count: condition.count,
          thresholdDays: condition.thresholdDays,
          sinceOn: condition.sinceOn,
          raisedAt,
        },
        PRODUCER,
      ),
    ];
    const fields = {
      alertId,
      kind: condition.kind,
      countyCode: condition.countyCode,
      itemCode: condition.itemCode,
      departments,
      status: 'open' as const,
      count: condition.count,
      thresholdDays: condition.thresholdDays,
      sinceOn: condition.sinceOn,
      raisedAt,
      clearedAt: '',
      updatedAt: now,
    };
    if (previous === undefined) {
      try {
        await this.alerts.create({ _id: key, ...fields, rev: 1, ...initialOutbox(entries) });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const written = await this.alerts
      .updateOne(
        { _id: key, rev: previous.rev },
        withOutboxUpdate({ $set: { ...fields, rev: previous.rev + 1 } }, entries),
      )
      .exec();
    return written.matchedCount === 1;
  }
}
