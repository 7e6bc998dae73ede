import { Global, Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { z } from 'zod';
import { CONFIG, commaList, devDefault } from '@care/config';
import {
  assertNationalAlgorithmsAvailable,
  KeyringError,
  needsRotation,
  open,
  parseKeyring,
  reseal,
  seal,
  type Keyring,
  type KeyringJson,
} from '@care/crypto';

// Field sealing for every service that keeps personal data at rest (the registry's identities,
// welfare's case narratives, health's most sensitive records): SM4-CBC + HMAC-SM3 with versioned
// keys from the service's own config (@care/crypto formats). Each service has its own keys.

const HEX_32_BYTES = /^[0-9a-fA-F]{64}$/;

/**
 * One key version: `<version>:<sm4 key, 16 bytes hex>:<hmac-sm3 key, 32 bytes hex>`. Several
 * may be listed so values sealed under a retired key still open after a rotation.
 */
const keyVersion = z
  .string()
  .regex(
    /^[1-9][0-9]*:[0-9a-fA-F]{32}:[0-9a-fA-F]{64}$/,
    '须为 版本:SM4密钥(32位十六进制):HMAC密钥(64位十六进制) / must be version:sm4hex32:machex64',
  )
  .transform((raw) => {
    const [version, encryptionKey, macKey] = raw.split(':');
    return {
      version: Number(version),
      encryptionKey: encryptionKey.toLowerCase(),
      macKey: macKey.toLowerCase(),
    };
  });

// DEV-ONLY key material: these values are public (they are in the repository). They let a
// developer's laptop and the tests start without secrets; in production (NODE_ENV=production)
// devDefault does not apply, so a missing key fails the boot, and keyringFromConfig refuses
// these values if they are pasted in by hand.
export const DEV_ONLY_PERSONAL_DATA_KEYS =
  '1:00112233445566778899aabbccddeeff:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const DEV_ONLY_BLIND_INDEX_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** A 32-byte hex key of the config with a public development default. */
export function hexKeyConfig(devValue: string) {
  return devDefault(z.string().regex(HEX_32_BYTES, '须为64位十六进制 / must be 32 bytes hex'), devValue);
}

/** The key settings a sealing service's config spreads in (validated at boot). */
export const sealingKeysConfig = {
  /** Every personal-data key version still needed to open stored values (SM4 + HMAC-SM3). */
  PERSONAL_DATA_KEYS: devDefault(commaList(keyVersion), DEV_ONLY_PERSONAL_DATA_KEYS),
  /** The version new seals use; must be one of PERSONAL_DATA_KEYS. Defaults to the highest. */
  PERSONAL_DATA_ACTIVE_KEY_VERSION: z.coerce.number().int().min(1).optional(),
  /** HMAC-SM3 key of blind indexes (盲索引). Never rotates without a reindex. */
  BLIND_INDEX_KEY: hexKeyConfig(DEV_ONLY_BLIND_INDEX_KEY),
};

/** Structurally what sealingKeysConfig gives: read without owning the app's config type. */
export interface SealingKeyConfig {
  readonly NODE_ENV?: string;
  readonly PERSONAL_DATA_KEYS: ReadonlyArray<{
    readonly version: number;
    readonly encryptionKey: string;
    readonly macKey: string;
  }>;
  readonly PERSONAL_DATA_ACTIVE_KEY_VERSION?: number;
  readonly BLIND_INDEX_KEY: string;
}

/** The boot check of loadServiceConfig: the active version must be one of the keys. */
export function activeKeyVersionProblems(config: SealingKeyConfig): string[] {
  const active = config.PERSONAL_DATA_ACTIVE_KEY_VERSION;
  return active !== undefined && !config.PERSONAL_DATA_KEYS.some((k) => k.version === active)
    ? [
        'PERSONAL_DATA_ACTIVE_KEY_VERSION: 须为 PERSONAL_DATA_KEYS 中的一个版本 / must name one of PERSONAL_DATA_KEYS',
      ]
    : [];
}

/** The key version new seals use. */
export function activeKeyVersion(config: SealingKeyConfig): number {
  return (
    config.PERSONAL_DATA_ACTIVE_KEY_VERSION ?? Math.max(...config.PERSONAL_DATA_KEYS.map((k) => k.version))
  );
}

const PUBLIC_DEV_KEYS = new Set<string>();

/** Registers a public development key (a default in the repository) to be refused in production. */
export function publicDevelopmentKey(hex: string): string {
  PUBLIC_DEV_KEYS.add(hex.toLowerCase());
  return hex;
}
for (const k of DEV_ONLY_PERSONAL_DATA_KEYS.split(':').slice(1)) publicDevelopmentKey(k);
publicDevelopmentKey(DEV_ONLY_BLIND_INDEX_KEY);

/** Throws when NODE_ENV=production and any of the keys is a public development key. */
export function refusePublicKeysInProduction(nodeEnv: string | undefined, keys: readonly string[]): void {
  if (nodeEnv !== 'production') return;
  if (keys.some((k) => PUBLIC_DEV_KEYS.has(k.toLowerCase())))
    throw new KeyringError(
      'personal data keys: the development keys are public and refused when NODE_ENV=production; provision real keys',
    );
}

const hexToB64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/** The keyring of the config; one blind-index key version (1) until the config lists several. */
export function keyringFromConfig(config: SealingKeyConfig): Keyring {
  refusePublicKeysInProduction(config.NODE_ENV, [
    ...config.PERSONAL_DATA_KEYS.flatMap((k) => [k.encryptionKey, k.macKey]),
    config.BLIND_INDEX_KEY,
  ]);
  const json: KeyringJson = {
    current: activeKeyVersion(config),
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

export const SEALING_KEYRING = Symbol.for('care.service-kit.sealing-keyring');

/**
 * Seals and opens free-text personal data of a service's own records (SM4 + HMAC-SM3, the
 * current key version; older versions still open). Nothing here logs; errors carry no values.
 */
@Injectable()
export class FieldSealer {
  constructor(@Inject(SEALING_KEYRING) private readonly keyring: Keyring) {}

  seal(plaintext: string): string {
    return seal(this.keyring, plaintext);
  }

  /** Throws SealError on a tampered value or an unknown key version. */
  open(sealed: string): string {
    return open(this.keyring, sealed);
  }

  /** True when the value was sealed under an older key version (a rotation re-seals it). */
  needsRotation(sealed: string): boolean {
    return needsRotation(this.keyring, sealed);
  }

  reseal(sealed: string): string {
    return reseal(this.keyring, sealed);
  }
}

/** Global: the keyring of the app's config (sealingKeysConfig) and the FieldSealer. */
@Global()
@Module({})
export class SealingModule {
  static forRoot(options: { readonly keyring?: Keyring } = {}): DynamicModule {
    return {
      module: SealingModule,
      global: true,
      providers: [
        {
          provide: SEALING_KEYRING,
          inject: [{ token: CONFIG, optional: true }],
          useFactory: (config: SealingKeyConfig | undefined): Keyring => {
            // Fail at boot, not at the first seal, on a runtime without SM3/SM4.
            assertNationalAlgorithmsAvailable();
            if (options.keyring !== undefined) return options.keyring;
            if (config === undefined)
              throw new Error(
                'SealingModule: no keyring option and no app config (CONFIG) with PERSONAL_DATA_KEYS',
              );
            return keyringFromConfig(config);
          },
        },
        FieldSealer,
      ],
      exports: [SEALING_KEYRING, FieldSealer],
    };
  }
}
