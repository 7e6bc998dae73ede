import { createCipheriv, createDecipheriv, createHash, createHmac, getCiphers, getHashes } from 'node:crypto';

// Thin wrappers over Node's OpenSSL for the Chinese national algorithms (GB/T 32905 SM3,
// GB/T 32907 SM4). They exist so the rest of the code never spells an algorithm name and so
// a runtime without them fails at start-up with a clear message instead of at first use.

export const SM4_KEY_BYTES = 16;
export const SM4_BLOCK_BYTES = 16;
export const SM3_DIGEST_BYTES = 32;

const REQUIRED_CIPHERS = ['sm4-cbc'] as const;
const REQUIRED_HASHES = ['sm3'] as const;

/** Throws when Node's OpenSSL build lacks SM4-CBC or SM3 (e.g. a FIPS-only OpenSSL). */
export function assertNationalAlgorithmsAvailable(): void {
  const ciphers = new Set(getCiphers());
  const hashes = new Set(getHashes());
  const missing = [
    ...REQUIRED_CIPHERS.filter((c) => !ciphers.has(c)),
    ...REQUIRED_HASHES.filter((h) => !hashes.has(h)),
  ];
  if (missing.length > 0) {
    throw new Error(`Node's OpenSSL lacks required national algorithms: ${missing.join(', ')}`);
  }
}

export function sm3(data: Buffer | string): Buffer {
  return createHash('sm3').update(data).digest();
}

export function hmacSm3(key: Buffer, ...parts: ReadonlyArray<Buffer | string>): Buffer {
  const mac = createHmac('sm3', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** SM4-CBC with PKCS#7 padding (OpenSSL's default). */
export function sm4CbcEncrypt(key: Buffer, iv: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('sm4-cbc', key, iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/** Throws on bad padding; callers must have checked the MAC first (encrypt-then-MAC). */
export function sm4CbcDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const decipher = createDecipheriv('sm4-cbc', key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** One raw SM4 block (no padding). Only for checking the GB/T 32907 test vector. */
export function sm4EncryptBlock(key: Buffer, block: Buffer): Buffer {
  if (block.length !== SM4_BLOCK_BYTES) throw new Error(`SM4 block must be ${SM4_BLOCK_BYTES} bytes`);
  const cipher = createCipheriv('sm4-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

export function isSm4EcbAvailable(): boolean {
  return getCiphers().includes('sm4-ecb');
}
