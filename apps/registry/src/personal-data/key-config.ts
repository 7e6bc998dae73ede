import { KeyringError, parseKeyring, type Keyring, type KeyringJson } from '@care/crypto';

/**
 * The key settings of the registry's config (apps/registry/src/config.ts, validated at boot):
 * PERSONAL_DATA_KEYS = `version:sm4hex:machex,...`, PERSONAL_DATA_ACTIVE_KEY_VERSION (default:
 * highest), BLIND_INDEX_KEY (hex), AUDIT_CHAIN_KEY (hex). Declared structurally so this module
 * reads the app config without owning it.
 */
export interface PersonalDataKeyConfig {
  readonly NODE_ENV?: string;
  readonly PERSONAL_DATA_KEYS: ReadonlyArray<{
    readonly version: number;
    readonly encryptionKey: string;
    readonly macKey: string;
  }>;
  readonly PERSONAL_DATA_ACTIVE_KEY_VERSION?: number;
  readonly BLIND_INDEX_KEY: string;
  readonly AUDIT_CHAIN_KEY: string;
}

// The dev defaults of config.ts are public (they are in the repository). config.ts does not apply
// them when NODE_ENV=production, but an operator could still paste them into a production
// environment: refuse them there. Kept in sync by key-config.spec.ts, which loads config.ts's
// development defaults and expects them to be refused.
const PUBLIC_DEV_KEYS = new Set([
  '00112233445566778899aabbccddeeff',
  '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
  '5c4b3a2918f7e6d5c4b3a2918f7e6d5c5c4b3a2918f7e6d5c4b3a2918f7e6d5c',
]);

function refusePublicKeysInProduction(config: PersonalDataKeyConfig, keys: readonly string[]): void {
  if (config.NODE_ENV !== 'production') return;
  if (keys.some((k) => PUBLIC_DEV_KEYS.has(k.toLowerCase()))) {
    throw new KeyringError(
      'personal data keys: the development keys are public and refused when NODE_ENV=production; provision real keys',
    );
  }
}

const hexToB64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/** The keyring of the config; one blind-index key version (1) until the config lists several. */
export function keyringFromConfig(config: PersonalDataKeyConfig): Keyring {
  refusePublicKeysInProduction(config, [
    ...config.PERSONAL_DATA_KEYS.flatMap((k) => [k.encryptionKey, k.macKey]),
    config.BLIND_INDEX_KEY,
  ]);
  const json: KeyringJson = {
    current:
      config.PERSONAL_DATA_ACTIVE_KEY_VERSION ?? Math.max(...config.PERSONAL_DATA_KEYS.map((k) => k.version)),
    keys: Object.fromEntries(
      config.PERSONAL_DATA_KEYS.map((k) => [
        String(k.version),
        { encKey: hexToB64(k.encryptionKey), macKey: hexToB64(k.macKey) },
      ]),
    ),
    index: { current: 1, keys: { '1': hexToB64(config.BLIND_INDEX_KEY) } },
  };
  return parseKeyring(json);
}

/** The HMAC-SM3 key that chains the audit trail (32 bytes). */
export function auditChainKeyFromConfig(config: PersonalDataKeyConfig): Buffer {
  refusePublicKeysInProduction(config, [config.AUDIT_CHAIN_KEY]);
  const key = Buffer.from(config.AUDIT_CHAIN_KEY, 'hex');
  if (key.length !== 32) throw new KeyringError('AUDIT_CHAIN_KEY: expected 32 bytes of hex');
  return key;
}
