import { publishedAt, rotationDue, rotationTimes, signingKeyAt, type ScheduledKey } from './key-schedule';

const T = Date.parse('2026-12-07T08:00:00Z');
const at = (offsetMs: number): Date => new Date(T + offsetMs);
const MIN = 60_000;
const DAY = 86_400_000;

interface Key extends ScheduledKey {
  readonly kid: string;
}
const key = (kid: string, created: number, activates: number, publishUntil: number | null = null): Key => ({
  kid,
  createdAt: at(created),
  activatesAt: at(activates),
  publishUntil: publishUntil === null ? null : at(publishUntil),
});

// A signed for a day; B was published at +1 day and signs from +1 day +1 min; A is kept 21 min more.
const A = key('A', 0, 0, DAY + MIN + 20 * MIN);
const B = key('B', DAY, DAY + MIN);

describe('signingKeyAt', () => {
  it.each<[string, readonly Key[], number, string | undefined]>([
    ['no key yet', [], 0, undefined],
    ['the first key signs at once', [key('A', 0, 0)], 0, 'A'],
    ['a new key waits: the old one signs while the services fetch it', [A, B], DAY + 30_000, 'A'],
    ['from its activation the new key signs', [A, B], DAY + MIN, 'B'],
    ['the order the store returns does not matter', [B, A], DAY + 2 * MIN, 'B'],
    ['a waiting key signs when no active key is published any more', [key('B', 0, MIN)], 0, 'B'],
  ])('%s', (_why, keys, now, expected) => {
    expect(signingKeyAt(keys, at(now))?.kid).toBe(expected);
  });
});

describe('publishedAt', () => {
  it('lists the waiting key beside the signing one, newest first, and drops a retired key when its tokens are gone', () => {
    expect(publishedAt([A, B], at(DAY)).map((k) => k.kid)).toEqual(['B', 'A']);
    expect(publishedAt([A, B], at(DAY + 21 * MIN - 1)).map((k) => k.kid)).toEqual(['B', 'A']);
    expect(publishedAt([A, B], at(DAY + 21 * MIN)).map((k) => k.kid)).toEqual(['B']);
  });
});

describe('rotationDue', () => {
  it.each<[string, readonly Key[], number, boolean]>([
    ['no key: the first one is due', [], 0, true],
    ['a young key is kept', [key('A', 0, 0)], DAY - 1, false],
    ['a key as old as the rotation period is replaced', [key('A', 0, 0)], DAY, true],
    ['a waiting key is not replaced again (it is the newest)', [A, B], DAY + 30_000, false],
    ['a retired key no longer published does not count', [key('A', 0, 0, MIN)], 2 * MIN, true],
  ])('%s', (_why, keys, now, expected) => {
    expect(rotationDue(keys, at(now), DAY)).toBe(expected);
  });
});

describe('rotationTimes', () => {
  it('makes a later key wait, and keeps the retired keys until the last token they may sign has expired', () => {
    expect(rotationTimes(at(0), false, MIN, 20 * MIN)).toEqual({
      activatesAt: at(MIN),
      retiredPublishUntil: at(21 * MIN),
    });
  });

  it('lets the first key of a deployment sign at once', () => {
    expect(rotationTimes(at(0), true, MIN, 20 * MIN).activatesAt).toEqual(at(0));
  });
});
