import { mergeChange, NOTHING_PARKED, parkedOf } from './parked-change';

const facts = (factsVersion: number) => ({ kind: 'facts' as const, childId: 'c1', factsVersion });
const keyCare = (open: boolean, at: string) => ({ kind: 'key-care' as const, childId: 'c1', open, at });

describe('mergeChange', () => {
  it('keeps the newest facts version, whatever order the changes came in', () => {
    expect(mergeChange(parkedOf(facts(3)), facts(5)).factsVersion).toBe(5);
    expect(mergeChange(parkedOf(facts(5)), facts(3)).factsVersion).toBe(5);
    expect(parkedOf(facts(1))).toEqual({ factsVersion: 1, keyCare: null });
  });

  it('keeps the newest key-care event, an older one changes nothing', () => {
    const opened = parkedOf(keyCare(true, '2026-12-01T00:00:00.000Z'));
    const closed = mergeChange(opened, keyCare(false, '2026-12-02T00:00:00.000Z'));
    expect(closed.keyCare).toEqual({ open: false, at: '2026-12-02T00:00:00.000Z' });
    expect(mergeChange(closed, keyCare(true, '2026-12-01T12:00:00.000Z'))).toBe(closed);
    expect(mergeChange(closed, keyCare(true, '2026-12-02T00:00:00.000Z'))).toBe(closed);
  });

  it('holds facts and key care together, each part untouched by the other kind', () => {
    const both = mergeChange(parkedOf(facts(2)), keyCare(true, '2026-12-01T00:00:00.000Z'));
    expect(both).toEqual({ factsVersion: 2, keyCare: { open: true, at: '2026-12-01T00:00:00.000Z' } });
    expect(mergeChange(both, facts(4)).keyCare).toEqual(both.keyCare);
    expect(NOTHING_PARKED).toEqual({ factsVersion: null, keyCare: null });
  });
});
