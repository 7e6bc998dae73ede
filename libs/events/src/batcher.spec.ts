import type { OutgoingRecord, TopicRecords } from './broker';
import { DEFAULT_MAX_BATCH_BYTES, SendBatcher, byTopic, recordWireBytes } from './batcher';

function rec(topic: string, id: string): { topic: string; record: OutgoingRecord } {
  return { topic, record: { key: id, value: Buffer.from(id), headers: {} } };
}

/** A producer whose sends complete only when the test says so. */
class ManualProducer {
  readonly calls: { batch: readonly TopicRecords[]; settle: (error?: Error) => void }[] = [];
  send(batch: readonly TopicRecords[]): Promise<void> {
    return new Promise((resolve, reject) =>
      this.calls.push({ batch, settle: (e) => (e ? reject(e) : resolve()) }),
    );
  }
  keys(call: number): string[] {
    return this.calls[call].batch.flatMap((t) => t.records.map((r) => `${t.topic}:${String(r.key)}`));
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SendBatcher', () => {
  it('waits the linger for company, then sends what came in one request', async () => {
    const producer = new ManualProducer();
    const batcher = new SendBatcher(producer, { lingerMs: 20, maxBatchRecords: 100 });
    const done = [
      batcher.enqueue([rec('a', '1')]),
      batcher.enqueue([rec('a', '2')]),
      batcher.enqueue([rec('b', '3')]),
    ];
    await tick();
    expect(producer.calls).toHaveLength(0); // still lingering
    await new Promise((r) => setTimeout(r, 30));
    expect(producer.calls).toHaveLength(1);
    expect(producer.keys(0)).toEqual(['a:1', 'a:2', 'b:3']);
    producer.calls[0].settle();
    await expect(Promise.all(done)).resolves.toBeDefined();
  });

  it('sends at once when maxBatchRecords are waiting, without lingering', async () => {
    const producer = new ManualProducer();
    const batcher = new SendBatcher(producer, { lingerMs: 10_000, maxBatchRecords: 2 });
    void batcher.enqueue([rec('a', '1')]);
    void batcher.enqueue([rec('a', '2')]);
    await tick();
    expect(producer.calls).toHaveLength(1);
  });

  it('keeps one request in flight; what queues meanwhile goes next, in order, without linger', async () => {
    const producer = new ManualProducer();
    const batcher = new SendBatcher(producer, { lingerMs: 0, maxBatchRecords: 100 });
    const first = batcher.enqueue([rec('a', '1')]);
    await tick();
    const second = batcher.enqueue([rec('a', '2')]);
    const third = batcher.enqueue([rec('a', '3')]);
    await tick();
    expect(producer.calls).toHaveLength(1);
    producer.calls[0].settle();
    await first;
    await tick();
    expect(producer.calls).toHaveLength(2);
    expect(producer.keys(1)).toEqual(['a:2', 'a:3']);
    producer.calls[1].settle();
    await Promise.all([second, third]);
  });

  it('never splits a group across requests, even past maxBatchRecords', async () => {
    const producer = new ManualProducer();
    const batcher = new SendBatcher(producer, { lingerMs: 0, maxBatchRecords: 3 });
    void batcher.enqueue([rec('a', '1')]);
    await tick(); // '1' in flight alone
    void batcher.enqueue([rec('a', '2'), rec('a', '3')]);
    void batcher.enqueue([rec('a', '4'), rec('a', '5'), rec('a', '6'), rec('a', '7')]);
    producer.calls[0].settle();
    await tick();
    await tick();
    expect(producer.keys(1)).toEqual(['a:2', 'a:3']); // the 4-record group does not fit after them
    producer.calls[1].settle();
    await tick();
    await tick();
    expect(producer.keys(2)).toEqual(['a:4', 'a:5', 'a:6', 'a:7']); // alone, whole
  });

  it('fails the failed request and everything queued behind it, so no later event overtakes', async () => {
    const producer = new ManualProducer();
    const batcher = new SendBatcher(producer, { lingerMs: 0, maxBatchRecords: 100 });
    const first = batcher.enqueue([rec('a', '1')]);
    await tick();
    const behind = batcher.enqueue([rec('a', '2')]);
    producer.calls[0].settle(new Error('leader not available'));
    await expect(first).rejects.toThrow('leader not available');
    await expect(behind).rejects.toThrow('leader not available');
    expect(producer.calls).toHaveLength(1);
    expect(batcher.pending).toBe(0);
    // and it recovers for what comes next
    const later = batcher.enqueue([rec('a', '3')]);
    await tick();
    producer.calls[1].settle();
    await expect(later).resolves.toBeUndefined();
  });

  it('drain() resolves once everything enqueued has been sent', async () => {
    const producer = new ManualProducer();
    const batcher = new SendBatcher(producer, { lingerMs: 10_000, maxBatchRecords: 100 });
    void batcher.enqueue([rec('a', '1')]);
    let drained = false;
    const draining = batcher.drain().then(() => (drained = true));
    await tick();
    expect(producer.calls).toHaveLength(1); // drain does not wait for the linger
    expect(drained).toBe(false);
    producer.calls[0].settle();
    await draining;
    expect(drained).toBe(true);
  });

  it('sends at once when maxBatchBytes are waiting, and fills a request only up to that many bytes', async () => {
    const producer = new ManualProducer();
    const size = recordWireBytes(rec('a', '1').record);
    const batcher = new SendBatcher(producer, {
      lingerMs: 10_000,
      maxBatchRecords: 100,
      maxBatchBytes: 3 * size,
    });
    void batcher.enqueue([rec('a', '1')]);
    void batcher.enqueue([rec('a', '2')]);
    await tick();
    expect(producer.calls).toHaveLength(0); // 2 records' bytes: still lingering
    void batcher.enqueue([rec('a', '3')]);
    void batcher.enqueue([rec('a', '4')]);
    await tick();
    expect(producer.keys(0)).toEqual(['a:1', 'a:2', 'a:3']); // the byte bound, not the count, closed it
    expect(batcher.pending).toBe(1);
    expect(batcher.pendingBytes).toBe(size);
  });

  it('never splits a group across requests, even past maxBatchBytes: it goes alone, whole', async () => {
    const producer = new ManualProducer();
    const size = recordWireBytes(rec('a', '1').record);
    const batcher = new SendBatcher(producer, { lingerMs: 0, maxBatchRecords: 100, maxBatchBytes: 2 * size });
    void batcher.enqueue([rec('a', '1')]);
    await tick();
    void batcher.enqueue([rec('a', '2'), rec('a', '3'), rec('a', '4')]);
    void batcher.enqueue([rec('a', '5')]);
    producer.calls[0].settle();
    await tick();
    await tick();
    expect(producer.keys(1)).toEqual(['a:2', 'a:3', 'a:4']);
    producer.calls[1].settle();
    await tick();
    await tick();
    expect(producer.keys(2)).toEqual(['a:5']);
  });

  it.each([
    ['maxBatchRecords 0', { lingerMs: 0, maxBatchRecords: 0 }, 'maxBatchRecords must be a positive integer'],
    [
      'maxBatchBytes 0',
      { lingerMs: 0, maxBatchRecords: 1, maxBatchBytes: 0 },
      'maxBatchBytes must be a positive integer',
    ],
    [
      'maxBatchBytes 1.5',
      { lingerMs: 0, maxBatchRecords: 1, maxBatchBytes: 1.5 },
      'maxBatchBytes must be a positive integer',
    ],
    ['lingerMs -1', { lingerMs: -1, maxBatchRecords: 1 }, 'lingerMs must be >= 0'],
  ])('refuses %s', (_, options, message) => {
    expect(() => new SendBatcher(new ManualProducer(), options)).toThrow(message);
  });

  it('an empty group resolves without a request', async () => {
    const producer = new ManualProducer();
    await new SendBatcher(producer, { lingerMs: 0, maxBatchRecords: 1 }).enqueue([]);
    expect(producer.calls).toHaveLength(0);
  });
});

describe('recordWireBytes', () => {
  it('bounds a record as Kafka counts it: key, value, each header name and value, plus varint overhead', () => {
    const record = {
      key: 'child-1',
      value: Buffer.alloc(500),
      headers: { 'event-id': '01J', producer: Buffer.from('reg') },
    };
    const exact = 7 + 500 + (8 + 3) + (8 + 3);
    expect(recordWireBytes(record)).toBeGreaterThanOrEqual(exact);
    expect(recordWireBytes(record)).toBeLessThanOrEqual(exact + 21 + 2 * 10);
  });

  it('counts UTF-8 bytes, not characters, and a null key or value as nothing', () => {
    const ascii = recordWireBytes({ key: null, value: null, headers: { h: 'aa' } });
    expect(recordWireBytes({ key: null, value: null, headers: { h: '菏泽' } }) - ascii).toBe(4); // 6 bytes, not 2
  });

  it('keeps a default request under the broker’s message.max.bytes (1 048 588) with room for the batch header', () => {
    expect(DEFAULT_MAX_BATCH_BYTES + 61).toBeLessThanOrEqual(1_048_588);
  });
});

describe('byTopic', () => {
  it('groups by topic in first-seen order, keeping each topic’s records in enqueue order', () => {
    const out = byTopic([{ records: [rec('b', '1'), rec('a', '2')] }, { records: [rec('b', '3')] }]);
    expect(out.map((t) => [t.topic, t.records.map((r) => r.key)])).toEqual([
      ['b', ['1', '3']],
      ['a', ['2']],
    ]);
  });
});
