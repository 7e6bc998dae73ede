import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CONFIG } from '@care/config';
import type { RegistryConfig } from '../config';
import { InjectClock, type Clock } from '@care/service-kit';
import { nextRunAt } from './schedule';
import { StatusRecomputationService } from './status-recomputation.service';

/**
 * Runs the daily recomputation at RECOMPUTE_AT (default 00:10) Asia/Shanghai, for that day.
 * A plain timer re-armed after each run (no cron dependency): the next instant is computed from
 * the injected clock, so a long run or a suspended process never runs the same day twice.
 * With several instances each runs it; the job is idempotent, so the second finds nothing.
 */
@Injectable()
export class StatusScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StatusScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly job: StatusRecomputationService,
    @Inject(CONFIG) private readonly config: RegistryConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RECOMPUTE_SCHEDULE_ENABLED) this.arm();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** The next scheduled run (for the admin view and tests). */
  nextRun(): { at: Date; date: string } {
    return nextRunAt(this.clock.now(), this.config.RECOMPUTE_AT);
  }

  private arm(): void {
    if (this.stopped) return;
    const { at, date } = this.nextRun();
    // setTimeout's limit is ~24.8 days; a day is far below it.
    const delay = Math.max(0, at.getTime() - this.clock.now().getTime());
    this.timer = setTimeout(() => {
      void this.job
        .recomputeStatuses(date)
        .catch((error: unknown) =>
          this.logger.error({
            msg: 'daily status recomputation failed',
            asOf: date,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
        .finally(() => this.arm());
    }, delay);
    this.timer.unref();
  }
}
