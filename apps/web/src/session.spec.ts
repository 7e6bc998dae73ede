import {
  EXPIRY_MARGIN_MS,
  SESSION_KEY,
  clearSession,
  isExpired,
  loadSession,
  msUntilExpiry,
  saveSession,
  sessionFromTokens,
  type IssuedTokens,
  type KeyValueStore,
} from './session';

class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

const tokens: IssuedTokens = {
  accessToken: 'a.b.c',
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshToken: 'r',
  refreshExpiresAt: '2026-01-01T08:00:00.000Z',
  account: {
    userId: 'mz-officer-371702',
    displayName: '牡丹区民政工作人员',
    role: 'civil-affairs-officer',
    department: 'DEPARTMENT_CIVIL_AFFAIRS',
    countyCodes: ['371702'],
    townshipCodes: [],
    duties: [],
  },
};
const NOW = 1_700_000_000_000;

describe('session', () => {
  it('expires expiresIn seconds after sign-in, less the margin', () => {
    const s = sessionFromTokens(tokens, NOW);
    expect(s.expiresAt).toBe(NOW + 900_000);
    expect(isExpired(s, NOW + 900_000 - EXPIRY_MARGIN_MS - 1)).toBe(false);
    expect(isExpired(s, NOW + 900_000 - EXPIRY_MARGIN_MS)).toBe(true);
    expect(msUntilExpiry(s, NOW)).toBe(900_000 - EXPIRY_MARGIN_MS);
    expect(msUntilExpiry(s, NOW + 10_000_000)).toBe(0);
  });

  it('refuses tokens without an access token or a positive lifetime', () => {
    expect(() => sessionFromTokens({ ...tokens, accessToken: '' }, NOW)).toThrow('访问令牌');
    expect(() => sessionFromTokens({ ...tokens, expiresIn: 0 }, NOW)).toThrow('有效期');
  });

  it('round-trips through the store while valid and drops it once expired', () => {
    const store = new MapStore();
    const s = sessionFromTokens(tokens, NOW);
    saveSession(store, s);
    expect(loadSession(store, NOW + 1000)).toEqual(s);
    expect(loadSession(store, NOW + 900_000)).toBeNull();
    expect(store.map.has(SESSION_KEY)).toBe(false);
  });

  it('drops malformed stored values and answers none for an empty store', () => {
    const store = new MapStore();
    expect(loadSession(store, NOW)).toBeNull();
    for (const raw of [
      'not json',
      'null',
      '{}',
      JSON.stringify({ accessToken: 'x', refreshToken: 'r', expiresAt: 'soon' }),
    ]) {
      store.setItem(SESSION_KEY, raw);
      expect(loadSession(store, NOW)).toBeNull();
      expect(store.map.has(SESSION_KEY)).toBe(false);
    }
  });

  it('clears on sign-out', () => {
    const store = new MapStore();
    saveSession(store, sessionFromTokens(tokens, NOW));
    clearSession(store);
    expect(loadSession(store, NOW)).toBeNull();
  });
});
