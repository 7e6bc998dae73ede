// Which signing key signs, and when a new one is due. Pure: the signer stores the keys, this decides.
// A new key is published in the JWKS `activationMs` before it signs anything, so every verifying
// service can fetch it before the first token that names it arrives (a verifier refetches the JWKS
// for an unknown kid at most once per ACCESS_JWKS_COOLDOWN_MS: a key that signed at once could be
// refused for that long). The first key of a deployment signs at once: no verifier holds any key yet.

export interface ScheduledKey {
  readonly createdAt: Date;
  /** From this instant on the key signs (until a newer key activates). */
  readonly activatesAt: Date;
  /** Dropped from the JWKS from this instant on; null while it signs or waits to sign. */
  readonly publishUntil: Date | null;
}

const newestFirst = <K extends ScheduledKey>(keys: readonly K[]): K[] =>
  [...keys].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());

/** The keys the JWKS lists at `now`: signing, waiting to sign, or retired with tokens still alive. */
export function publishedAt<K extends ScheduledKey>(keys: readonly K[], now: Date): K[] {
  return newestFirst(keys).filter((k) => k.publishUntil === null || k.publishUntil.getTime() > now.getTime());
}

/** The key that signs at `now`: the newest active one; undefined when none is published yet. */
export function signingKeyAt<K extends ScheduledKey>(keys: readonly K[], now: Date): K | undefined {
  const published = publishedAt(keys, now);
  return published.find((k) => k.activatesAt.getTime() <= now.getTime()) ?? published[0];
}

/**
 * True when a new key is due: none is published, or the newest (active or waiting) is older than
 * `rotationMs`. A key waiting to sign is not replaced again.
 */
export function rotationDue(keys: readonly ScheduledKey[], now: Date, rotationMs: number): boolean {
  const newest = publishedAt(keys, now)[0];
  return newest === undefined || now.getTime() - newest.createdAt.getTime() >= rotationMs;
}

/**
 * When a key made at `now` starts signing, and until when the keys it replaces stay published: past
 * the last token they may sign (they sign until the new key activates) by `tokenLifetimeMs`.
 */
export function rotationTimes(
  now: Date,
  firstKey: boolean,
  activationMs: number,
  tokenLifetimeMs: number,
): { readonly activatesAt: Date; readonly retiredPublishUntil: Date } {
  const activatesAt = new Date(now.getTime() + (firstKey ? 0 : activationMs));
  return { activatesAt, retiredPublishUntil: new Date(activatesAt.getTime() + tokenLifetimeMs) };
}
