import {
  assertNationalAlgorithmsAvailable,
  hmacSm3,
  isSm4EcbAvailable,
  sm3,
  sm4CbcDecrypt,
  sm4CbcEncrypt,
  sm4EncryptBlock,
} from './sm';

describe('national algorithms in Node OpenSSL', () => {
  it('offers sm4-cbc and sm3', () => {
    expect(() => assertNationalAlgorithmsAvailable()).not.toThrow();
  });

  it.each([
    // GB/T 32905-2016 Appendix A.1: the 3-byte message "abc".
    ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
    // GB/T 32905-2016 Appendix A.2: "abcd" repeated 16 times (512 bits, two blocks after padding).
    ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
  ])('SM3(%j) matches the GB/T 32905 vector', (message, digest) => {
    expect(sm3(message).toString('hex')).toBe(digest);
  });

  it('SM4 encrypts the GB/T 32907 Appendix A single-block vector', () => {
    if (!isSm4EcbAvailable()) throw new Error('sm4-ecb missing: cannot check the GB/T 32907 vector');
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    expect(sm4EncryptBlock(key, key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('SM4-CBC round-trips and pads to whole blocks (PKCS#7)', () => {
    const key = Buffer.alloc(16, 7);
    const iv = Buffer.alloc(16, 9);
    for (const len of [0, 1, 15, 16, 17, 100]) {
      const plain = Buffer.alloc(len, 0x61);
      const ct = sm4CbcEncrypt(key, iv, plain);
      expect(ct.length).toBe((Math.floor(len / 16) + 1) * 16);
      expect(sm4CbcDecrypt(key, iv, ct).equals(plain)).toBe(true);
    }
  });

  it('HMAC-SM3 depends on the key and on every part', () => {
    const a = hmacSm3(Buffer.alloc(32, 1), 'x', 'y');
    expect(a).toHaveLength(32);
    expect(hmacSm3(Buffer.alloc(32, 1), 'xy').equals(a)).toBe(true); // parts are concatenated
    expect(hmacSm3(Buffer.alloc(32, 2), 'x', 'y').equals(a)).toBe(false);
    expect(hmacSm3(Buffer.alloc(32, 1), 'x', 'z').equals(a)).toBe(false);
  });
});
