import {
  GUARDIANSHIP_CONCERNS,
  GUARDIANSHIP_CONCERN_LABELS,
  GUARDIANSHIP_PARTIES,
  GUARDIANSHIP_PARTY_LABELS,
  GUARDIANSHIP_STATES,
  GUARDIANSHIP_STATE_LABELS,
  OPEN_GUARDIANSHIP_STATES,
  isGuardianshipState,
} from './vocabulary';

describe('guardianship vocabulary', () => {
  it('every state and party has a Chinese label', () => {
    for (const s of GUARDIANSHIP_STATES) expect(GUARDIANSHIP_STATE_LABELS[s]).toMatch(/[\u4e00-\u9fff]/);
    for (const c of GUARDIANSHIP_CONCERNS) expect(GUARDIANSHIP_CONCERN_LABELS[c]).toMatch(/[\u4e00-\u9fff]/);
    for (const p of GUARDIANSHIP_PARTIES) expect(GUARDIANSHIP_PARTY_LABELS[p]).toMatch(/[\u4e00-\u9fff]/);
  });
  it('open states are all but closed', () => {
    expect(OPEN_GUARDIANSHIP_STATES).toHaveLength(GUARDIANSHIP_STATES.length - 1);
    expect(OPEN_GUARDIANSHIP_STATES).not.toContain('closed');
  });
  it.each([
    ['follow-up', true],
    ['closed', true],
    ['open', false],
    [null, false],
  ])('isGuardianshipState(%p) -> %p', (value, expected) => expect(isGuardianshipState(value)).toBe(expected));
});
