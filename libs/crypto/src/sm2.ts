import { sm2 } from 'sm-crypto-v2';
import { sm3 } from './sm';

// SM2 digital signatures (GB/T 32918.2) with the SM3 digest and the signer's Z value
// (GB/T 35276: default distinguishing identifier 1234567812345678), for messages between
// cities (GB/T 39786). Node's own crypto cannot do this: `crypto.sign('sm3', data, key)` with a
// key on the SM2 curve computes ECDSA, which no SM2 verifier accepts (checked against two
// independent implementations, see sm2.spec.ts). sm-crypto-v2 is built on @noble/curves.

/** Hex keys as the SM2 libraries exchange them: private 32 bytes, public 04||x||y (65 bytes). */
export interface Sm2KeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

const PRIVATE_KEY = /^[0-9a-f]{64}$/;
const PUBLIC_KEY = /^04[0-9a-f]{128}$/;

export function isSm2PrivateKey(value: string): boolean {
  return PRIVATE_KEY.test(value);
}

/** A well-formed public key that is a point on the SM2 curve. */
export function isSm2PublicKey(value: string): boolean {
  if (!PUBLIC_KEY.test(value)) return false;
  try {
    return sm2.verifyPublicKey(value);
  } catch {
    return false; // not a point on the curve
  }
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey, publicKey };
}

export function sm2PublicKeyOf(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKey);
}

/** The signature of `message` (UTF-8) as DER, base64. */
export function sm2Sign(message: string, key: Sm2KeyPair): string {
  const der = sm2.doSignature(message, key.privateKey, { hash: true, der: true, publicKey: key.publicKey });
  return Buffer.from(der, 'hex').toString('base64');
}

/**
 * A verifier for one public key, precomputed once (a verification then costs about a fifth of
 * an unprepared one). A malformed signature is simply not valid.
 */
export function sm2Verifier(publicKey: string): (message: string, signature: string) => boolean {
  if (!isSm2PublicKey(publicKey)) throw new Error('SM2 public key: must be 04||x||y hex on the SM2 curve');
  const prepared = sm2.precomputePublicKey(publicKey);
  return (message, signature) => {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
    try {
      return sm2.doVerifySignature(message, Buffer.from(signature, 'base64').toString('hex'), prepared, {
        hash: true,
        der: true,
      });
    } catch {
      return false;
    }
  };
}

/** SM3 of a UTF-8 string, lowercase hex: the hash the message log and receipts name. */
export function sm3Hex(text: string): string {
  return sm3(Buffer.from(text, 'utf-8')).toString('hex');
}
