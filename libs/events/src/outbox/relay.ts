import type { EventEnvelope } from '../envelope';
import { EventsLogger, consoleLogger, errorFields } from '../logger';
import type { OutboxSource, PendingOutbox } from './source';

export interface OutboxRelayOptions {
  readonly sources: readonly OutboxSource[];
  /** How often to look for pending events when nobody nudges (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** Documents read per query (default 200). */
  readonly batchSize?: number;
  /** Longest wait after repeated failures (default 10 s). */
  readonly maxBackoffMs?: number;
  readonly logger?: EventsLogger;
  /**
   * Called after a round of events was acknowledged by Kafka and before the outbox entries are
   * removed: for metrics, and for the crash tests that kill the relay exactly there.
   */
  readonly onPublished?: (published: readonly PendingOutbox[]) => void | Promise<void>;
}

export interface RelayPublisher {
  publishEnvelopes(envelopes: readonly EventEnvelope[]): Promise<void>;
}

export interface RelayStats {
  published: number;
  acknowledgedDocuments: number;
  failedRounds: number;
}

/**
 * Publishes outbox entries and then removes them: at least once. A crash after publishing and
 * before the removal publishes the same events (same ids) again; consumers de-duplicate by id.
 *
 * Polls every pollIntervalMs (FerretDB has no change streams to watch); a writer calls nudge()
 * after its write so the event leaves at once. Each document's entries go in one produce request
 * in their written order, so one child's events keep their order.
 */
export class OutboxRelay {
  readonly stats: RelayStats = { published: 0, acknowledgedDocuments: 0, failedRounds: 0 };
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;
  private readonly logger: EventsLogger;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private draining: Promise<number> = Promise.resolve(0);
  private wakeUp: (() => void) | undefined;
  private nudged = false;

  constructor(
    private readonly publisher: RelayPublisher,
    private readonly options: OutboxRelayOptions,
  ) {
    if (options.sources.length === 0) throw new Error('OutboxRelay needs at least one source');
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.logger = options.logger ?? consoleLogger('warn', 'outbox-relay');
  }

  get sourceNames(): string[] {
    return this.options.sources.map((s) => s.name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Look now rather than at the next poll (a writer calls this right after its write). */
  nudge(): void {
    this.nudged = true;
    this.wakeUp?.();
  }

  /** Stops polling after the round in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loopDone;
    this.loopDone = undefined;
  }

  /**
   * Publishes everything pending now, source by source, and returns how many events it sent.
   * Rounds never overlap: a call made during one runs after it.
   */
  drainOnce(): Promise<number> {
    const next = this.draining.catch(() => 0).then(() => this.drainAll());
    this.draining = next;
    return next;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.nudged = false;
      try {
        await this.drainOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.stats.failedRounds += 1;
        this.logger.error(
          { sources: this.sourceNames, failures, ...errorFields(error) },
          'outbox relay round failed; backing off',
        );
      }
      if (!this.running) break;
      if (this.nudged && failures === 0) continue;
      const wait =
        failures === 0
          ? this.pollIntervalMs
          : Math.min(this.maxBackoffMs, this.pollIntervalMs * 2 ** failures);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private async drainAll(): Promise<number> {
    let sent = 0;
    for (const source of this.options.sources) {
      for (;;) {
        const startedAt = Date.now();
        const pending = await source.fetchPending(this.batchSize);
        if (pending.length === 0) break;
        const fetchMs = Date.now() - startedAt;
        sent += await this.relay(source, pending);
        this.logger.debug(
          { source: source.name, documents: pending.length, fetchMs, roundMs: Date.now() - startedAt },
          'outbox relay round',
        );
        if (pending.length < this.batchSize) break;
      }
    }
    return sent;
  }

  private async relay(source: OutboxSource, pending: readonly PendingOutbox[]): Promise<number> {
    // All documents' groups enter the publisher's batcher at once (in document order) and share
    // produce requests; each group stays whole.
    const results = await Promise.allSettled(
      pending.map((p) => this.publisher.publishEnvelopes(p.envelopes)),
    );
    const published = pending.filter((_, i) => results[i].status === 'fulfilled');
    const count = published.reduce((n, p) => n + p.envelopes.length, 0);
    this.stats.published += count;
    if (published.length > 0) {
      await this.options.onPublished?.(published);
      const ackStartedAt = Date.now();
      if (source.acknowledgeMany) await source.acknowledgeMany(published);
      else await Promise.all(published.map((p) => source.acknowledge(p)));
      this.logger.debug(
        { source: source.name, documents: published.length, ackMs: Date.now() - ackStartedAt },
        'outbox relay acknowledged',
      );
      this.stats.acknowledgedDocuments += published.length;
    }
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return count;
  }
}
