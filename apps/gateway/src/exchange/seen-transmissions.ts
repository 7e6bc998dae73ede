import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Model } from 'mongoose';
import { CONFIG } from '@care/config';
import { InjectModel } from '@care/persistence';
import { CLOCK, type Clock } from '@care/service-kit';
import type { GatewayConfig } from '../config';
import type { SeenTransmissionDocument } from '../gateway.schemas';
import { SEEN_TRANSMISSIONS } from './receiver.service';

/** How often the receiver forgets the transmissions whose time window has passed. */
export const SEEN_PRUNE_INTERVAL_MS = 5 * 60_000;
/** Kept beyond the two windows, for the clocks' own drift between a check and the prune. */
const PRUNE_MARGIN_SECONDS = 60;

/**
 * The instant before which a seen transmission can be forgotten. A transmission is accepted only
 * while |receivedAt − sentAt| ≤ skew, so one first seen at T was sent no earlier than T − skew, and
 * a replay of it is accepted by the time window only until sentAt + skew ≤ T + 2·skew: after that
 * the window itself refuses it (`expired`), and the nonce need not be remembered.
 */
export function seenTransmissionCutoff(now: Date, skewSeconds: number): Date {
  return new Date(now.getTime() - (2 * skewSeconds + PRUNE_MARGIN_SECONDS) * 1000);
}

/**
 * Keeps `seen_transmissions` (the replay check's nonces) to the entries a replay could still
 * pass the time window with, instead of one document per transmission forever: a pass every
 * five minutes deletes the older ones (one deleteMany on the `at` index; the same on MongoDB).
 */
@Injectable()
export class SeenTransmissionsPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SeenTransmissionsPruner.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @InjectModel(SEEN_TRANSMISSIONS) private readonly seen: Model<SeenTransmissionDocument>,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Deletes the transmissions a replay of which the time window refuses; returns how many. */
  async prune(): Promise<number> {
    const cutoff = seenTransmissionCutoff(this.clock.now(), this.config.EXCHANGE_CLOCK_SKEW_SECONDS);
    const result = await this.seen.collection.deleteMany({ at: { $lt: cutoff } });
    return result.deletedCount;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.prune()
        .catch((error: unknown) =>
          this.logger.warn({
            msg: 'pruning seen transmissions failed; the next pass retries',
            error: error instanceof Error ? error.message : String(error),
          }),
        )
        .finally(() => (this.running = undefined));
    }, SEEN_PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }
}
