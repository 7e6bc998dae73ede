import type { EventEnvelope } from '../envelope';
import { silentLogger } from '../logger';
import { OutboxRelay } from './relay';
import type { OutboxSource, PendingOutbox } from './source';

function envelope(id: string): EventEnvelope {
  return {
    eventId: id,
    eventType: 't.a.b.v1',
    schemaVersion: 1,
    producer: 'p',
    key: 'k',
    occurredAt: '',
    traceparent: '',
    tracestate: '',
    payload: new Uint8Array(),
  };
}

/** Documents with pending event ids; acknowledging removes exactly the acknowledged ones. */
class FakeSource implements OutboxSource {
  readonly name = 'children';
  readonly log: string[] = [];
  fetches = 0;
  constructor(readonly docs: Map<string, string[]>) {}
  async fetchPending(limit: number): Promise<PendingOutbox[]> {
    this.fetches += 1;
    return [...this.docs.entries()]
      .filter(([, ids]) => ids.length > 0)
      .slice(0, limit)
      .map(([doc, ids]) => ({
        source: this.name,
        documentId: doc,
        stored: ids.map((eventId) => ({ eventId })),
        envelopes: ids.map(envelope),
      }));
  }
  async acknowledge(p: PendingOutbox): Promise<void> {
    this.log.push(`ack ${String(p.documentId)}`);
    const acked = new Set(p.envelopes.map((e) => e.eventId));
    this.docs.set(
      String(p.documentId),
      (this.docs.get(String(p.documentId)) ?? []).filter((id) => !acked.has(id)),
    );
  }
}

class FakePublisher {
  readonly groups: string[][] = [];
  failIds = new Set<string>();
  constructor(private readonly log?: string[]) {}
  async publishEnvelopes(envelopes: readonly EventEnvelope[]): Promise<void> {
    const ids = envelopes.map((e) => e.eventId);
    if (ids.some((id) => this.failIds.has(id))) throw new Error(`broker refused ${ids.join(',')}`);
    this.groups.push(ids);
    this.log?.push(`publish ${ids.join(',')}`);
  }
}

describe('OutboxRelay', () => {
  it('publishes each document’s entries as one group in written order, then acknowledges exactly those', async () => {
    const source = new FakeSource(
      new Map([
        ['child-1', ['e1', 'e2']],
        ['child-2', ['e3']],
      ]),
    );
    const publisher = new FakePublisher();
    const relay = new OutboxRelay(publisher, { sources: [source], logger: silentLogger });
    expect(await relay.drainOnce()).toBe(3);
    expect(publisher.groups).toEqual([['e1', 'e2'], ['e3']]);
    expect([...source.docs.values()]).toEqual([[], []]);
    expect(relay.stats).toEqual({ published: 3, acknowledgedDocuments: 2, failedRounds: 0 });
  });

  it('calls onPublished after the broker acknowledged and before the entries are removed', async () => {
    const source = new FakeSource(new Map([['child-1', ['e1']]]));
    const publisher = new FakePublisher(source.log);
    const relay = new OutboxRelay(publisher, {
      sources: [source],
      logger: silentLogger,
      onPublished: (p) => {
        source.log.push(`published ${p.map((x) => String(x.documentId)).join(',')}`);
      },
    });
    await relay.drainOnce();
    expect(source.log).toEqual(['publish e1', 'published child-1', 'ack child-1']);
  });

  it('keeps a document whose publish failed (it is retried), acknowledges the others, and reports the failure', async () => {
    const source = new FakeSource(
      new Map([
        ['child-1', ['e1']],
        ['child-2', ['e2']],
      ]),
    );
    const publisher = new FakePublisher();
    publisher.failIds.add('e1');
    const relay = new OutboxRelay(publisher, { sources: [source], logger: silentLogger });
    await expect(relay.drainOnce()).rejects.toThrow('broker refused e1');
    expect(source.docs.get('child-1')).toEqual(['e1']);
    expect(source.docs.get('child-2')).toEqual([]);
    publisher.failIds.clear();
    expect(await relay.drainOnce()).toBe(1);
    expect(source.docs.get('child-1')).toEqual([]);
  });

  it('pages through more pending documents than one batch', async () => {
    const docs = new Map(
      Array.from({ length: 5 }, (_, i) => [`child-${i}`, [`e${i}`]] as [string, string[]]),
    );
    const source = new FakeSource(docs);
    const relay = new OutboxRelay(new FakePublisher(), {
      sources: [source],
      batchSize: 2,
      logger: silentLogger,
    });
    expect(await relay.drainOnce()).toBe(5);
    expect(source.fetches).toBe(3); // 2 + 2 + 1 (a short page ends the round)
  });

  it('serialises overlapping rounds, so an entry is never published twice by one relay', async () => {
    const source = new FakeSource(new Map([['child-1', ['e1']]]));
    const publisher = new FakePublisher();
    const relay = new OutboxRelay(publisher, { sources: [source], logger: silentLogger });
    const counts = await Promise.all([relay.drainOnce(), relay.drainOnce()]);
    expect(counts).toEqual([1, 0]);
    expect(publisher.groups).toEqual([['e1']]);
  });

  it('polls on its interval, and nudge() makes it look at once', async () => {
    const source = new FakeSource(new Map());
    const publisher = new FakePublisher();
    const relay = new OutboxRelay(publisher, {
      sources: [source],
      pollIntervalMs: 60_000,
      logger: silentLogger,
    });
    relay.start();
    await new Promise((r) => setTimeout(r, 20));
    source.docs.set('child-1', ['e1']);
    relay.nudge();
    await new Promise((r) => setTimeout(r, 20));
    expect(publisher.groups).toEqual([['e1']]);
    await relay.stop();
  });

  it('backs off after a failed round and recovers', async () => {
    const source = new FakeSource(new Map([['child-1', ['e1']]]));
    const publisher = new FakePublisher();
    publisher.failIds.add('e1');
    const relay = new OutboxRelay(publisher, { sources: [source], pollIntervalMs: 10, logger: silentLogger });
    relay.start();
    await new Promise((r) => setTimeout(r, 50));
    const failed = relay.stats.failedRounds;
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(failed).toBeLessThanOrEqual(3); // 20, 40, 80 ms… not a retry every 10 ms
    publisher.failIds.clear();
    relay.nudge();
    await new Promise((r) => setTimeout(r, 200));
    expect(source.docs.get('child-1')).toEqual([]);
    await relay.stop();
  });

  it('acknowledges a round in one acknowledgeMany call when the source has one', async () => {
    class BatchSource extends FakeSource {
      readonly rounds: string[][] = [];
      async acknowledgeMany(pending: readonly PendingOutbox[]): Promise<void> {
        this.rounds.push(pending.map((p) => String(p.documentId)));
        for (const p of pending) await super.acknowledge(p);
      }
    }
    const source = new BatchSource(
      new Map([
        ['child-1', ['e1']],
        ['child-2', ['e2']],
        ['child-3', ['e3']],
      ]),
    );
    const publisher = new FakePublisher();
    publisher.failIds.add('e2');
    const relay = new OutboxRelay(publisher, { sources: [source], logger: silentLogger });
    await expect(relay.drainOnce()).rejects.toThrow('broker refused e2');
    // Only the published documents, in one call; the failed one stays pending.
    expect(source.rounds).toEqual([['child-1', 'child-3']]);
    expect(source.docs.get('child-2')).toEqual(['e2']);
    expect(relay.stats.acknowledgedDocuments).toBe(2);
  });
});
