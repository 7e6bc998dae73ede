import { randomBytes } from 'node:crypto';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync, verifySync } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import { base32 } from 'rfc4648';

// The second factor of every staff account (MLPS level 3: two-factor sign-in): TOTP, RFC 6238
// (HMAC-SHA1, 6 digits, 30 s steps: what every authenticator app reads from an otpauth:// URI).
// HMAC runs on node:crypto (otplib's node plugin); the secret is 20 random bytes (RFC 4226 §4).

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const SECRET_BYTES = 20;
const crypto = new NodeCryptoPlugin();

/** A new secret, as raw bytes (stored sealed) and Base32 (shown to the person once). */
export function newTotpSecret(): { readonly bytes: Buffer; readonly base32: string } {
  const bytes = randomBytes(SECRET_BYTES);
  return { bytes, base32: secretToBase32(bytes) };
}

export function secretToBase32(bytes: Uint8Array): string {
  return base32.stringify(bytes, { pad: false });
}

/** `otpauth://totp/<issuer>:<account>?secret=…&issuer=…&period=30&digits=6&algorithm=SHA1` */
export function otpauthUri(options: { issuer: string; account: string; secret: Uint8Array }): string {
  return generateTOTP({
    issuer: options.issuer,
    label: options.account,
    secret: secretToBase32(options.secret),
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    algorithm: 'sha1',
  });
}

/** The RFC 6238 time step of an instant. */
export function timeStepAt(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code valid at an instant (tests, and the demo tool's convenience line). */
export function totpCodeAt(secret: Uint8Array, at: Date): string {
  return generateSync({
    secret,
    crypto,
    epoch: Math.floor(at.getTime() / 1000),
    period: TOTP_PERIOD_SECONDS,
  });
}

export type TotpCheck =
  | { readonly ok: true; readonly timeStep: number }
  | { readonly ok: false; readonly reason: 'format' | 'mismatch' | 'replayed' };

/**
 * Checks a code at `now`, accepting `windowSteps` steps either side for clock drift (RFC 6238 §5.2),
 * and refusing a code of a step already used (`lastTimeStep`: a code seen once is spent, so one
 * overheard cannot be replayed within its window).
 */
export function checkTotp(options: {
  readonly secret: Uint8Array;
  readonly code: string;
  readonly now: Date;
  readonly windowSteps: number;
  readonly lastTimeStep?: number | null;
}): TotpCheck {
  if (!/^[0-9]{6}$/.test(options.code)) return { ok: false, reason: 'format' };
  const epoch = Math.floor(options.now.getTime() / 1000);
  const result = verifySync({
    secret: options.secret,
    token: options.code,
    crypto,
    epoch,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: options.windowSteps * TOTP_PERIOD_SECONDS,
  });
  if (!result.valid) return { ok: false, reason: 'mismatch' };
  const timeStep = timeStepAt(options.now) + result.delta;
  const last = options.lastTimeStep;
  if (last !== undefined && last !== null && timeStep <= last) return { ok: false, reason: 'replayed' };
  return { ok: true, timeStep };
}
