import { KeyringError } from '@care/crypto';
import { refusePublicKeysInProduction, type SealingKeyConfig } from '@care/service-kit';

/**
 * The key settings of the registry's config (apps/registry/src/config.ts, validated at boot):
 * the kit's sealing keys (PERSONAL_DATA_KEYS, PERSONAL_DATA_ACTIVE_KEY_VERSION, BLIND_INDEX_KEY;
 * their keyring is @care/service-kit's keyringFromConfig) and AUDIT_CHAIN_KEY (hex). Declared
 * structurally so this module reads the app config without owning it.
 */
export interface PersonalDataKeyConfig extends SealingKeyConfig {
  readonly AUDIT_CHAIN_KEY: string;
}

/** The HMAC-SM3 key that chains the audit trail (32 bytes). */
export function auditChainKeyFromConfig(config: PersonalDataKeyConfig): Buffer {
  refusePublicKeysInProduction(config.NODE_ENV, [config.AUDIT_CHAIN_KEY]);
  const key = Buffer.from(config.AUDIT_CHAIN_KEY, 'hex');
  if (key.length !== 32) throw new KeyringError('AUDIT_CHAIN_KEY: expected 32 bytes of hex');
  return key;
}
