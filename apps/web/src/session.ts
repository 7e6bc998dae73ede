// The signed-in person's session in the browser (ADR 0007): kept in sessionStorage (gone when the
// tab closes), dropped when the access token has expired so the page goes back to sign-in.
// Pure: the storage is passed in, so the rules are unit-tested without a browser.

export interface SignedInAccount {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  readonly department: string;
  readonly countyCodes: readonly string[];
  readonly townshipCodes: readonly string[];
  readonly duties: readonly string[];
}

/** The body of `POST /api/v1/auth/sign-in/totp` (apps/auth). */
export interface IssuedTokens {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
  readonly account: SignedInAccount;
}

export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds after which the access token is refused by the services. */
  readonly expiresAt: number;
  readonly account: SignedInAccount;
}

/** The part of the Web Storage API a session needs. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SESSION_KEY = 'care.session';
/** Leave a little before the token's expiry, so no request is sent with a token about to lapse. */
export const EXPIRY_MARGIN_MS = 5_000;

export function sessionFromTokens(tokens: IssuedTokens, nowMs: number): Session {
  if (!tokens.accessToken || !(tokens.expiresIn > 0)) throw new Error('登录结果缺少访问令牌或有效期');
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: nowMs + tokens.expiresIn * 1000,
    account: tokens.account,
  };
}

export function isExpired(session: Session, nowMs: number): boolean {
  return nowMs >= session.expiresAt - EXPIRY_MARGIN_MS;
}

/** Milliseconds until the page must go back to sign-in (0 when already due). */
export function msUntilExpiry(session: Session, nowMs: number): number {
  return Math.max(0, session.expiresAt - EXPIRY_MARGIN_MS - nowMs);
}

export function saveSession(store: KeyValueStore, session: Session): void {
  store.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(store: KeyValueStore): void {
  store.removeItem(SESSION_KEY);
}

/** The stored session if it is well-formed and still valid; otherwise none (and the stale one is removed). */
export function loadSession(store: KeyValueStore, nowMs: number): Session | null {
  const raw = store.getItem(SESSION_KEY);
  if (raw === null) return null;
  const session = parseSession(raw);
  if (!session || isExpired(session, nowMs)) {
    clearSession(store);
    return null;
  }
  return session;
}

function parseSession(raw: string): Session | null {
  try {
    const value = JSON.parse(raw) as Partial<Session> | null;
    if (
      !value ||
      typeof value.accessToken !== 'string' ||
      typeof value.refreshToken !== 'string' ||
      typeof value.expiresAt !== 'number' ||
      !value.account ||
      typeof value.account.userId !== 'string' ||
      typeof value.account.role !== 'string' ||
      !Array.isArray(value.account.countyCodes)
    ) {
      return null;
    }
    return value as Session;
  } catch {
    return null;
  }
}
