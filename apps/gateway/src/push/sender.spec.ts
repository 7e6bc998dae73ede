import { backoffSeconds } from './sender.service';

// The wait before a push is tried again while the partner city is unreachable or refuses:
// doubling from one second, capped, jittered so that many waiting messages do not retry in step.

const lowest = () => 0;
const middle = () => 0.5;
const highest = () => 1 - Number.EPSILON; // Math.random() is below 1

describe('backoffSeconds', () => {
  it.each<[number, number]>([
    [0, 1], // never failed yet (not called so, but not below one second either)
    [1, 1],
    [2, 2],
    [3, 4],
    [4, 8],
    [5, 16],
    [9, 256],
  ])('after %i failures waits %i s (unjittered)', (attempts, seconds) => {
    expect(backoffSeconds(attempts, 300, middle)).toBe(seconds);
  });

  it.each<[number, number, number]>([
    [10, 300, 300], // 512 would exceed the cap
    [50, 300, 300],
    [1100, 300, 300], // 2^1099 is Infinity in floating point: still the cap
    [3, 1, 1], // the tests' cap of one second
    [2, 3600, 2],
  ])('after %i failures with a cap of %i s waits %i s (unjittered)', (attempts, cap, seconds) => {
    expect(backoffSeconds(attempts, cap, middle)).toBe(seconds);
  });

  it('jitters ±20% around the wait: from 0.8× to 1.2×', () => {
    expect(backoffSeconds(3, 300, lowest)).toBeCloseTo(3.2, 10);
    expect(backoffSeconds(3, 300, highest)).toBeCloseTo(4.8, 10);
    expect(backoffSeconds(1, 300, lowest)).toBeCloseTo(0.8, 10);
  });

  it('jitters the capped wait too (so the cap is the centre of the last waits, not a hard ceiling)', () => {
    expect(backoffSeconds(20, 300, lowest)).toBeCloseTo(240, 10);
    expect(backoffSeconds(20, 300, highest)).toBeCloseTo(360, 10);
  });

  it('stays within its bounds for any draw of the real random source', () => {
    for (let attempts = 0; attempts <= 40; attempts += 1) {
      const base = Math.min(300, 2 ** Math.max(0, attempts - 1));
      for (let i = 0; i < 50; i += 1) {
        const wait = backoffSeconds(attempts, 300);
        expect(wait).toBeGreaterThanOrEqual(0.8 * base);
        expect(wait).toBeLessThanOrEqual(1.2 * base);
      }
    }
  });

  it('never waits less than it did after fewer failures, at the same draw', () => {
    let previous = 0;
    for (let attempts = 1; attempts <= 20; attempts += 1) {
      const wait = backoffSeconds(attempts, 300, middle);
      expect(wait).toBeGreaterThanOrEqual(previous);
      previous = wait;
    }
  });
});
