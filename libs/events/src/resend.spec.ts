import { BrokerSendError, OutgoingRecord, TopicRecords, isRetriableSendError } from './broker';
import { EventsLogger, silentLogger } from './logger';
import {
  BatchResender,
  DEFAULT_RESEND_POLICY,
  ResendPolicy,
  SendDeadlineExceededError,
  validateResendPolicy,
} from './resend';

const policy: ResendPolicy = {
  deadlineMs: 1_000,
  initialDelayMs: 100,
  multiplier: 2,
  maxDelayMs: 300,
  jitter: 0,
};

const transient = (message = 'NOT_LEADER_OR_FOLLOWER') => new BrokerSendError(message, true);
const permanent = (message = 'MESSAGE_TOO_LARGE') => new BrokerSendError(message, false);

function record(key: string): OutgoingRecord {
  return { key, value: Buffer.from(key), headers: { 'event-id': key } };
}

function batch(...keys: string[]): TopicRecords[] {
  return [{ topic: 't', records: keys.map(record) }];
}

/** A clock that only moves when the resender sleeps (or a send takes time), so deadlines are exact. */
class FakeClock {
  time = 0;
  readonly sleeps: number[] = [];
  now = () => this.time;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.time += ms;
  };
}

class CapturingLogger implements EventsLogger {
  readonly warnings: { fields: Record<string, unknown>; message: string }[] = [];
  debug(): void {}
  info(): void {}
  warn(fields: object, message: string): void {
    this.warnings.push({ fields: fields as Record<string, unknown>, message });
  }
  error(): void {}
}

/** Sends fail with the given errors in turn, then succeed; each attempt may take `costMs` of the clock. */
function scriptedSend(clock: FakeClock, failures: unknown[], costMs = 0) {
  const attempts: (readonly TopicRecords[])[] = [];
  const send = async (b: readonly TopicRecords[]) => {
    attempts.push(b);
    clock.time += costMs;
    const failure = failures.shift();
    if (failure !== undefined) throw failure;
  };
  return { attempts, send };
}

describe('isRetriableSendError', () => {
  it.each([
    ['a broker error marked retriable (a leader moving) may pass', transient(), true],
    ['a broker error marked permanent (a record too large) will not', permanent(), false],
    ['a plain Error is a bug, not a broker condition', new Error('boom'), false],
    ['a TypeError from a bad record is a bug', new TypeError('x.map is not a function'), false],
    ['an error-shaped object claiming retriable is not trusted', { retriable: true, message: 'x' }, false],
    ['a thrown string is not known to pass', 'boom', false],
  ])('%s', (_reason, error, expected) => {
    expect(isRetriableSendError(error)).toBe(expected);
  });
});

describe('validateResendPolicy', () => {
  it.each([
    ['a negative deadline', { deadlineMs: -1 }, /deadlineMs/],
    ['a multiplier below 1 would shrink the delays', { multiplier: 0.5 }, /multiplier/],
    ['a cap below the first delay', { initialDelayMs: 500, maxDelayMs: 100 }, /maxDelayMs/],
    ['jitter outside 0..1', { jitter: 2 }, /jitter/],
  ])('refuses %s', (_reason, change, message) => {
    expect(() => validateResendPolicy({ ...DEFAULT_RESEND_POLICY, ...change })).toThrow(message);
  });

  it('accepts the default (two minutes) and a zero deadline (no re-send at all)', () => {
    expect(validateResendPolicy(DEFAULT_RESEND_POLICY).deadlineMs).toBe(120_000);
    expect(() => validateResendPolicy({ ...DEFAULT_RESEND_POLICY, deadlineMs: 0 })).not.toThrow();
  });
});

describe('BatchResender', () => {
  it('sends once when the brokers acknowledge', async () => {
    const clock = new FakeClock();
    const { attempts, send } = scriptedSend(clock, []);
    const resender = new BatchResender(send, policy, { logger: silentLogger, ...clock });
    await resender.send(batch('a', 'b'));
    expect(attempts).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(resender.stats).toEqual({ acknowledged: 1, resends: 0, failed: 0 });
  });

  it('re-sends the WHOLE batch after a retriable failure, with exponential backoff, until acknowledged', async () => {
    const clock = new FakeClock();
    const { attempts, send } = scriptedSend(clock, [transient(), transient(), transient()]);
    const logger = new CapturingLogger();
    const resender = new BatchResender(send, policy, { logger, ...clock });
    const sent = batch('a', 'b', 'c');
    await resender.send(sent);
    expect(attempts).toHaveLength(4);
    for (const attempt of attempts) expect(attempt).toBe(sent); // every record, every time
    expect(clock.sleeps).toEqual([100, 200, 300]); // 100 · 2^(n-1), capped at 300
    expect(resender.stats).toEqual({ acknowledged: 1, resends: 3, failed: 0 });
    expect(logger.warnings.map((w) => w.fields)).toEqual([
      expect.objectContaining({ attempt: 1, delayMs: 100, topics: ['t'], records: 3 }),
      expect.objectContaining({ attempt: 2, delayMs: 200 }),
      expect.objectContaining({ attempt: 3, delayMs: 300 }),
    ]);
    // What is logged names the batch, never its keys (a child's id) or values.
    expect(JSON.stringify(logger.warnings)).not.toMatch(/"a"|"b"|"c"/);
  });

  it.each([
    ['a permanent broker error (a record too large) is not re-sent', permanent()],
    ['a plain Error (a bug) is not re-sent', new Error('boom')],
  ])('%s: it rejects with it at once', async (_reason, error) => {
    const clock = new FakeClock();
    const { attempts, send } = scriptedSend(clock, [error]);
    const resender = new BatchResender(send, policy, { logger: silentLogger, ...clock });
    await expect(resender.send(batch('a'))).rejects.toBe(error);
    expect(attempts).toHaveLength(1);
    expect(resender.stats).toEqual({ acknowledged: 0, resends: 0, failed: 1 });
  });

  it('stops at a permanent error met after re-sends', async () => {
    const clock = new FakeClock();
    const last = permanent('TOPIC_AUTHORIZATION_FAILED');
    const { attempts, send } = scriptedSend(clock, [transient(), last]);
    const resender = new BatchResender(send, policy, { logger: silentLogger, ...clock });
    await expect(resender.send(batch('a'))).rejects.toBe(last);
    expect(attempts).toHaveLength(2);
  });

  it('gives up at the deadline: no re-send would start after it, and the rejection carries the last error', async () => {
    const clock = new FakeClock();
    const failures = Array.from({ length: 100 }, (_, i) => transient(`attempt ${i + 1} failed`));
    const { attempts, send } = scriptedSend(clock, failures);
    const resender = new BatchResender(send, policy, { logger: silentLogger, ...clock });
    const error = await resender.send(batch('a')).catch((e: unknown) => e);
    // Sleeps 100 + 200 + 300 + 300 = 900 ms; the next 300 would end past 1000 ms.
    expect(clock.sleeps).toEqual([100, 200, 300, 300]);
    expect(attempts).toHaveLength(5);
    expect(error).toBeInstanceOf(SendDeadlineExceededError);
    expect(error).toMatchObject({ attempts: 5, elapsedMs: 900 });
    expect((error as SendDeadlineExceededError).cause).toMatchObject({ message: 'attempt 5 failed' });
    expect((error as Error).message).toMatch(/5 attempts in 900 ms: attempt 5 failed/);
    expect(resender.stats).toEqual({ acknowledged: 0, resends: 4, failed: 1 });
  });

  it('counts the time the attempts themselves take against the deadline', async () => {
    const clock = new FakeClock();
    const { attempts, send } = scriptedSend(
      clock,
      Array.from({ length: 10 }, () => transient('REQUEST_TIMED_OUT')),
      400, // each attempt waits 400 ms for a timeout
    );
    const resender = new BatchResender(send, policy, { logger: silentLogger, ...clock });
    await expect(resender.send(batch('a'))).rejects.toBeInstanceOf(SendDeadlineExceededError);
    // 400 (attempt) + 100 + 400 + 200 = 1100 > 1000 before a third attempt could start.
    expect(attempts).toHaveLength(2);
  });

  it('with a zero deadline, a retriable failure is returned at once (the pre-resend behaviour)', async () => {
    const clock = new FakeClock();
    const { attempts, send } = scriptedSend(clock, [transient()]);
    const resender = new BatchResender(
      send,
      { ...policy, deadlineMs: 0 },
      { logger: silentLogger, ...clock },
    );
    await expect(resender.send(batch('a'))).rejects.toBeInstanceOf(SendDeadlineExceededError);
    expect(attempts).toHaveLength(1);
  });

  it('jitter shortens a delay by at most its share', async () => {
    const clock = new FakeClock();
    const { send } = scriptedSend(clock, [transient()]);
    const resender = new BatchResender(
      send,
      { ...policy, jitter: 0.5 },
      { logger: silentLogger, ...clock, random: () => 1 },
    );
    await resender.send(batch('a'));
    expect(clock.sleeps).toEqual([50]);
  });
});

/**
 * The failure drill's case, in miniature: a batch spans two partitions on two leaders; the first
 * attempt is written on the healthy partition and fails on the one whose leader died. Re-sending
 * the whole batch must leave every record on its partition, the first copy of each in send order.
 */
describe('BatchResender across a partial failure', () => {
  it('loses nothing: every record is on its partition, first copies in order per key', async () => {
    const clock = new FakeClock();
    const partitionOf = (key: string) => (key.startsWith('x') ? 0 : 1);
    const logs: string[][] = [[], []];
    let leaderOfPartition1Dead = 2; // attempts that still find partition 1's old leader dead
    const send = async (b: readonly TopicRecords[]) => {
      const records = b.flatMap((t) => t.records.map((r) => String(r.key)));
      // The healthy leader appends its partition's records before the other request fails.
      for (const key of records.filter((k) => partitionOf(k) === 0)) logs[0].push(key);
      if (leaderOfPartition1Dead > 0) {
        leaderOfPartition1Dead -= 1;
        throw transient('Connection error: connect ECONNREFUSED');
      }
      for (const key of records.filter((k) => partitionOf(k) === 1)) logs[1].push(key);
    };
    const resender = new BatchResender(send, policy, { logger: silentLogger, ...clock });
    const first = ['x1', 'y1', 'x2', 'y2'];
    await resender.send(batch(...first));
    await resender.send(batch('x3', 'y3'));
    const firstCopies = (log: string[]) => log.filter((k, i) => log.indexOf(k) === i);
    expect(firstCopies(logs[0])).toEqual(['x1', 'x2', 'x3']);
    expect(firstCopies(logs[1])).toEqual(['y1', 'y2', 'y3']);
    // The healthy partition got the first batch three times: duplicates, for consumers to absorb.
    expect(logs[0]).toEqual(['x1', 'x2', 'x1', 'x2', 'x1', 'x2', 'x3']);
  });
});
