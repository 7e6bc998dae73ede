import type { TopicSpec } from './broker';
import { silentLogger } from './logger';
import { TopicAdminPort, TopicSetupOptions, TopicsNotReadyError, ensureTopicsReady } from './topic-setup';

/** What a broker says right after a creation it has not applied yet (tulios/kafkajs#815). */
class UnknownTopic extends Error {
  override readonly name = 'UnknownTopic';
  readonly retriable = true;
  constructor() {
    super('This server does not host this topic-partition');
  }
}
class InvalidReplicationFactor extends Error {
  override readonly name = 'InvalidReplicationFactor';
  readonly retriable = false;
}

/**
 * A cluster as an admin client sees it: topics, each with its partitions' leaders; each call can
 * be scripted to fail first, and a created topic can take a few metadata answers to show a
 * leader or to be known at all.
 */
class FakeAdmin implements TopicAdminPort {
  readonly topics = new Map<string, number[]>();
  readonly created: string[][] = [];
  readonly calls: string[] = [];
  listFailures: Error[] = [];
  createFailures: { error: Error; afterCreating: boolean }[] = [];
  /** Metadata answers per topic before the broker asked knows it / before its partitions have leaders. */
  unknownFor = 0;
  leaderlessFor = 0;

  async listTopics(): Promise<string[]> {
    this.calls.push('list');
    const failure = this.listFailures.shift();
    if (failure) throw failure;
    return [...this.topics.keys()];
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.calls.push(`create ${specs.map((s) => s.topic).join(',')}`);
    const failure = this.createFailures.shift();
    if (failure && !failure.afterCreating) throw failure.error;
    this.created.push(specs.map((s) => s.topic));
    for (const s of specs)
      if (!this.topics.has(s.topic)) this.topics.set(s.topic, new Array(s.partitions ?? 3).fill(-1));
    if (failure) throw failure.error;
  }

  async partitionLeaders(topics: readonly string[]): Promise<ReadonlyMap<string, readonly number[]>> {
    this.calls.push('leaders');
    if (this.unknownFor > 0) {
      this.unknownFor -= 1;
      throw new UnknownTopic();
    }
    const elected = this.leaderlessFor-- <= 0;
    return new Map(
      topics
        .filter((t) => this.topics.has(t))
        .map((t) => [t, (this.topics.get(t) ?? []).map((l, i) => (elected ? i + 1 : l))]),
    );
  }
}

function options(overrides: Partial<TopicSetupOptions> = {}) {
  let time = 0;
  const sleeps: number[] = [];
  const opts: TopicSetupOptions = {
    deadlineMs: 10_000,
    backoff: { initialDelayMs: 100, multiplier: 2, maxDelayMs: 1_000, jitter: 0 },
    isRetriable: (e) => (e as { retriable?: boolean }).retriable === true,
    logger: silentLogger,
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
    ...overrides,
  };
  return { opts, sleeps };
}

const specs: TopicSpec[] = [
  { topic: 'registry.child.registered.v1', partitions: 6 },
  { topic: 'monitoring.visit-tally.dlq.v1', partitions: 6 },
];

describe('ensureTopicsReady', () => {
  it('creates the missing topics and returns once every partition has a leader', async () => {
    const admin = new FakeAdmin();
    admin.topics.set('registry.child.registered.v1', [1, 2, 3]);
    const { opts } = options();
    expect(await ensureTopicsReady(admin, specs, opts)).toEqual(['monitoring.visit-tally.dlq.v1']);
    expect(admin.created).toEqual([['monitoring.visit-tally.dlq.v1']]);
    expect(admin.calls).toEqual(['list', 'create monitoring.visit-tally.dlq.v1', 'leaders']);
  });

  it('does nothing more than list when every topic exists (the usual boot)', async () => {
    const admin = new FakeAdmin();
    for (const s of specs) admin.topics.set(s.topic, [1]);
    expect(await ensureTopicsReady(admin, specs, options().opts)).toEqual([]);
    expect(admin.calls).toEqual(['list']);
  });

  it('keeps asking while the broker asked does not know the new topic yet ("does not host this topic-partition")', async () => {
    const admin = new FakeAdmin();
    admin.unknownFor = 2;
    const { opts, sleeps } = options();
    expect(await ensureTopicsReady(admin, specs, opts)).toHaveLength(2);
    expect(admin.calls.filter((c) => c === 'leaders')).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('waits until partitions without a leader get one', async () => {
    const admin = new FakeAdmin();
    admin.leaderlessFor = 3;
    const { opts, sleeps } = options();
    await ensureTopicsReady(admin, specs, opts);
    expect(admin.calls.filter((c) => c === 'leaders')).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('retries a creation whose answer was lost, without creating the topics twice', async () => {
    const admin = new FakeAdmin();
    // The request reached the controller, then the answer was lost.
    admin.createFailures.push({ error: new UnknownTopic(), afterCreating: true });
    const { opts } = options();
    expect(await ensureTopicsReady(admin, specs, opts)).toHaveLength(2);
    expect(admin.created).toHaveLength(1); // the retry listed them as existing
  });

  it('asks again for a topic whose creation request may never have reached the controller', async () => {
    const admin = new FakeAdmin();
    admin.createFailures.push({ error: new UnknownTopic(), afterCreating: false });
    await ensureTopicsReady(admin, specs, options().opts);
    expect(admin.created).toEqual([specs.map((s) => s.topic)]);
    expect([...admin.topics.keys()]).toEqual(specs.map((s) => s.topic));
  });

  it('retries a failed listing', async () => {
    const admin = new FakeAdmin();
    admin.listFailures.push(new UnknownTopic());
    await expect(ensureTopicsReady(admin, specs, options().opts)).resolves.toHaveLength(2);
  });

  it('rejects at once on an error no retry fixes (an invalid replication factor)', async () => {
    const admin = new FakeAdmin();
    const error = new InvalidReplicationFactor('Replication-factor is invalid');
    admin.createFailures.push({ error, afterCreating: false });
    await expect(ensureTopicsReady(admin, specs, options().opts)).rejects.toBe(error);
    expect(admin.calls).toEqual(['list', `create ${specs.map((s) => s.topic).join(',')}`]);
  });

  it('gives up at the deadline with the last error, naming the topics without leaders', async () => {
    const admin = new FakeAdmin();
    admin.leaderlessFor = 1_000;
    const { opts, sleeps } = options({ deadlineMs: 1_000 });
    const error = await ensureTopicsReady(admin, specs, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopicsNotReadyError);
    expect((error as TopicsNotReadyError).topics).toEqual(specs.map((s) => s.topic));
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_000);
  });

  it('does nothing for no topics', async () => {
    const admin = new FakeAdmin();
    expect(await ensureTopicsReady(admin, [], options().opts)).toEqual([]);
    expect(admin.calls).toEqual([]);
  });
});
