import { base32 } from 'rfc4648';
import { checkTotp, newTotpSecret, otpauthUri, timeStepAt, totpCodeAt } from './totp';

// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890"; 8-digit vectors end in these 6 digits.
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238)', () => {
  it.each<[number, string]>([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC vector at T=%d', (seconds, code) => {
    expect(totpCodeAt(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  const now = new Date(1234567890 * 1000);
  const step = timeStepAt(now);
  const codeAtStep = (offset: number) => totpCodeAt(RFC_SECRET, new Date((step + offset) * 30_000));

  it.each<[string, number, number, boolean]>([
    ['the current step', 0, 1, true],
    ['one step behind, window 1 (clock drift)', -1, 1, true],
    ['one step ahead, window 1', 1, 1, true],
    ['two steps behind, window 1', -2, 1, false],
    ['one step behind, window 0', -1, 0, false],
  ])('%s', (_why, offset, windowSteps, ok) => {
    expect(checkTotp({ secret: RFC_SECRET, code: codeAtStep(offset), now, windowSteps }).ok).toBe(ok);
  });

  it('reports the matched step, and refuses a code of a step already used (replay)', () => {
    const first = checkTotp({ secret: RFC_SECRET, code: codeAtStep(-1), now, windowSteps: 1 });
    expect(first).toEqual({ ok: true, timeStep: step - 1 });
    expect(
      checkTotp({ secret: RFC_SECRET, code: codeAtStep(-1), now, windowSteps: 1, lastTimeStep: step - 1 }),
    ).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(
      checkTotp({ secret: RFC_SECRET, code: codeAtStep(0), now, windowSteps: 1, lastTimeStep: step - 1 }).ok,
    ).toBe(true);
  });

  it('refuses a code that is not 6 digits before any HMAC', () => {
    expect(checkTotp({ secret: RFC_SECRET, code: '12345', now, windowSteps: 1 })).toEqual({
      ok: false,
      reason: 'format',
    });
    expect(checkTotp({ secret: RFC_SECRET, code: '12a456', now, windowSteps: 1 })).toEqual({
      ok: false,
      reason: 'format',
    });
  });

  it('makes 20-byte secrets and an otpauth URI an authenticator app reads', () => {
    const secret = newTotpSecret();
    expect(secret.bytes).toHaveLength(20);
    expect(Buffer.from(base32.parse(secret.base32, { loose: true }))).toEqual(secret.bytes);
    const uri = new URL(
      otpauthUri({ issuer: '流动儿童关爱保护平台', account: 'mz-officer', secret: secret.bytes }),
    );
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret.base32);
    // Period 30 and 6 digits are the URI format's defaults: written or left out, both read as such.
    expect(uri.searchParams.get('period') ?? '30').toBe('30');
    expect(uri.searchParams.get('digits') ?? '6').toBe('6');
    expect(uri.searchParams.get('issuer')).toBe('流动儿童关爱保护平台');
    expect(decodeURIComponent(uri.pathname)).toContain('mz-officer');
  });
});
