import { InjectConfig } from '@care/config';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectClock, type Clock } from '@care/service-kit';
import { today } from '@care/child-rules';
import type { ServicesCatalogConfig } from '../config';
import { ListActivationSignal } from '../service-lists/list-activation.signal';
import { ServiceListRepository } from '../service-lists/service-list.repository';
import { ServiceListsService } from '../service-lists/service-lists.service';
import type { ChildSelection } from './child-entitlements.repository';
import { EntitlementEngine } from './entitlement-engine';

/**
 * What changes entitlements without a registry event: a list version reaching its effective
 * date (recompute the county's children, or every child for the city list), and a child's
 * birthday crossing an item's age bound. Runs on publication and every RECOMPUTE_SWEEP_MS;
 * one sweep at a time, and a request during a sweep runs one more after it.
 */
@Injectable()
export class RecomputeSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecomputeSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly engine: EntitlementEngine,
    private readonly lists: ServiceListsService,
    private readonly listRepository: ServiceListRepository,
    private readonly signal: ListActivationSignal,
    @InjectClock() private readonly clock: Clock,
    @InjectConfig() private readonly config: ServicesCatalogConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.signal.onPublished(() => void this.trigger());
    this.timer = setInterval(() => void this.trigger(), this.config.RECOMPUTE_SWEEP_MS);
    this.timer.unref();
    void this.trigger();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }

  /** Starts a sweep (or queues one after the running one); resolves when the sweeps are done. */
  trigger(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.sweepOnce();
        } catch (error) {
          this.logger.error(
            `recompute sweep failed; retrying at the next sweep: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<void> {
    const day = today(this.clock);
    const due = await this.listRepository.dueForActivation(day);
    if (due.length > 0) {
      this.lists.invalidate();
      // The city list concerns every child; a county list the county's. One pass per selection.
      const selections: ChildSelection[] = due.some((s) => s.list.level === 'city')
        ? [{ kind: 'county' }]
        : [...new Set(due.map((s) => s.list.divisionCode))].map((countyCode) => ({
            kind: 'county',
            countyCode,
          }));
      for (const selection of selections) {
        const outcome = await this.engine.recomputeMany(selection, 'list-changed');
        this.logger.log(
          `applied list change to ${selection.kind === 'county' ? (selection.countyCode ?? 'all counties') : 'due'}: ${outcome.children} children, ${outcome.changed} changed, ${outcome.events} events`,
        );
      }
      for (const stored of due)
        await this.listRepository.markApplied(
          stored.list.divisionCode,
          stored.list.version,
          this.clock.now(),
        );
    }
    const aged = await this.engine.recomputeMany({ kind: 'due', onOrBefore: day }, 'age-changed');
    if (aged.children > 0)
      this.logger.log(`age bounds crossed: ${aged.children} children recomputed, ${aged.events} events`);
  }
}
