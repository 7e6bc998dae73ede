import {
  DEFAULT_RETRY_POLICY,
  NonRetryableError,
  PoisonMessageError,
  RetryPolicy,
  backoffDelay,
  classifyFailure,
  nextStep,
  validateRetryPolicy,
} from './failure';

const policy: RetryPolicy = {
  maxAttempts: 4,
  initialDelayMs: 100,
  multiplier: 2,
  maxDelayMs: 500,
  jitter: 0.5,
};

function named(name: string, message = 'x'): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('classifyFailure', () => {
  it.each([
    ['a plain Error may be transient (database failover, timeout)', new Error('connection reset'), 'retry'],
    ['a thrown string is not known to be permanent', 'boom', 'retry'],
    ['undefined thrown is not known to be permanent', undefined, 'retry'],
    ['a network error from the driver is transient', named('MongoNetworkError'), 'retry'],
    ['a kafkajs error inside a handler is transient', named('KafkaJSConnectionError'), 'retry'],
    [
      'a handler declares the message unprocessable',
      new NonRetryableError('age rule violated'),
      'dead-letter',
    ],
    [
      'undecodable bytes never decode on a retry',
      new PoisonMessageError('decode', 'bad bytes'),
      'dead-letter',
    ],
    [
      'a wrong schema version will not change on a retry',
      new PoisonMessageError('schema-version', 'v2 on v1'),
      'dead-letter',
    ],
    ['mongoose validation fails the same way every time', named('ValidationError'), 'dead-letter'],
    ['a cast error is caused by the data', named('CastError'), 'dead-letter'],
    ['strict mode rejections are caused by the data', named('StrictModeError'), 'dead-letter'],
    [
      'a missing document for orFail() will not appear by retrying',
      named('DocumentNotFoundError'),
      'dead-letter',
    ],
    [
      'a unique-index conflict is a logic conflict',
      Object.assign(new Error('E11000'), { code: 11000 }),
      'dead-letter',
    ],
    ['other driver codes stay retryable', Object.assign(new Error('not primary'), { code: 10107 }), 'retry'],
  ])('%s', (_reason, error, expected) => {
    expect(classifyFailure(error)).toBe(expected);
  });
});

describe('nextStep', () => {
  it.each([
    ['first failure of a transient error: retry', new Error('t'), 1, 'retry'],
    ['second to last attempt: retry once more', new Error('t'), 3, 'retry'],
    ['attempts exhausted: dead-letter', new Error('t'), 4, 'dead-letter'],
    ['beyond the limit (policy lowered meanwhile): dead-letter', new Error('t'), 9, 'dead-letter'],
    [
      'non-retryable on the first attempt: dead-letter at once',
      new NonRetryableError('bad'),
      1,
      'dead-letter',
    ],
  ])('%s', (_reason, error, attempts, expected) => {
    expect(nextStep(error, attempts, policy)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it.each([
    ['first retry waits the initial delay (no jitter drawn)', 1, 0, 100],
    ['doubles after the second failure', 2, 0, 200],
    ['doubles again', 3, 0, 400],
    ['is capped at maxDelayMs', 4, 0, 500],
    ['stays capped far out (no overflow to Infinity)', 2000, 0, 500],
    ['full jitter draw takes off jitter share (50%)', 1, 1, 50],
    ['half jitter draw takes off a quarter', 2, 0.5, 150],
    ['jitter applies to the capped delay', 10, 1, 250],
  ])('%s', (_reason, attempt, draw, expected) => {
    expect(backoffDelay(attempt, policy, () => draw)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects failedAttempt %p (attempts count from 1)', (attempt) => {
    expect(() => backoffDelay(attempt, policy)).toThrow(RangeError);
  });

  it('never exceeds the cap nor goes below (1 - jitter) of it, whatever the draw', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(1 + (i % 8), DEFAULT_RETRY_POLICY);
      expect(d).toBeGreaterThanOrEqual(
        Math.round(DEFAULT_RETRY_POLICY.initialDelayMs * (1 - DEFAULT_RETRY_POLICY.jitter)),
      );
      expect(d).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
    }
  });
});

describe('validateRetryPolicy', () => {
  it.each([
    ['zero attempts would never call the handler', { maxAttempts: 0 }, /maxAttempts/],
    ['fractional attempts make no sense', { maxAttempts: 2.5 }, /maxAttempts/],
    ['a shrinking multiplier would retry faster and faster', { multiplier: 0.5 }, /multiplier/],
    ['a cap below the first delay is contradictory', { initialDelayMs: 1000, maxDelayMs: 10 }, /maxDelayMs/],
    ['jitter above 1 could make delays negative', { jitter: 1.5 }, /jitter/],
    ['negative delays are impossible', { initialDelayMs: -1 }, /initialDelayMs/],
  ])('rejects: %s', (_reason, change, message) => {
    expect(() => validateRetryPolicy({ ...DEFAULT_RETRY_POLICY, ...change })).toThrow(message);
  });

  it('accepts the default policy and a no-retry policy', () => {
    expect(validateRetryPolicy(DEFAULT_RETRY_POLICY)).toBe(DEFAULT_RETRY_POLICY);
    expect(() => validateRetryPolicy({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })).not.toThrow();
  });
});
