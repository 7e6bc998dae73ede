import { forEachLimited, groupsOf } from './source';

describe('groupsOf', () => {
  it.each([
    ['an empty list has no groups', [], 3, []],
    ['fewer items than a group: one group', [1, 2], 3, [[1, 2]]],
    [
      'an exact multiple: full groups only',
      [1, 2, 3, 4],
      2,
      [
        [1, 2],
        [3, 4],
      ],
    ],
    ['a remainder: the last group is short', [1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
    ['size 1: one item a group', [1, 2], 1, [[1], [2]]],
  ])('%s', (_reason, items, size, expected) => {
    expect(groupsOf(items, size)).toEqual(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a group size of %p', (size) => {
    expect(() => groupsOf([1], size)).toThrow(/size must be a positive integer/);
  });
});

describe('forEachLimited', () => {
  const tick = () => new Promise((r) => setTimeout(r, 1));

  it('does every item once, never more than `limit` at once', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      done.push(n);
      running -= 1;
    });
    expect([...done].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('finishes the other items after a failure, then rejects with the first failure', async () => {
    const done: number[] = [];
    await expect(
      forEachLimited([1, 2, 3, 4], 2, async (n) => {
        await tick();
        if (n === 2) throw new Error('two failed');
        if (n === 3) throw new Error('three failed');
        done.push(n);
      }),
    ).rejects.toThrow('two failed');
    expect(done.sort()).toEqual([1, 4]);
  });

  it('does nothing for no items', async () => {
    const work = jest.fn();
    await forEachLimited([], 4, work);
    expect(work).not.toHaveBeenCalled();
  });
});
