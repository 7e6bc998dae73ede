import { randomBytes } from 'node:crypto';
import { SM4_KEY_BYTES } from './sm';

// A keyring holds every key version that may still be needed to read stored data, and says
// which version new data is written with. Data keys (SM4 + HMAC-SM3) and blind-index keys are
// versioned separately because they rotate differently:
//  - a new data key version only changes new writes; old sealed values still open, and a
//    background job may re-seal them at leisure (`needsRotation`, `reseal`);
//  - a new index key changes every blind index, so lookups by ID number only find records that
//    were re-indexed. Rotating it is a planned re-indexing job, not a config change.

export const MAC_KEY_BYTES = 32;
export const INDEX_KEY_BYTES = 32;

export interface DataKey {
  /** SM4 key, 16 bytes. */
  readonly encKey: Buffer;
  /** HMAC-SM3 key, 32 bytes. Distinct from encKey: one key, one purpose. */
  readonly macKey: Buffer;
}

export interface Keyring {
  /** Version used for every new seal. */
  readonly current: number;
  readonly keys: ReadonlyMap<number, DataKey>;
  readonly index: {
    /** Version used for every new blind index. */
    readonly current: number;
    readonly keys: ReadonlyMap<number, Buffer>;
  };
}

/** The JSON form kept in configuration (base64 of this JSON in PERSONAL_DATA_KEYS). */
export interface KeyringJson {
  current: number;
  keys: Record<string, { encKey: string; macKey: string }>;
  index: { current: number; keys: Record<string, string> };
}

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

const VERSION_PATTERN = /^[1-9][0-9]{0,8}$/;

export function isKeyVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 999_999_999;
}

function parseVersion(text: string, where: string): number {
  if (!VERSION_PATTERN.test(text))
    throw new KeyringError(`${where}: key version must be a positive integer, got "${text}"`);
  return Number(text);
}

function decodeKey(value: unknown, bytes: number, where: string): Buffer {
  if (typeof value !== 'string') throw new KeyringError(`${where}: expected a base64 string`);
  const key = Buffer.from(value, 'base64');
  if (key.length !== bytes || key.toString('base64') !== value) {
    throw new KeyringError(`${where}: expected ${bytes} bytes in canonical base64`);
  }
  return key;
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new KeyringError(`${where}: expected an object`);
  return value as Record<string, unknown>;
}

/** Validates the JSON form. Messages name the offending path but never echo key material. */
export function parseKeyring(json: unknown): Keyring {
  const root = asRecord(json, 'keyring');
  if (!isKeyVersion(root['current'])) throw new KeyringError('keyring.current: expected a positive integer');
  const keys = new Map<number, DataKey>();
  for (const [v, entry] of Object.entries(asRecord(root['keys'], 'keyring.keys'))) {
    const where = `keyring.keys.${v}`;
    const version = parseVersion(v, where);
    const record = asRecord(entry, where);
    keys.set(version, {
      encKey: decodeKey(record['encKey'], SM4_KEY_BYTES, `${where}.encKey`),
      macKey: decodeKey(record['macKey'], MAC_KEY_BYTES, `${where}.macKey`),
    });
  }
  if (!keys.has(root['current']))
    throw new KeyringError(`keyring.current: version ${root['current']} has no key in keyring.keys`);

  const index = asRecord(root['index'], 'keyring.index');
  if (!isKeyVersion(index['current']))
    throw new KeyringError('keyring.index.current: expected a positive integer');
  const indexKeys = new Map<number, Buffer>();
  for (const [v, key] of Object.entries(asRecord(index['keys'], 'keyring.index.keys'))) {
    const where = `keyring.index.keys.${v}`;
    indexKeys.set(parseVersion(v, where), decodeKey(key, INDEX_KEY_BYTES, where));
  }
  if (!indexKeys.has(index['current'])) {
    throw new KeyringError(
      `keyring.index.current: version ${index['current']} has no key in keyring.index.keys`,
    );
  }
  // The same bytes must never serve two purposes (SM4, HMAC, index): that would let one leak expose the others.
  const seen = new Set<string>();
  const all = [...[...keys.values()].flatMap((k) => [k.encKey, k.macKey]), ...indexKeys.values()];
  for (const key of all) {
    const hex = key.toString('hex');
    if (seen.has(hex)) throw new KeyringError('keyring: a key is used twice; every key must be distinct');
    seen.add(hex);
  }
  return { current: root['current'], keys, index: { current: index['current'], keys: indexKeys } };
}

/** Reads the configuration form: base64 of the keyring JSON. */
export function decodeKeyring(base64Json: string): Keyring {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(base64Json.trim(), 'base64').toString('utf8'));
  } catch {
    throw new KeyringError('keyring: not base64-encoded JSON');
  }
  return parseKeyring(json);
}

export function keyringToJson(keyring: Keyring): KeyringJson {
  const keys: KeyringJson['keys'] = {};
  for (const [v, k] of keyring.keys)
    keys[String(v)] = { encKey: k.encKey.toString('base64'), macKey: k.macKey.toString('base64') };
  const indexKeys: Record<string, string> = {};
  for (const [v, k] of keyring.index.keys) indexKeys[String(v)] = k.toString('base64');
  return { current: keyring.current, keys, index: { current: keyring.index.current, keys: indexKeys } };
}

export function encodeKeyring(keyring: Keyring): string {
  return Buffer.from(JSON.stringify(keyringToJson(keyring)), 'utf8').toString('base64');
}

function newDataKey(): DataKey {
  return { encKey: randomBytes(SM4_KEY_BYTES), macKey: randomBytes(MAC_KEY_BYTES) };
}

/** A fresh keyring with version 1 of each key (for provisioning and tests). */
export function generateKeyring(): Keyring {
  return {
    current: 1,
    keys: new Map([[1, newDataKey()]]),
    index: { current: 1, keys: new Map([[1, randomBytes(INDEX_KEY_BYTES)]]) },
  };
}

/** Adds a new data key version and makes it current; older versions stay for reading. */
export function rotateDataKey(keyring: Keyring): Keyring {
  const next = Math.max(...keyring.keys.keys()) + 1;
  const keys = new Map(keyring.keys);
  keys.set(next, newDataKey());
  return { ...keyring, current: next, keys };
}

/**
 * Adds a new blind-index key version and makes it current. Every stored index must then be
 * recomputed (open the sealed value, index it again) before lookups can rely on the new version;
 * until then, look up with every version (`blindIndexCandidates`).
 */
export function rotateIndexKey(keyring: Keyring): Keyring {
  const next = Math.max(...keyring.index.keys.keys()) + 1;
  const keys = new Map(keyring.index.keys);
  keys.set(next, randomBytes(INDEX_KEY_BYTES));
  return { ...keyring, index: { current: next, keys } };
}

/** Drops data key versions no longer needed (after every value was re-sealed). */
export function retireDataKey(keyring: Keyring, version: number): Keyring {
  if (version === keyring.current)
    throw new KeyringError('keyring: cannot retire the current data key version');
  const keys = new Map(keyring.keys);
  keys.delete(version);
  return { ...keyring, keys };
}
