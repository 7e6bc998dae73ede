import { z } from 'zod';
import { commaList, devDefault, optionalGrpcTargetConfig, type EnvSource } from '@care/config';
import { consumerGroupConfig, loadServiceConfig, serviceKitConfig } from '@care/service-kit';
import { keyCareConfig } from './key-care/visit-frequency';

const HEX = (bytes: number) => new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`);
const DIVISION_CODE = /^[0-9]{6}$/;
const CLOCK_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * One personal-data key version: `<version>:<sm4 key, 16 bytes hex>:<hmac-sm3 key, 32 bytes hex>`.
 * Several versions may be listed so records sealed under a retired key still open after rotation.
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
// devDefault does not apply, so a missing key fails the boot.
const DEV_ONLY_PERSONAL_DATA_KEYS =
  '1:00112233445566778899aabbccddeeff:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const DEV_ONLY_BLIND_INDEX_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const DEV_ONLY_AUDIT_CHAIN_KEY = '5c4b3a2918f7e6d5c4b3a2918f7e6d5c5c4b3a2918f7e6d5c4b3a2918f7e6d5c';

export const registryConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'registry',
    httpPort: 3101,
    grpcBind: '127.0.0.1:50101',
    database: 'registry',
  }),
  /** Every personal-data key version still needed to open stored records (SM4 + HMAC-SM3). */
  PERSONAL_DATA_KEYS: devDefault(commaList(keyVersion), DEV_ONLY_PERSONAL_DATA_KEYS),
  /** The version new seals use; must be one of PERSONAL_DATA_KEYS. Defaults to the highest. */
  PERSONAL_DATA_ACTIVE_KEY_VERSION: z.coerce.number().int().min(1).optional(),
  /**
   * The education service, whose enrolments fill the ledger's 就读学校/年级 (unset in production:
   * the ledger shows what was typed on import).
   */
  ...optionalGrpcTargetConfig('EDUCATION_GRPC_ADDRESS', '127.0.0.1:50103'),
  EDUCATION_GRPC_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** HMAC-SM3 key of the ID-number blind index (身份证号盲索引). Never rotates without a reindex. */
  BLIND_INDEX_KEY: devDefault(
    z.string().regex(HEX(32), '须为64位十六进制 / must be 32 bytes hex'),
    DEV_ONLY_BLIND_INDEX_KEY,
  ),
  /** HMAC-SM3 key chaining the audit trail (审计链). */
  AUDIT_CHAIN_KEY: devDefault(
    z.string().regex(HEX(32), '须为64位十六进制 / must be 32 bytes hex'),
    DEV_ONLY_AUDIT_CHAIN_KEY,
  ),
  /** The city whose registry this is (GB/T 2260 city code, Heze = 371700). */
  CITY_CODE: z
    .string()
    .regex(/^[0-9]{4}00$/, '须为6位城市代码 / must be a 6-digit city code')
    .default('371700'),
  /**
   * 城市中心城区: the municipal districts of the city's central urban area. Moves between them
   * are not migration (MISSION.md rule 1). Heze: 牡丹区 371702, 定陶区 371703.
   */
  CENTRAL_URBAN_DISTRICTS: commaList(
    z.string().regex(DIVISION_CODE, '须为6位区县代码 / must be a 6-digit county code'),
  ).default('371702,371703'),
  /** The daily status recomputation (每日重算): on/off and its time in Asia/Shanghai. */
  RECOMPUTE_SCHEDULE_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  RECOMPUTE_AT: z.string().regex(CLOCK_TIME, '须为 HH:MM / must be HH:MM').default('00:10'),
  /** 走访频次: visit frequency per difficulty type (months), e.g. `lack-of-guardianship=1,vagrancy=1` (R-ledger). */
  ...keyCareConfig,
  /** Consumer group of the key-care ledger following ChildMovedOut (KeyCareFollowsChildrenModule). */
  ...consumerGroupConfig('KEY_CARE_CONSUMER_GROUP', 'registry.key-care-ledger'),
  /** Rows per bulk write of the Excel import. */
  IMPORT_CHUNK_SIZE: z.coerce.number().int().min(1).max(5000).default(1000),
  /** Largest accepted upload, in megabytes. */
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(200).default(30),
});

export type RegistryConfig = z.output<typeof registryConfigSchema>;

/** Validates the environment at boot (the kit's loader: aliases, topic suffix, then the key versions). */
export function loadRegistryConfig(env: EnvSource = process.env): RegistryConfig {
  return loadServiceConfig(registryConfigSchema, env, [
    (config) => {
      const active = config.PERSONAL_DATA_ACTIVE_KEY_VERSION;
      return active !== undefined && !config.PERSONAL_DATA_KEYS.some((k) => k.version === active)
        ? [
            'PERSONAL_DATA_ACTIVE_KEY_VERSION: 须为 PERSONAL_DATA_KEYS 中的一个版本 / must name one of PERSONAL_DATA_KEYS',
          ]
        : [];
    },
  ]);
}

/** The key version new seals use. */
export function activeKeyVersion(config: RegistryConfig): number {
  return (
    config.PERSONAL_DATA_ACTIVE_KEY_VERSION ?? Math.max(...config.PERSONAL_DATA_KEYS.map((k) => k.version))
  );
}
