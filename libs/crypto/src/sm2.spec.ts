import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import {
  generateSm2KeyPair,
  isSm2PrivateKey,
  isSm2PublicKey,
  sm2PublicKeyOf,
  sm2Sign,
  sm2Verifier,
  sm3Hex,
} from './sm2';

// Signed by an independent implementation (JuneAndGreen/sm-crypto 0.5.8, jsbn-based), with
// SM3, the Z value and the default identifier 1234567812345678.
const FOREIGN = {
  privateKey: '491f058dd6faa10ea9173a8a03a21439d1a198570d31e955c6c6f57eb79982d2',
  publicKey:
    '0436306d455343721f59a94bba4aae921a45e8c34b1df11868d58777dcf8ec41aa9d1bcad333eeedf6acb783fa2f959a29d7e859527512880a7d276dd398d0a06c',
  message: '{"messageId":"m1","name":"张三"}',
  signature:
    'MEYCIQCsuyZvB+HGcg6FjK67cVy/rEP5z4tIHsUqGmrwgd/j6gIhAP955Yn5x0VxJgGXyNVFzadtmgqq+mnjkvEIw+9xF9bz',
};

describe('SM2 signatures', () => {
  it('verifies a signature made by another SM2 implementation, and derives the same public key', () => {
    expect(sm2Verifier(FOREIGN.publicKey)(FOREIGN.message, FOREIGN.signature)).toBe(true);
    expect(sm2PublicKeyOf(FOREIGN.privateKey)).toBe(FOREIGN.publicKey);
  });

  it('signs so that the signature verifies, and only for that message and that key', () => {
    const key = generateSm2KeyPair();
    const other = generateSm2KeyPair();
    const signature = sm2Sign('报文 1', key);
    expect(sm2Verifier(key.publicKey)('报文 1', signature)).toBe(true);
    expect(sm2Verifier(key.publicKey)('报文 2', signature)).toBe(false);
    expect(sm2Verifier(other.publicKey)('报文 1', signature)).toBe(false);
    // SM2 signatures are randomised: two signatures of one message differ and both verify.
    const again = sm2Sign('报文 1', key);
    expect(again).not.toBe(signature);
    expect(sm2Verifier(key.publicKey)('报文 1', again)).toBe(true);
  });

  it('treats malformed and truncated signatures as not valid, never throwing', () => {
    const key = generateSm2KeyPair();
    const verify = sm2Verifier(key.publicKey);
    const signature = sm2Sign('x', key);
    for (const bad of ['', 'not base64!', signature.slice(0, 20), Buffer.from('junk').toString('base64')])
      expect(verify('x', bad)).toBe(false);
  });

  it("refuses Node's ECDSA on the SM2 curve, which is not an SM2 signature", () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const point = publicKey.export({ format: 'der', type: 'spki' }).subarray(-65).toString('hex');
    const ecdsa = nodeSign('sm3', Buffer.from('x'), privateKey).toString('base64');
    expect(sm2Verifier(point)('x', ecdsa)).toBe(false);
  });

  it('checks key shapes: private 32 bytes hex, public an uncompressed point on the curve', () => {
    const key = generateSm2KeyPair();
    expect(isSm2PrivateKey(key.privateKey)).toBe(true);
    expect(isSm2PublicKey(key.publicKey)).toBe(true);
    expect(isSm2PrivateKey('ab')).toBe(false);
    expect(isSm2PublicKey(`04${'1'.repeat(128)}`)).toBe(false);
    expect(() => sm2Verifier('04abc')).toThrow(/SM2 public key/);
  });

  it('hashes with SM3 (GB/T 32905 example 1: "abc")', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});
