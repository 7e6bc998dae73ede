import type { BrokerProducer, OutgoingRecord, TopicRecords } from './broker';

export interface BatcherOptions {
  /** How long the first waiting record may wait for others to join its batch. */
  readonly lingerMs: number;
  /** A batch is sent as soon as this many records wait (a larger group goes alone). */
  readonly maxBatchRecords: number;
}

interface Group {
  readonly records: readonly { topic: string; record: OutgoingRecord }[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Collects records into batches for the producer, with one batch in flight at a time:
 *  - what is enqueued while a batch is in flight goes in the next one (throughput under load
 *    without waiting for the linger);
 *  - a group (one caller's records, e.g. one aggregate's outbox) is never split across batches,
 *    so Kafka appends it to its partition as a whole or not at all;
 *  - when a batch fails, every group queued behind it fails too, so a later event of a child is
 *    never on the topic before an earlier one its caller will retry.
 */
export class SendBatcher {
  private queue: Group[] = [];
  private queuedRecords = 0;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly producer: Pick<BrokerProducer, 'send'>,
    private readonly options: BatcherOptions,
  ) {}

  enqueue(records: readonly { topic: string; record: OutgoingRecord }[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.queuedRecords += records.length;
      this.schedule();
    });
  }

  /** Resolves when everything enqueued so far has been sent or has failed. */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.flushNow();
      await this.inFlight?.catch(() => undefined);
    }
  }

  get pending(): number {
    return this.queuedRecords;
  }

  private schedule(): void {
    if (this.inFlight) return; // the in-flight batch's completion sends the next one
    if (this.queuedRecords >= this.options.maxBatchRecords || this.options.lingerMs <= 0) {
      this.flushNow();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flushNow(), this.options.lingerMs);
    }
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight || this.queue.length === 0) return;
    const groups = this.takeBatch();
    this.inFlight = this.sendGroups(groups).finally(() => {
      this.inFlight = undefined;
      // Whatever queued meanwhile has already waited at least one round trip: send it now.
      if (this.queue.length > 0) this.flushNow();
    });
  }

  private takeBatch(): Group[] {
    let taken = 0;
    let count = 0;
    while (taken < this.queue.length) {
      const size = this.queue[taken].records.length;
      if (taken > 0 && count + size > this.options.maxBatchRecords) break;
      taken += 1;
      count += size;
    }
    this.queuedRecords -= count;
    return this.queue.splice(0, taken); // one splice, not a shift per group: queues grow long under load
  }

  private async sendGroups(groups: readonly Group[]): Promise<void> {
    try {
      await this.producer.send(byTopic(groups));
    } catch (error) {
      const behind = this.queue;
      this.queue = [];
      this.queuedRecords = 0;
      for (const g of [...groups, ...behind]) g.reject(error);
      return;
    }
    for (const g of groups) g.resolve();
  }
}

/** Records grouped by topic, each topic's records in enqueue order (Kafka keeps that order per partition). */
export function byTopic(groups: readonly Pick<Group, 'records'>[]): TopicRecords[] {
  const topics = new Map<string, OutgoingRecord[]>();
  for (const g of groups) {
    for (const { topic, record } of g.records) {
      const list = topics.get(topic);
      if (list) list.push(record);
      else topics.set(topic, [record]);
    }
  }
  return [...topics.entries()].map(([topic, records]) => ({ topic, records }));
}
