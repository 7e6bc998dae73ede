// @care/crypto: SM3/SM4 field encryption with versioned keys, blind indexes and display masking.
// Pure node:crypto; no framework. See README.md for formats and key rotation.
export * from './sm';
export * from './keyring';
export * from './sealed';
export * from './blind-index';
export * from './masking';
export * from './sm2';
