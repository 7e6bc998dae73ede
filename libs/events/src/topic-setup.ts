import type { TopicSpec } from './broker';
import { BackoffPolicy, backoffDelay } from './failure';
import { EventsLogger, errorFields } from './logger';

/** The admin operations topic creation needs; kafka-broker.ts implements them with kafkajs. */
export interface TopicAdminPort {
  /** Names of the topics the cluster has. */
  listTopics(): Promise<string[]>;
  /** Creates these topics, returning once the controller accepted them; a topic that exists meanwhile is no error. */
  createTopics(specs: readonly TopicSpec[]): Promise<void>;
  /**
   * The leader's node id for each partition of each topic, -1 where there is none. Throws when the
   * broker asked does not know a topic yet (it may not have applied the creation).
   */
  partitionLeaders(topics: readonly string[]): Promise<ReadonlyMap<string, readonly number[]>>;
}

export interface TopicSetupOptions {
  /** Gives up (rejects with the last error) once this much time has passed. */
  readonly deadlineMs: number;
  readonly backoff: BackoffPolicy;
  /** Whether an admin error may pass on its own (a broker that has not applied the creation yet, a leader being elected). */
  readonly isRetriable: (error: unknown) => boolean;
  readonly logger: EventsLogger;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export const DEFAULT_TOPIC_SETUP_BACKOFF: BackoffPolicy = {
  initialDelayMs: 100,
  multiplier: 2,
  maxDelayMs: 2_000,
  jitter: 0.2,
};

/** Some partitions of newly created topics have no leader yet (retriable: elections take a moment). */
export class TopicsNotReadyError extends Error {
  override readonly name = 'TopicsNotReadyError';
  constructor(readonly topics: readonly string[]) {
    super(`no leader yet for some partitions of ${topics.join(', ')}`);
  }
}

/**
 * Creates the missing topics, then waits until every partition of those it created has a leader,
 * so a producer or consumer that starts right after finds them usable.
 *
 * On a fresh multi-broker cluster, the broker that is asked for a topic's metadata right after
 * its creation may not have applied it yet and answers UNKNOWN_TOPIC_OR_PARTITION ("This server
 * does not host this topic-partition") or LEADER_NOT_AVAILABLE; kafkajs's
 * createTopics({ waitForLeaders: true }) gives up on the first (tulios/kafkajs#815), which made a
 * consumer's start fail on its dead-letter topic. Here both steps are retried with backoff, and
 * each retry lists the topics again, so a creation that succeeded before an error is not repeated.
 * Returns the names of the topics this call created.
 */
export async function ensureTopicsReady(
  admin: TopicAdminPort,
  specs: readonly TopicSpec[],
  options: TopicSetupOptions,
): Promise<string[]> {
  if (specs.length === 0) return [];
  const retrying = retrier(options);
  const created = new Set<string>();
  await retrying('create topics', async () => {
    const existing = new Set(await admin.listTopics());
    // A topic requested by an attempt that then failed is asked for again: the request may not
    // have reached the controller, and one that did makes this answer "already exists", no error.
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return;
    for (const s of missing) created.add(s.topic);
    await admin.createTopics(missing);
  });
  if (created.size === 0) return [];
  const topics = [...created];
  await retrying('topic leaders', async () => {
    const leaders = await admin.partitionLeaders(topics);
    const leaderless = topics.filter((topic) => {
      const partitions = leaders.get(topic);
      return !partitions || partitions.length === 0 || partitions.some((leader) => leader < 0);
    });
    if (leaderless.length > 0) throw new TopicsNotReadyError(leaderless);
  });
  return topics;
}

function retrier(options: TopicSetupOptions) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  return async (step: string, fn: () => Promise<void>): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const retriable = error instanceof TopicsNotReadyError || options.isRetriable(error);
        const delayMs = backoffDelay(attempt, options.backoff, options.random);
        if (!retriable || now() - started + delayMs > options.deadlineMs) throw error;
        options.logger.debug({ step, attempt, delayMs, ...errorFields(error) }, 'topic setup: trying again');
        await sleep(delayMs);
      }
    }
  };
}
