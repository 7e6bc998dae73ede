import { generateKeyring, rotateDataKey, retireDataKey } from './keyring';
import { SealError, isSealed, needsRotation, open, reseal, seal, sealedKeyVersion } from './sealed';

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SealError) return e.reason;
    throw e;
  }
  throw new Error('expected a SealError');
}

describe('seal/open', () => {
  const keyring = generateKeyring();

  it.each([
    ['a Chinese name', '张三'],
    ['an 18-character ID number', '37170220100101123X'],
    ['a long address', '山东省菏泽市牡丹区西城街道和平路12号院3单元501室'],
    ['the empty string', ''],
    ['a character outside the BMP', '𠀀'],
  ])('round-trips %s', (_why, plain) => {
    const sealed = seal(keyring, plain);
    expect(sealed).toMatch(/^sm4:1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain(plain === '' ? '\u0000' : plain);
    expect(open(keyring, sealed)).toBe(plain);
  });

  it('uses a fresh IV per seal, so equal values do not look equal at rest', () => {
    expect(seal(keyring, '张三')).not.toBe(seal(keyring, '张三'));
  });

  describe('tampering is detected before decryption', () => {
    const sealed = seal(keyring, '37170220100101123X');
    const parts = sealed.split(':');
    const flipByte = (b64: string, at: number): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[at] ^= 0x01;
      return bytes.toString('base64');
    };
    it.each([
      ['a flipped IV byte', 2, 0],
      ['a flipped ciphertext byte (first block)', 3, 0],
      ['a flipped ciphertext byte (last block, padding)', 3, 31],
      ['a flipped MAC byte', 4, 31],
    ])('%s', (_why, part, at) => {
      const copy = [...parts];
      copy[part] = flipByte(copy[part]!, at);
      expect(reasonOf(() => open(keyring, copy.join(':')))).toBe('integrity');
    });

    it('a truncated ciphertext (one block dropped)', () => {
      const copy = [...parts];
      copy[3] = Buffer.from(copy[3]!, 'base64').subarray(16).toString('base64');
      expect(reasonOf(() => open(keyring, copy.join(':')))).toBe('integrity');
    });

    it('a value moved to another key version number (the version is authenticated)', () => {
      const rotated = rotateDataKey(keyring);
      const two = seal(rotated, 'x').split(':');
      // The v1 body relabelled as v2 must not open under v2's key.
      const relabelled = ['sm4', '2', ...parts.slice(2)].join(':');
      expect(two[1]).toBe('2');
      expect(reasonOf(() => open(rotated, relabelled))).toBe('integrity');
    });

    it('a value sealed under another keyring', () => {
      expect(reasonOf(() => open(generateKeyring(), sealed))).toBe('integrity');
    });
  });

  it.each([
    ['plain text', '张三'],
    ['wrong prefix', 'aes:1:AAAAAAAAAAAAAAAAAAAAAA==:AAAAAAAAAAAAAAAAAAAAAA==:AAAA'],
    ['a missing part', 'sm4:1:AAAAAAAAAAAAAAAAAAAAAA==:AAAAAAAAAAAAAAAAAAAAAA=='],
    [
      'version zero',
      'sm4:0:AAAAAAAAAAAAAAAAAAAAAA==:AAAAAAAAAAAAAAAAAAAAAA==:' + Buffer.alloc(32).toString('base64'),
    ],
    ['a short IV', 'sm4:1:AAAA:AAAAAAAAAAAAAAAAAAAAAA==:' + Buffer.alloc(32).toString('base64')],
    [
      'ciphertext not a whole block',
      'sm4:1:AAAAAAAAAAAAAAAAAAAAAA==:AAAA:' + Buffer.alloc(32).toString('base64'),
    ],
    ['a short MAC', 'sm4:1:AAAAAAAAAAAAAAAAAAAAAA==:AAAAAAAAAAAAAAAAAAAAAA==:AAAA'],
    [
      'non-canonical base64',
      'sm4:1:AAAAAAAAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA==:' + Buffer.alloc(32).toString('base64'),
    ],
  ])('rejects %s as malformed', (_why, value) => {
    expect(reasonOf(() => open(keyring, value))).toBe('malformed');
    expect(isSealed(value)).toBe(false);
  });

  it('reports a key version that is not in the keyring', () => {
    const v2 = rotateDataKey(keyring);
    expect(reasonOf(() => open(keyring, seal(v2, 'x')))).toBe('unknown-key-version');
  });
});

describe('key rotation', () => {
  it('old versions still open, new seals use the new version, reseal migrates', () => {
    const v1 = generateKeyring();
    const old = seal(v1, '13812345678');
    const v2 = rotateDataKey(v1);
    expect(v2.current).toBe(2);
    expect(open(v2, old)).toBe('13812345678');
    expect(needsRotation(v2, old)).toBe(true);
    const fresh = seal(v2, '13812345678');
    expect(sealedKeyVersion(fresh)).toBe(2);
    expect(needsRotation(v2, fresh)).toBe(false);

    const migrated = reseal(v2, old);
    expect(needsRotation(v2, migrated)).toBe(false);
    const v2only = retireDataKey(v2, 1);
    expect(open(v2only, migrated)).toBe('13812345678');
    expect(reasonOf(() => open(v2only, old))).toBe('unknown-key-version');
  });
});
