import { registry, type EventType } from '@care/contracts';
import { SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { BatchAbandoned, BatchProcessor, InboxPort } from './batch-processor';
import type { BatchControls, ConsumedRecord, OutgoingRecord } from './broker';
import { createEnvelope } from './envelope';
import { NonRetryableError, RetryPolicy } from './failure';
import { envelopeToRecord } from './headers';
import { silentLogger } from './logger';
import { ConsumedEvent, HandlerContext, handle } from './subscription';

type Overdue = registry.VisitOverdue;
const Overdue: EventType<Overdue> = {
  topic: 'test.visit.overdue.v1',
  domain: 'registry',
  schemaVersion: 1,
  codec: registry.VisitOverdue,
};
const TOPIC = Overdue.topic;
const PRODUCER_TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const fast: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1, multiplier: 2, maxDelayMs: 4, jitter: 0 };

function overdue(childId: string, days: number): Overdue {
  return {
    childId,
    entryId: 'e',
    visitId: `v-${days}`,
    countyCode: '371702',
    townshipCode: '',
    workerId: 'w',
    dueOn: '2025-03-01',
    daysOverdue: days,
  };
}

let offset = 0;
function record(
  childId: string,
  days: number,
  change: Partial<ConsumedRecord> = {},
  eventId?: string,
): ConsumedRecord {
  const out = envelopeToRecord(
    createEnvelope({
      type: Overdue,
      key: childId,
      message: overdue(childId, days),
      producer: 'registry',
      eventId,
      traceparent: PRODUCER_TRACEPARENT,
    }),
  );
  return {
    offset: String(offset++),
    key: Buffer.from(childId),
    value: out.value,
    headers: Object.fromEntries(Object.entries(out.headers).map(([k, v]) => [k, Buffer.from(v)])),
    timestamp: String(Date.now()),
    ...change,
  };
}

/**
 * kafkajs's controls as the loop sees them: resolving an offset marks it and everything before it
 * on the partition as processed, so `resolved` lists the delivered offsets up to the highest one
 * resolved (what a commit would cover), whatever number of resolveOffset calls got there.
 */
class FakeControls implements BatchControls {
  private delivered: string[] = [];
  private upTo = -1n;
  resolveCalls = 0;
  /** The highest resolved offset at each commit. */
  committedUpTo: string[] = [];
  commits = 0;
  heartbeats = 0;
  running = true;
  stale = false;
  heartbeatError: Error | undefined;
  deliver(records: readonly ConsumedRecord[]) {
    this.delivered.push(...records.map((r) => r.offset));
  }
  get resolved(): string[] {
    return this.delivered.filter((o) => BigInt(o) <= this.upTo);
  }
  resolveOffset(o: string) {
    this.resolveCalls += 1;
    if (BigInt(o) > this.upTo) this.upTo = BigInt(o);
  }
  async heartbeat() {
    this.heartbeats += 1;
    if (this.heartbeatError) throw this.heartbeatError;
  }
  async commitOffsetsIfNecessary() {
    this.commits += 1;
    this.committedUpTo.push(String(this.upTo));
  }
  isRunning() {
    return this.running;
  }
  isStale() {
    return this.stale;
  }
}

class FakeInbox implements InboxPort {
  readonly done = new Map<string, string>();
  async seen(group: string, eventId: string) {
    return this.done.has(`${group}/${eventId}`);
  }
  async record(group: string, eventId: string, source: { offset: string }) {
    this.done.set(`${group}/${eventId}`, source.offset);
  }
}

function setup(
  handler: (e: ConsumedEvent<Overdue>, ctx: HandlerContext) => Promise<void>,
  opts: {
    inbox?: InboxPort;
    heartbeatIntervalMs?: number;
    commitIntervalMs?: number;
    dlqFails?: boolean;
  } = {},
) {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
    'test',
  );
  const dlq: OutgoingRecord[] = [];
  const processor = new BatchProcessor({
    groupId: 'g1',
    subscriptions: new Map([[TOPIC, handle(Overdue, handler)]]),
    retry: fast,
    inbox: opts.inbox,
    deadLetter: {
      topic: 'g1.dlq.v1',
      send: async (r) => {
        if (opts.dlqFails) throw new Error('dlq unavailable');
        dlq.push(r);
      },
    },
    tracer,
    logger: silentLogger,
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 1000,
    commitIntervalMs: opts.commitIntervalMs,
    now: () => new Date('2025-03-01T00:00:00Z'),
  });
  const controls = new FakeControls();
  const run = (records: ConsumedRecord[], partition = 0) => {
    controls.deliver(records);
    return processor.process({ topic: TOPIC, partition, records }, controls);
  };
  return { processor, controls, dlq, exporter, run };
}

const header = (r: OutgoingRecord, name: string) => r.headers[name]?.toString();

describe('BatchProcessor', () => {
  it('handles records in offset order, resolving each only after its handler finished', async () => {
    const seen: string[] = [];
    const { controls, run, processor } = setup(async (e) => {
      expect(controls.resolved).not.toContain(e.offset); // not resolved before handling
      seen.push(`${e.key}:${e.message.daysOverdue}`);
    });
    const batch = [record('c1', 1), record('c2', 2), record('c1', 3)];
    await run(batch);
    expect(seen).toEqual(['c1:1', 'c2:2', 'c1:3']);
    expect(controls.resolved).toEqual(batch.map((r) => r.offset));
    expect(controls.resolveCalls).toBe(1); // the highest handled offset, once, not one call per record
    expect(controls.commits).toBe(0); // a fast batch: kafkajs commits after it
    expect(processor.stats).toEqual({ handled: 3, duplicates: 0, retries: 0, deadLettered: 0 });
  });

  it('commits during a batch once the commit interval passed, covering exactly the records handled by then', async () => {
    const { controls, run } = setup(
      async (e) => {
        // each handler sees the commits before it cover only the records before it
        for (const upTo of controls.committedUpTo) expect(BigInt(upTo)).toBeLessThan(BigInt(e.offset));
        await new Promise((r) => setTimeout(r, 15));
      },
      { commitIntervalMs: 10 },
    );
    const batch = [record('c1', 1), record('c2', 2), record('c3', 3)];
    await run(batch);
    expect(controls.committedUpTo).toEqual(batch.map((r) => r.offset)); // one commit after each slow record
    expect(controls.resolved).toEqual(batch.map((r) => r.offset));
  });

  it('keeps the handled records of a batch that fails part way resolved, and not the failed one', async () => {
    const { controls, run } = setup(
      async (e) => {
        if (e.message.daysOverdue === 3) throw new NonRetryableError('bad rule');
      },
      { dlqFails: true },
    );
    const batch = [record('c1', 1), record('c2', 2), record('c3', 3), record('c4', 4)];
    await expect(run(batch)).rejects.toThrow('dlq unavailable');
    expect(controls.resolved).toEqual([batch[0].offset, batch[1].offset]);
  });

  it('gives handlers the envelope facts with the typed message', async () => {
    let got: ConsumedEvent<Overdue> | undefined;
    const { run } = setup(async (e) => {
      got = e;
    });
    const r = record('child-9', 12, {}, 'EVT-1');
    await run([r], 4);
    expect(got).toMatchObject({
      eventId: 'EVT-1',
      topic: TOPIC,
      partition: 4,
      offset: r.offset,
      key: 'child-9',
      producer: 'registry',
      schemaVersion: 1,
    });
    expect(got?.message.daysOverdue).toBe(12);
  });

  it('retries a transient failure with attempt numbers, then moves on without dead-lettering', async () => {
    const attempts: number[] = [];
    const { controls, dlq, run, processor } = setup(async (_e, ctx) => {
      attempts.push(ctx.attempt);
      if (ctx.attempt < 3) throw new Error('database failover');
    });
    const r = record('c1', 1);
    await run([r]);
    expect(attempts).toEqual([1, 2, 3]);
    expect(dlq).toHaveLength(0);
    expect(controls.resolved).toEqual([r.offset]);
    expect(processor.stats.retries).toBe(2);
  });

  it('dead-letters a message that keeps failing after maxAttempts, and the partition moves on', async () => {
    const handled: number[] = [];
    let calls = 0;
    const { controls, dlq, run } = setup(async (e) => {
      if (e.message.daysOverdue === 2) {
        calls += 1;
        throw new Error('always fails');
      }
      handled.push(e.message.daysOverdue);
    });
    const batch = [record('c1', 1), record('c1', 2), record('c1', 3)];
    await run(batch, 5);
    expect(calls).toBe(fast.maxAttempts);
    expect(handled).toEqual([1, 3]);
    expect(controls.resolved).toEqual(batch.map((r) => r.offset));
    expect(dlq).toHaveLength(1);
    const d = dlq[0];
    expect(d.value).toBe(batch[1].value);
    expect(d.key).toBe(batch[1].key);
    expect(header(d, 'event-id')).toBe(batch[1].headers['event-id'].toString());
    expect(header(d, 'dlq-error')).toBe('Error: always fails');
    expect(header(d, 'dlq-reason')).toBe('retries-exhausted');
    expect(header(d, 'dlq-source-topic')).toBe(TOPIC);
    expect(header(d, 'dlq-partition')).toBe('5');
    expect(header(d, 'dlq-offset')).toBe(batch[1].offset);
    expect(header(d, 'dlq-attempts')).toBe(String(fast.maxAttempts));
    expect(header(d, 'dlq-group')).toBe('g1');
  });

  it.each([
    ['bytes that are not the event’s protobuf', { value: Buffer.from([0x0a, 0xff]) }, 'decode'],
    ['a record with no value', { value: null }, 'no-value'],
    [
      'a schema-version other than the topic’s',
      { headers: { 'schema-version': Buffer.from('2') } },
      'schema-version',
    ],
  ])('dead-letters poison at once, without calling the handler: %s', async (_reason, change, reason) => {
    const handler = jest.fn(async () => undefined);
    const { controls, dlq, run } = setup(handler);
    const bad = record('c1', 1, change as Partial<ConsumedRecord>);
    const good = record('c1', 2);
    await run([bad, good]);
    expect(handler).toHaveBeenCalledTimes(1); // only the good one
    expect(dlq).toHaveLength(1);
    expect(header(dlq[0], 'dlq-reason')).toBe(reason);
    expect(header(dlq[0], 'dlq-attempts')).toBe('1');
    expect(controls.resolved).toEqual([bad.offset, good.offset]);
  });

  it('dead-letters at once when the handler says the message can never succeed', async () => {
    let calls = 0;
    const { dlq, run } = setup(async () => {
      calls += 1;
      throw new NonRetryableError('出生日期晚于登记日期');
    });
    await run([record('c1', 1)]);
    expect(calls).toBe(1);
    expect(header(dlq[0], 'dlq-reason')).toBe('non-retryable');
    expect(header(dlq[0], 'dlq-error')).toBe('NonRetryableError: 出生日期晚于登记日期');
  });

  it('skips events the inbox has seen, and records handled and dead-lettered ones', async () => {
    const inbox = new FakeInbox();
    const calls: number[] = [];
    const { controls, run, processor } = setup(
      async (e) => {
        calls.push(e.message.daysOverdue);
        if (e.message.daysOverdue === 3) throw new NonRetryableError('bad');
      },
      { inbox },
    );
    const first = record('c1', 1, {}, 'A');
    const duplicate = record('c1', 1, {}, 'A'); // same event id, published twice
    const third = record('c1', 3, {}, 'C');
    await run([first, duplicate, third]);
    expect(calls).toEqual([1, 3]);
    expect(processor.stats.duplicates).toBe(1);
    expect([...inbox.done.keys()]).toEqual(['g1/A', 'g1/C']);
    expect(controls.resolved).toEqual([first.offset, duplicate.offset, third.offset]);
  });

  it('does not resolve a message whose dead-lettering failed: the batch fails and it is redelivered', async () => {
    const { controls, run } = setup(
      async () => {
        throw new NonRetryableError('bad');
      },
      { dlqFails: true },
    );
    const r = record('c1', 1);
    await expect(run([r])).rejects.toThrow('dlq unavailable');
    expect(controls.resolved).toEqual([]);
  });

  it('stops during a retry wait when the consumer stops, leaving the message unresolved and not dead-lettered', async () => {
    const { controls, dlq, run } = setup(async () => {
      controls.running = false; // shutdown begins while the handler fails
      throw new Error('transient');
    });
    await run([record('c1', 1), record('c1', 2)]);
    expect(controls.resolved).toEqual([]);
    expect(dlq).toHaveLength(0);
  });

  it('stops before the next record when the partition went stale (rebalanced away)', async () => {
    const seen: number[] = [];
    const { controls, run } = setup(async (e) => {
      seen.push(e.message.daysOverdue);
      controls.stale = true;
    });
    const batch = [record('c1', 1), record('c1', 2)];
    await run(batch);
    expect(seen).toEqual([1]);
    expect(controls.resolved).toEqual([batch[0].offset]);
  });

  it('abandons the batch (no retry, no dead letter) when a heartbeat reports a rebalance', async () => {
    const { controls, dlq, run } = setup(async (_e, ctx) => {
      controls.heartbeatError = new Error('The group is rebalancing, so a rejoin is needed');
      await ctx.heartbeat();
    });
    await expect(run([record('c1', 1)])).rejects.toBeInstanceOf(BatchAbandoned);
    expect(dlq).toHaveLength(0);
    expect(controls.resolved).toEqual([]);
  });

  it('abandons the rest of the batch when a timer heartbeat saw a rebalance during a handler that succeeded', async () => {
    const seen: number[] = [];
    const { controls, run } = setup(
      async (e) => {
        seen.push(e.message.daysOverdue);
        controls.heartbeatError = new Error('rebalancing');
        await new Promise((r) => setTimeout(r, 120)); // the timer beats (and fails) meanwhile
      },
      { heartbeatIntervalMs: 100 },
    );
    const batch = [record('c1', 1), record('c1', 2)];
    await expect(run(batch)).rejects.toBeInstanceOf(BatchAbandoned);
    expect(seen).toEqual([1]);
    expect(controls.resolved).toEqual([batch[0].offset]); // what was handled stays handled
  });

  it('heartbeats on a timer while a slow handler runs', async () => {
    // Fake timers: on a loaded machine real ones coalesce and the count would be luck.
    jest.useFakeTimers();
    try {
      const { controls, run } = setup(() => new Promise((r) => setTimeout(r, 330)), {
        heartbeatIntervalMs: 100,
      });
      const done = run([record('c1', 1)]);
      await jest.advanceTimersByTimeAsync(400);
      await done;
      // a tick every 50 ms (half the interval) for 330 ms, plus one after the record
      expect(controls.heartbeats).toBeGreaterThanOrEqual(6);
    } finally {
      jest.useRealTimers();
    }
  });

  it('opens a CONSUMER span per message, child of and linked to the producer span', async () => {
    const { exporter, run } = setup(async () => undefined);
    await run([record('c1', 1, {}, 'EVT-7')], 2);
    const [span] = exporter.getFinishedSpans();
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.name).toBe(`process ${TOPIC}`);
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span.links.map((l) => l.context.spanId)).toEqual(['b7ad6b7169203331']);
    expect(span.attributes).toMatchObject({
      'messaging.destination.name': TOPIC,
      'messaging.destination.partition.id': '2',
      'messaging.message.id': 'EVT-7',
      'messaging.consumer.group.name': 'g1',
    });
  });

  it('starts a new trace (no parent, no link) for a record without traceparent', async () => {
    const { exporter, run } = setup(async () => undefined);
    const r = record('c1', 1);
    const headers = { ...r.headers };
    delete (headers as Record<string, Buffer>).traceparent;
    await run([{ ...r, headers }]);
    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([]);
  });
});
