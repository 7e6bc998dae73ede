import { Span, Tracer, context as otelContext } from '@opentelemetry/api';
import type { BatchControls, ConsumedBatch, ConsumedRecord, OutgoingRecord } from './broker';
import { DeadLetterReason, deadLetterReason, deadLetterRecord } from './dead-letter';
import { PoisonMessageError, RetryPolicy, backoffDelay, nextStep } from './failure';
import { RecordMeta, readRecordMeta } from './headers';
import { EventsLogger, errorFields } from './logger';
import type { EventFacts, HandlerContext, Subscription } from './subscription';
import { endSpanWithError, startConsumerSpan } from './trace';

/** Where a consumer group records the events it has dealt with (InboxStore implements it). */
export interface InboxPort {
  seen(groupId: string, eventId: string): Promise<boolean>;
  record(
    groupId: string,
    eventId: string,
    source: { topic: string; partition: number; offset: string },
  ): Promise<void>;
}

export interface DeadLetterPort {
  readonly topic: string;
  send(record: OutgoingRecord): Promise<void>;
}

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  retries: number;
  deadLettered: number;
}

export interface BatchProcessorDeps {
  readonly groupId: string;
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  readonly retry: RetryPolicy;
  readonly inbox?: InboxPort;
  readonly deadLetter: DeadLetterPort;
  readonly tracer: Tracer;
  readonly logger: EventsLogger;
  readonly heartbeatIntervalMs: number;
  /**
   * Resolved offsets are committed at least this often during a long batch (default 1000 ms, the
   * consumer's autoCommitIntervalMs); kafkajs commits them after every batch in any case.
   */
  readonly commitIntervalMs?: number;
  readonly random?: () => number;
  readonly now?: () => Date;
}

const DEFAULT_COMMIT_INTERVAL_MS = 1000;

type Outcome = 'handled' | 'duplicate' | 'dead-lettered' | 'stopped';

/** Raised to abandon a batch: the group is rebalancing, so another member may own the partition now. */
export class BatchAbandoned extends Error {
  override readonly name = 'BatchAbandoned';
}

/**
 * The per-partition loop of a consumer: records in offset order, one at a time; an offset is
 * resolved (and committed on the consumer's cadence) only after its record was handled or
 * dead-lettered, so a crash re-delivers what was in progress and nothing is lost.
 */
export class BatchProcessor {
  readonly stats: ConsumerStats = { handled: 0, duplicates: 0, retries: 0, deadLettered: 0 };

  constructor(private readonly deps: BatchProcessorDeps) {}

  async process(batch: ConsumedBatch, controls: BatchControls): Promise<void> {
    const heartbeats = new Heartbeats(controls, this.deps.heartbeatIntervalMs);
    const offsets = new HandledOffsets(controls, this.deps.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS);
    await heartbeats.during(async () => {
      try {
        for (const record of batch.records) {
          if (!controls.isRunning() || controls.isStale()) return;
          heartbeats.throwIfFailed(); // a timer beat saw a rebalance: the partition may be someone else's
          const outcome = await this.processRecord(batch, record, controls, heartbeats);
          if (outcome === 'stopped') return;
          offsets.handled(record.offset);
          // Checked here, awaited only when due: an await per record costs more than the check.
          if (offsets.commitDue()) await offsets.commit();
          if (heartbeats.due()) await heartbeats.beat();
        }
      } finally {
        // Whatever ends the batch (done, stopped, abandoned, a failed dead-letter write), what was
        // handled is resolved: kafkajs commits it after the batch, and nothing after it.
        offsets.resolve();
      }
    });
  }

  private async processRecord(
    batch: ConsumedBatch,
    record: ConsumedRecord,
    controls: BatchControls,
    heartbeats: Heartbeats,
  ): Promise<Outcome> {
    const { topic, partition } = batch;
    const meta = readRecordMeta(topic, partition, record);
    const { inbox, groupId } = this.deps;
    if (inbox && (await inbox.seen(groupId, meta.eventId))) {
      this.stats.duplicates += 1;
      return 'duplicate';
    }
    const { span, context } = startConsumerSpan(this.deps.tracer, {
      topic,
      partition,
      offset: record.offset,
      groupId,
      eventId: meta.eventId,
      traceparent: meta.traceparent,
      tracestate: meta.tracestate,
    });
    try {
      const outcome = await this.handleWithRetries(batch, record, meta, controls, heartbeats, span, context);
      // Dead-lettered counts as dealt with: a redelivery must not dead-letter it twice.
      if (inbox && outcome !== 'stopped')
        await inbox.record(groupId, meta.eventId, { topic, partition, offset: record.offset });
      span.setAttribute('care.outcome', outcome);
      span.end();
      return outcome;
    } catch (error) {
      endSpanWithError(span, error);
      throw error;
    }
  }

  private async handleWithRetries(
    batch: ConsumedBatch,
    record: ConsumedRecord,
    meta: RecordMeta,
    controls: BatchControls,
    heartbeats: Heartbeats,
    span: Span,
    spanContext: ReturnType<typeof startConsumerSpan>['context'],
  ): Promise<Outcome> {
    let call: ReturnType<Subscription['decode']>;
    try {
      call = this.prepare(batch.topic, record, meta);
    } catch (error) {
      await this.deadLetter(batch, record, error, 1, span);
      return 'dead-lettered';
    }
    const facts = this.facts(batch, record, meta);
    const policy = this.deps.retry;
    for (let attempt = 1; ; attempt++) {
      const ctx: HandlerContext = { attempt, heartbeat: heartbeats.beatNow };
      try {
        await otelContext.with(spanContext, () => call(facts, ctx));
        this.stats.handled += 1;
        return 'handled';
      } catch (error) {
        heartbeats.throwIfFailed();
        if (nextStep(error, attempt, policy) === 'dead-letter') {
          await this.deadLetter(batch, record, error, attempt, span);
          return 'dead-lettered';
        }
        this.stats.retries += 1;
        const delay = backoffDelay(attempt, policy, this.deps.random);
        span.addEvent('retry', {
          attempt,
          'delay.ms': delay,
          'error.type': error instanceof Error ? error.name : 'NonError',
        });
        this.deps.logger.warn(
          {
            groupId: this.deps.groupId,
            topic: batch.topic,
            partition: batch.partition,
            offset: record.offset,
            eventId: meta.eventId,
            attempt,
            delayMs: delay,
            ...errorFields(error),
          },
          'event handler failed; retrying',
        );
        const completed = await sleepWhileRunning(delay, controls);
        heartbeats.throwIfFailed();
        if (!completed) return 'stopped';
      }
    }
  }

  private prepare(
    topic: string,
    record: ConsumedRecord,
    meta: RecordMeta,
  ): ReturnType<Subscription['decode']> {
    const sub = this.deps.subscriptions.get(topic);
    if (!sub) throw new PoisonMessageError('unknown-topic', `no handler for topic ${topic}`);
    if (meta.schemaVersion !== undefined && meta.schemaVersion !== sub.schemaVersion) {
      throw new PoisonMessageError(
        'schema-version',
        `schema-version ${meta.schemaVersion} on a v${sub.schemaVersion} topic`,
      );
    }
    if (record.value === null) throw new PoisonMessageError('no-value', 'record has no value');
    return sub.decode(record.value);
  }

  private facts(batch: ConsumedBatch, record: ConsumedRecord, meta: RecordMeta): EventFacts {
    const sub = this.deps.subscriptions.get(batch.topic);
    return {
      eventId: meta.eventId,
      topic: batch.topic,
      partition: batch.partition,
      offset: record.offset,
      key: meta.key ?? '',
      producer: meta.producer ?? '',
      occurredAt: meta.occurredAt ?? new Date(Number(record.timestamp)).toISOString(),
      schemaVersion: meta.schemaVersion ?? sub?.schemaVersion ?? 0,
      headers: record.headers,
    };
  }

  private async deadLetter(
    batch: ConsumedBatch,
    record: ConsumedRecord,
    error: unknown,
    attempts: number,
    span: Span,
  ): Promise<void> {
    const reason: DeadLetterReason = deadLetterReason(error, attempts, this.deps.retry.maxAttempts);
    await this.deps.deadLetter.send(
      deadLetterRecord({
        groupId: this.deps.groupId,
        sourceTopic: batch.topic,
        partition: batch.partition,
        record,
        error,
        attempts,
        reason,
        failedAt: (this.deps.now ?? (() => new Date()))(),
      }),
    );
    this.stats.deadLettered += 1;
    span.addEvent('dead-lettered', {
      reason,
      attempts,
      'messaging.destination.name': this.deps.deadLetter.topic,
    });
    if (error instanceof Error) span.recordException(error);
    this.deps.logger.error(
      {
        groupId: this.deps.groupId,
        topic: batch.topic,
        partition: batch.partition,
        offset: record.offset,
        attempts,
        reason,
        deadLetterTopic: this.deps.deadLetter.topic,
        ...errorFields(error),
      },
      'event dead-lettered',
    );
  }
}

/**
 * Heartbeats for a batch: on a timer for as long as the batch is in hand (a slow handler, a retry
 * waiting out its backoff) and between records, so a slow batch is not mistaken for a dead
 * member. A failed heartbeat means the group is rebalancing; the batch is then abandoned rather
 * than its current record retried or dead-lettered.
 */
class Heartbeats {
  private failure: unknown;
  private failed = false;
  private lastBeat = Date.now();
  // kafkajs sends a heartbeat only once its interval has passed since the last one: beat at half
  // the interval so the gap never grows to two intervals.
  private readonly period: number;

  constructor(
    private readonly controls: BatchControls,
    intervalMs: number,
  ) {
    this.period = Math.max(50, intervalMs / 2);
  }

  async beat(): Promise<void> {
    this.lastBeat = Date.now();
    try {
      await this.controls.heartbeat();
    } catch (error) {
      if (!this.failed) {
        this.failed = true;
        this.failure = error;
      }
      throw error;
    }
  }

  /** For handlers (`ctx.heartbeat`): one function per batch, not one per attempt. */
  readonly beatNow = (): Promise<void> => this.beat();

  /** Between records, a beat only when one is due, to spare a call per record on fast batches. */
  due(): boolean {
    return Date.now() - this.lastBeat >= this.period;
  }

  async during<T>(work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => this.beat().catch(() => undefined), this.period);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  throwIfFailed(): void {
    if (this.failed)
      throw new BatchAbandoned('heartbeat failed: the group is rebalancing', { cause: this.failure });
  }
}

/**
 * The offsets of a batch that are handled (or dead-lettered). Resolving one marks everything
 * before it on the partition as processed (BatchControls), so the highest handled offset is
 * resolved once before each commit and at the end of the batch, not once per record: what is
 * committed is exactly what was handled, as before, for one resolve per commit.
 */
class HandledOffsets {
  private pending: string | undefined;
  private lastCommit = Date.now();

  constructor(
    private readonly controls: BatchControls,
    private readonly intervalMs: number,
  ) {}

  handled(offset: string): void {
    this.pending = offset;
  }

  resolve(): void {
    if (this.pending === undefined) return;
    this.controls.resolveOffset(this.pending);
    this.pending = undefined;
  }

  commitDue(): boolean {
    return Date.now() - this.lastCommit >= this.intervalMs;
  }

  async commit(): Promise<void> {
    this.lastCommit = Date.now();
    this.resolve();
    await this.controls.commitOffsetsIfNecessary();
  }
}

/** Sleeps up to `ms`, waking early (false) when the consumer stops or the partition is taken away. */
async function sleepWhileRunning(ms: number, controls: BatchControls): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!controls.isRunning() || controls.isStale()) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - Date.now())));
  }
  return controls.isRunning() && !controls.isStale();
}
