import { blindIndex, blindIndexCandidates, blindIndexVersion, versionedBlindIndex } from './blind-index';
import { generateKeyring, rotateIndexKey } from './keyring';
import { hmacSm3 } from './sm';

describe('blind index', () => {
  const key = Buffer.alloc(32, 5);

  it('is HMAC-SM3 in lowercase hex, deterministic and key-dependent', () => {
    const idx = blindIndex('37170220100101123X', key);
    expect(idx).toBe(hmacSm3(key, '37170220100101123X').toString('hex'));
    expect(idx).toMatch(/^[0-9a-f]{64}$/);
    expect(blindIndex('37170220100101123X', key)).toBe(idx);
    expect(blindIndex('37170220100101123X', Buffer.alloc(32, 6))).not.toBe(idx);
    expect(blindIndex('371702201001011234', key)).not.toBe(idx);
  });

  it('carries the index key version and looks up across versions during re-indexing', () => {
    const v1 = generateKeyring();
    const stored = versionedBlindIndex(v1, '37170220100101123X');
    expect(blindIndexVersion(stored)).toBe(1);
    const v2 = rotateIndexKey(v1);
    const candidates = blindIndexCandidates(v2, '37170220100101123X');
    expect(candidates).toHaveLength(2);
    expect(blindIndexVersion(candidates[0]!)).toBe(2);
    expect(candidates[1]).toBe(stored);
  });

  it.each([
    ['the no-ID placeholder', 'none:01J0000000000000000000000'],
    ['a bare hex digest', 'a'.repeat(64)],
    ['a truncated digest', 'bi1:abc'],
  ])('gives no version for %s', (_why, value) => {
    expect(blindIndexVersion(value)).toBeUndefined();
  });
});
