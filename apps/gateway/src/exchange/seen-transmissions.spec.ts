import { seenTransmissionCutoff } from './seen-transmissions';

describe('seenTransmissionCutoff', () => {
  const now = new Date('2026-12-07T08:00:00.000Z');

  it('keeps two time windows and a minute: with ±300 s, transmissions first seen in the last 11 minutes', () => {
    expect(seenTransmissionCutoff(now, 300).toISOString()).toBe('2026-12-07T07:49:00.000Z');
  });

  it('is never later than the last instant a replay could still pass the window', () => {
    for (const skew of [5, 60, 300, 3600]) {
      // first seen at T = now - age; a replay passes the window until T + 2·skew at the latest.
      const cutoff = seenTransmissionCutoff(now, skew).getTime();
      const firstSeenAtCutoff = cutoff;
      expect(firstSeenAtCutoff + 2 * skew * 1000).toBeLessThan(now.getTime());
    }
  });
});
