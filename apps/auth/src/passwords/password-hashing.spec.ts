import { assertScryptParams, hashPassword, needsRehash, parseHash, verifyPassword } from './password-hashing';
import { assertPasswordRule } from './password-policy';

const FAST = { N: 2 ** 14, r: 8, p: 1 };

describe('scrypt password hashing', () => {
  it('stores params, a 16-byte salt and a 32-byte key, and verifies only the right password', async () => {
    const stored = await hashPassword('Heze-Care-2025!', FAST);
    expect(stored).toMatch(/^scrypt\$N=16384,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword('Heze-Care-2025!', stored)).toBe(true);
    expect(await verifyPassword('heze-care-2025!', stored)).toBe(false);
    expect(await hashPassword('Heze-Care-2025!', FAST)).not.toBe(stored); // a salt of its own
  });

  it('normalises Unicode (NFKC) so the same password typed two ways matches', async () => {
    const stored = await hashPassword('Ｈeze-2025-密码', FAST);
    expect(await verifyPassword('Heze-2025-密码', stored)).toBe(true);
  });

  it('never matches a malformed or weakened hash', async () => {
    const stored = await hashPassword('Heze-Care-2025!', FAST);
    expect(await verifyPassword('Heze-Care-2025!', stored.replace('N=16384', 'N=1024'))).toBe(false);
    expect(await verifyPassword('Heze-Care-2025!', 'plain-text')).toBe(false);
    expect(parseHash(stored.replace('scrypt$', 'bcrypt$'))).toBeUndefined();
  });

  it('asks for a re-hash when the configured params are stronger than the stored ones', async () => {
    const stored = await hashPassword('Heze-Care-2025!', FAST);
    expect(needsRehash(stored, FAST)).toBe(false);
    expect(needsRehash(stored, { N: 2 ** 17, r: 8, p: 1 })).toBe(true);
    expect(needsRehash('garbage', FAST)).toBe(true);
  });

  it.each([
    [{ N: 2 ** 13, r: 8, p: 1 }, /N must be/],
    [{ N: 20000, r: 8, p: 1 }, /N must be/],
    [{ N: 2 ** 14, r: 0, p: 1 }, /r must be/],
    [{ N: 2 ** 14, r: 8, p: 17 }, /p must be/],
  ])('refuses unsafe params %p', (params, message) => {
    expect(() => assertScryptParams(params)).toThrow(message);
  });
});

describe('password rule', () => {
  it.each<[string, string, RegExp | null]>([
    ['long enough, three classes', 'heze-care-2025', null],
    ['all four classes', 'Heze-Care-2025!', null],
    ['too short', 'Ab1!', /长度须为12至128个字符/],
    ['two classes only', 'hezecare2025x', /至少三类/],
  ])('%s', (_why, password, message) => {
    if (message === null) expect(assertPasswordRule(password, 12)).toBe(password);
    else expect(() => assertPasswordRule(password, 12, 'initialPassword')).toThrow(message);
  });

  it('names the field when the value is not a string', () => {
    expect(() => assertPasswordRule(undefined, 12, 'newPassword')).toThrow(/newPassword 必填/);
  });
});
