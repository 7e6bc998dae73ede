import { KeyringError } from '@care/crypto';
import { hexKeyConfig, publicDevelopmentKey, refusePublicKeysInProduction } from '../sealing';

/** Structurally what auditChainKeyConfig gives: read without owning the app's config type. */
export interface AuditChainKeyConfig {
  readonly NODE_ENV?: string;
  /** HMAC-SM3 key chaining the audit trail (审计链), 32 bytes hex. */
  readonly AUDIT_CHAIN_KEY: string;
}

/**
 * The AUDIT_CHAIN_KEY setting an auditing service's config spreads in. `devValue` is that
 * service's own public development default (in the repository): it is registered as public, so
 * auditChainKeyFromConfig refuses it when NODE_ENV=production.
 */
export function auditChainKeyConfig(devValue: string) {
  return { AUDIT_CHAIN_KEY: hexKeyConfig(publicDevelopmentKey(devValue)) };
}

/** The HMAC-SM3 key that chains the audit trail (32 bytes); refuses public keys in production. */
export function auditChainKeyFromConfig(config: AuditChainKeyConfig): Buffer {
  refusePublicKeysInProduction(config.NODE_ENV, [config.AUDIT_CHAIN_KEY]);
  const key = Buffer.from(config.AUDIT_CHAIN_KEY, 'hex');
  if (key.length !== 32) throw new KeyringError('AUDIT_CHAIN_KEY: expected 32 bytes of hex');
  return key;
}
