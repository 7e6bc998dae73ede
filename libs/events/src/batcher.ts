import type { BrokerProducer, OutgoingRecord, TopicRecords } from './broker';

export interface BatcherOptions {
  /** How long the first waiting record may wait for others to join its batch. */
  readonly lingerMs: number;
  /** A batch is sent as soon as this many records wait (a larger group goes alone). */
  readonly maxBatchRecords: number;
  /**
   * Bound on a request's records in bytes, as Kafka's record format counts them
   * (`recordWireBytes`); a larger group goes alone. Default DEFAULT_MAX_BATCH_BYTES.
   */
  readonly maxBatchBytes?: number;
}

/**
 * 1 000 000 bytes of records per produce request. Every record of a request may hash to the same
 * partition, so the bound holds for one partition's record batch too: with its 61-byte header it
 * stays under the broker's `message.max.bytes` (1 048 588 by default) and under the Java client's
 * `max.request.size` (1 MiB). A batch over it is refused as a whole (MESSAGE_TOO_LARGE), which no
 * re-send can fix.
 */
export const DEFAULT_MAX_BATCH_BYTES = 1_000_000;

/** Per record, beyond key, value and headers: length, attributes, timestamp and offset deltas (varints, at most 21 bytes). */
const RECORD_OVERHEAD_BYTES = 21;
/** Per header, beyond name and value: their two varint lengths (at most 5 bytes each). */
const HEADER_OVERHEAD_BYTES = 10;

function byteLength(value: string | Buffer | null): number {
  if (value === null) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
}

/** An upper bound on the bytes a record takes in a Kafka record batch (uncompressed). */
export function recordWireBytes(record: OutgoingRecord): number {
  let size = RECORD_OVERHEAD_BYTES + byteLength(record.key) + byteLength(record.value);
  for (const name in record.headers)
    size += HEADER_OVERHEAD_BYTES + Buffer.byteLength(name, 'utf8') + byteLength(record.headers[name]);
  return size;
}

interface Group {
  readonly records: readonly { topic: string; record: OutgoingRecord }[];
  readonly bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Collects records into batches for the producer, with one batch in flight at a time:
 *  - what is enqueued while a batch is in flight goes in the next one (throughput under load
 *    without waiting for the linger);
 *  - a batch holds at most `maxBatchRecords` records and `maxBatchBytes` bytes of them, so it
 *    fills up to what the broker accepts in one request whatever the records' size;
 *  - a group (one caller's records, e.g. one aggregate's outbox) is never split across batches,
 *    so Kafka appends it to its partition as a whole or not at all;
 *  - when a batch fails, every group queued behind it fails too, so a later event of a child is
 *    never on the topic before an earlier one its caller will retry.
 */
export class SendBatcher {
  private queue: Group[] = [];
  private queuedRecords = 0;
  private queuedBytes = 0;
  private readonly maxBatchBytes: number;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly producer: Pick<BrokerProducer, 'send'>,
    private readonly options: BatcherOptions,
  ) {
    const problems: string[] = [];
    if (!(Number.isInteger(options.maxBatchRecords) && options.maxBatchRecords > 0))
      problems.push(`maxBatchRecords must be a positive integer, got ${options.maxBatchRecords}`);
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    if (!(Number.isInteger(this.maxBatchBytes) && this.maxBatchBytes > 0))
      problems.push(`maxBatchBytes must be a positive integer, got ${options.maxBatchBytes}`);
    if (!(options.lingerMs >= 0)) problems.push(`lingerMs must be >= 0, got ${options.lingerMs}`);
    if (problems.length > 0) throw new RangeError(`invalid batcher options: ${problems.join('; ')}`);
  }

  enqueue(records: readonly { topic: string; record: OutgoingRecord }[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    let bytes = 0;
    for (const r of records) bytes += recordWireBytes(r.record);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, bytes, resolve, reject });
      this.queuedRecords += records.length;
      this.queuedBytes += bytes;
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

  /** Bytes of the records waiting (recordWireBytes), not counting the batch in flight. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  private schedule(): void {
    if (this.inFlight) return; // the in-flight batch's completion sends the next one
    if (
      this.queuedRecords >= this.options.maxBatchRecords ||
      this.queuedBytes >= this.maxBatchBytes ||
      this.options.lingerMs <= 0
    ) {
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
    let bytes = 0;
    while (taken < this.queue.length) {
      const group = this.queue[taken];
      const full =
        count + group.records.length > this.options.maxBatchRecords ||
        bytes + group.bytes > this.maxBatchBytes;
      if (taken > 0 && full) break;
      taken += 1;
      count += group.records.length;
      bytes += group.bytes;
    }
    this.queuedRecords -= count;
    this.queuedBytes -= bytes;
    return this.queue.splice(0, taken); // one splice, not a shift per group: queues grow long under load
  }

  private async sendGroups(groups: readonly Group[]): Promise<void> {
    try {
      await this.producer.send(byTopic(groups));
    } catch (error) {
      const behind = this.queue;
      this.queue = [];
      this.queuedRecords = 0;
      this.queuedBytes = 0;
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
