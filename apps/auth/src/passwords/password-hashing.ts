import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// Passwords are stored as scrypt hashes (RFC 7914, node:crypto), never in clear and never
// reversibly. The parameters are written into every hash, so raising them later only needs a
// re-hash at the next successful sign-in (needsRehash), never a reset.

/** scrypt cost parameters: N (CPU/memory cost, a power of 2), r (block size), p (parallelism). */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP Password Storage Cheat Sheet (2024): N=2^17, r=8, p=1 (128 MiB, about 0.3 s on one core). */
export const RECOMMENDED_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** The floor a stored or configured hash may not go under (2^14: tests run there, fast). */
export const MIN_SCRYPT_COST = 2 ** 14;

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const FORMAT = /^scrypt\$N=([0-9]+),r=([0-9]+),p=([0-9]+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Memory scrypt needs for the params (128·N·r bytes) with headroom; node refuses above maxmem. */
function maxmem(params: ScryptParams): number {
  return 128 * params.N * params.r * 2;
}

/** Refuses params that are not a power-of-two N at least MIN_SCRYPT_COST, r in 1..32, p in 1..16. */
export function assertScryptParams(params: ScryptParams): void {
  const { N, r, p } = params;
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N < MIN_SCRYPT_COST || N > 2 ** 20)
    throw new Error(`scrypt N must be a power of 2 between ${MIN_SCRYPT_COST} and 2^20 (got ${N})`);
  if (!Number.isInteger(r) || r < 1 || r > 32) throw new Error(`scrypt r must be 1..32 (got ${r})`);
  if (!Number.isInteger(p) || p < 1 || p > 16) throw new Error(`scrypt p must be 1..16 (got ${p})`);
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_BYTES,
      { N: params.N, r: params.r, p: params.p, maxmem: maxmem(params) },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    ),
  );
}

/** `scrypt$N=…,r=…,p=…$<salt base64>$<key base64>` */
export function formatHash(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** The parts of a stored hash; undefined when it is not one of ours (or its params are unsafe). */
export function parseHash(stored: string): ParsedHash | undefined {
  const match = FORMAT.exec(stored);
  if (match === null) return undefined;
  const params = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  try {
    assertScryptParams(params);
  } catch {
    return undefined;
  }
  const salt = Buffer.from(match[4]!, 'base64');
  const key = Buffer.from(match[5]!, 'base64');
  if (salt.length !== SALT_BYTES || key.length !== KEY_BYTES) return undefined;
  return { params, salt, key };
}

export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  assertScryptParams(params);
  const salt = randomBytes(SALT_BYTES);
  return formatHash(params, salt, await derive(password, salt, params));
}

/** True when the password matches; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash was made with weaker params than the current ones. */
export function needsRehash(stored: string, current: ScryptParams): boolean {
  const parsed = parseHash(stored);
  return (
    parsed === undefined ||
    parsed.params.N < current.N ||
    parsed.params.r < current.r ||
    parsed.params.p < current.p
  );
}
