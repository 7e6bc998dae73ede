import { TopicRecords, isRetriableSendError } from './broker';
import { BackoffPolicy, backoffDelay, backoffProblems } from './failure';
import { EventsLogger, errorFields } from './logger';

/**
 * How long and how often a produce batch is sent again after a retriable failure. The deadline
 * bounds the wait of every publisher whose events are in the batch (and of those queued behind
 * it): no re-send starts after it, though the attempt in flight may outlast it by up to one
 * request timeout.
 */
export interface ResendPolicy extends BackoffPolicy {
  readonly deadlineMs: number;
}

/**
 * Two minutes outlast a leader election (KRaft fences a dead broker after
 * broker.session.timeout.ms, 9 s by default) and a rolling broker restart; the delays start short
 * because most failovers are over in seconds.
 */
export const DEFAULT_RESEND_POLICY: ResendPolicy = {
  deadlineMs: 120_000,
  initialDelayMs: 100,
  multiplier: 2,
  maxDelayMs: 5_000,
  jitter: 0.2,
};

export function validateResendPolicy(policy: ResendPolicy): ResendPolicy {
  const problems = backoffProblems(policy);
  if (!(policy.deadlineMs >= 0)) problems.unshift('deadlineMs must be >= 0');
  if (problems.length > 0) throw new RangeError(`invalid resend policy: ${problems.join('; ')}`);
  return policy;
}

/** The batch was still not acknowledged when its deadline came: the publishers get this rejection. */
export class SendDeadlineExceededError extends Error {
  override readonly name = 'SendDeadlineExceededError';
  constructor(
    readonly attempts: number,
    readonly elapsedMs: number,
    lastError: unknown,
  ) {
    super(
      `produce batch not acknowledged after ${attempts} attempts in ${elapsedMs} ms: ${
        lastError instanceof Error ? lastError.message : String(lastError)
      }`,
      { cause: lastError },
    );
  }
}

export interface ResendStats {
  /** Batches acknowledged, at the first attempt or after re-sends. */
  acknowledged: number;
  /** Whole-batch re-sends after a retriable failure. */
  resends: number;
  /** Batches given up on: a permanent error, or the deadline. */
  failed: number;
}

export interface ResendDeps {
  readonly logger: EventsLogger;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends a batch until the brokers acknowledged ALL of it: after a retriable failure the WHOLE batch
 * goes again, after a backoff, until the deadline; a permanent failure rejects at once.
 *
 * Why the whole batch: a failed produce call says nothing about which partitions got their
 * records, and kafkajs's own retry of a partial failure re-sends only to the brokers that have not
 * answered, so records of a partition whose leader moved to a broker that had already answered are
 * never sent while the call resolves (tulios/kafkajs#1303, fix proposed in PR #1798). Sending
 * everything again covers every partition wherever its leader is now; partitions that had their
 * records get them twice, which consumers absorb by event id (inbox, applyOnce). With one batch in
 * flight (SendBatcher) and one request in flight per broker connection, a re-send reaches each
 * partition before anything newer, so the first copy of each event stays in order per key.
 */
export class BatchResender {
  readonly stats: ResendStats = { acknowledged: 0, resends: 0, failed: 0 };
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly attempt: (batch: readonly TopicRecords[]) => Promise<void>,
    private readonly policy: ResendPolicy,
    private readonly deps: ResendDeps,
  ) {
    validateResendPolicy(policy);
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? defaultSleep;
    this.random = deps.random ?? Math.random;
  }

  async send(batch: readonly TopicRecords[]): Promise<void> {
    const started = this.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.attempt(batch);
        this.stats.acknowledged += 1;
        if (attempt > 1)
          this.deps.logger.info(
            { attempts: attempt, elapsedMs: this.now() - started },
            'produce batch acknowledged after re-sending',
          );
        return;
      } catch (error) {
        if (!isRetriableSendError(error)) {
          this.stats.failed += 1;
          throw error;
        }
        const delayMs = backoffDelay(attempt, this.policy, this.random);
        const elapsedMs = this.now() - started;
        if (elapsedMs + delayMs > this.policy.deadlineMs) {
          this.stats.failed += 1;
          throw new SendDeadlineExceededError(attempt, elapsedMs, error);
        }
        this.stats.resends += 1;
        this.deps.logger.warn(
          {
            attempt,
            delayMs,
            elapsedMs,
            topics: batch.map((t) => t.topic),
            records: batch.reduce((n, t) => n + t.records.length, 0),
            ...errorFields(error),
          },
          'produce batch not acknowledged; re-sending all of it',
        );
        await this.sleep(delayMs);
      }
    }
  }
}
