import type { Keyring } from './keyring';
import { hmacSm3 } from './sm';

// A blind index lets a record be found by an exact value (an ID number) without storing the
// value: HMAC-SM3 under a secret key, so it cannot be reversed by hashing all ~10^10 plausible
// ID numbers, as a plain hash could. Callers must normalise the value first (one value, one index).

/** HMAC-SM3 of the UTF-8 value, lowercase hex (64 characters). */
export function blindIndex(value: string, indexKey: Buffer): string {
  return hmacSm3(indexKey, value).toString('hex');
}

/**
 * The stored form: `bi<version>:<hex>`. The version prefix tells a re-indexing job which records
 * still carry an index under an old key.
 */
export function versionedBlindIndex(
  keyring: Keyring,
  value: string,
  version = keyring.index.current,
): string {
  const key = keyring.index.keys.get(version);
  if (key === undefined) throw new Error(`blind index key version ${version} is not in the keyring`);
  return `bi${version}:${blindIndex(value, key)}`;
}

/**
 * Every stored form the value may have, current version first: look up with `$in` of these
 * while a re-indexing job is under way; afterwards retire the old index key.
 */
export function blindIndexCandidates(keyring: Keyring, value: string): string[] {
  const others = [...keyring.index.keys.keys()]
    .filter((v) => v !== keyring.index.current)
    .sort((a, b) => b - a);
  return [keyring.index.current, ...others].map((v) => versionedBlindIndex(keyring, value, v));
}

/** The index key version of a stored blind index, or undefined for another form (e.g. `none:<id>`). */
export function blindIndexVersion(stored: string): number | undefined {
  const match = /^bi([1-9][0-9]{0,8}):[0-9a-f]{64}$/.exec(stored);
  return match === null ? undefined : Number(match[1]);
}
