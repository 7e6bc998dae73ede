import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataKey, Keyring } from './keyring';
import { SM3_DIGEST_BYTES, SM4_BLOCK_BYTES, hmacSm3, sm4CbcDecrypt, sm4CbcEncrypt } from './sm';

// Sealed string: `sm4:<version>:<iv b64>:<ciphertext b64>:<mac b64>`
//   - SM4-CBC, a fresh random 16-byte IV per seal, PKCS#7 padding;
//   - encrypt-then-MAC: HMAC-SM3(macKey, "sm4:<version>:" || iv || ciphertext), so the version is
//     authenticated too (a value cannot be replayed under another key version) and padding is
//     only ever checked on authenticated ciphertext (no padding oracle).
// A string keeps the value storable in any document field and greppable in a dump as "sealed".

export const SEALED_PREFIX = 'sm4';

export type SealErrorReason =
  /** Not a sealed string at all, or a part has the wrong length/encoding. */
  | 'malformed'
  /** The key version is not in the keyring (retired, or from another environment). */
  | 'unknown-key-version'
  /** The MAC does not match: the value was altered or sealed with another key. */
  | 'integrity';

export class SealError extends Error {
  constructor(
    readonly reason: SealErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'SealError';
  }
}

interface SealedParts {
  readonly version: number;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly mac: Buffer;
}

function macInput(version: number): string {
  return `${SEALED_PREFIX}:${version}:`;
}

function decodeB64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  // Node's decoder is lenient; require the canonical form so one value has one spelling.
  if (text.length === 0 || bytes.toString('base64') !== text)
    throw new SealError('malformed', `sealed value: ${what} is not canonical base64`);
  return bytes;
}

function parse(sealed: string): SealedParts {
  const parts = sealed.split(':');
  if (parts.length !== 5 || parts[0] !== SEALED_PREFIX)
    throw new SealError('malformed', 'not a sealed value');
  const [, v, iv64, ct64, mac64] = parts as [string, string, string, string, string];
  if (!/^[1-9][0-9]{0,8}$/.test(v)) throw new SealError('malformed', 'sealed value: bad key version');
  const iv = decodeB64(iv64, 'iv');
  const ciphertext = decodeB64(ct64, 'ciphertext');
  const mac = decodeB64(mac64, 'mac');
  if (iv.length !== SM4_BLOCK_BYTES) throw new SealError('malformed', 'sealed value: iv must be one block');
  if (ciphertext.length === 0 || ciphertext.length % SM4_BLOCK_BYTES !== 0)
    throw new SealError('malformed', 'sealed value: ciphertext length');
  if (mac.length !== SM3_DIGEST_BYTES) throw new SealError('malformed', 'sealed value: mac length');
  return { version: Number(v), iv, ciphertext, mac };
}

function keyFor(keyring: Keyring, version: number): DataKey {
  const key = keyring.keys.get(version);
  if (key === undefined)
    throw new SealError('unknown-key-version', `sealed value: key version ${version} is not in the keyring`);
  return key;
}

export function seal(keyring: Keyring, plaintext: string): string {
  const key = keyFor(keyring, keyring.current);
  const iv = randomBytes(SM4_BLOCK_BYTES);
  const ciphertext = sm4CbcEncrypt(key.encKey, iv, Buffer.from(plaintext, 'utf8'));
  const mac = hmacSm3(key.macKey, macInput(keyring.current), iv, ciphertext);
  return [
    SEALED_PREFIX,
    String(keyring.current),
    iv.toString('base64'),
    ciphertext.toString('base64'),
    mac.toString('base64'),
  ].join(':');
}

export function open(keyring: Keyring, sealed: string): string {
  const { version, iv, ciphertext, mac } = parse(sealed);
  const key = keyFor(keyring, version);
  const expected = hmacSm3(key.macKey, macInput(version), iv, ciphertext);
  if (!timingSafeEqual(expected, mac))
    throw new SealError('integrity', 'sealed value: integrity check failed');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(sm4CbcDecrypt(key.encKey, iv, ciphertext));
  } catch {
    // Only reachable with a valid MAC over garbage, i.e. a key-management fault, never an attacker.
    throw new SealError('integrity', 'sealed value: decryption failed after a valid MAC');
  }
}

/** True for a string in the sealed format (does not check the MAC). */
export function isSealed(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

/** The key version a sealed value was written with. */
export function sealedKeyVersion(sealed: string): number {
  return parse(sealed).version;
}

/** True when the value was sealed with a key version other than the current one. */
export function needsRotation(keyring: Keyring, sealed: string): boolean {
  return parse(sealed).version !== keyring.current;
}

/** Re-seals with the current key version (a rotation job's step); verifies integrity first. */
export function reseal(keyring: Keyring, sealed: string): string {
  return seal(keyring, open(keyring, sealed));
}
