import { z } from 'zod';
import { commaList, optionalGrpcTargetConfig, type EnvSource } from '@care/config';
import {
  activeKeyVersionProblems,
  auditChainKeyConfig,
  consumerGroupConfig,
  loadServiceConfig,
  sealingKeysConfig,
  serviceKitConfig,
} from '@care/service-kit';
import { keyCareConfig } from './key-care/visit-frequency';

const DIVISION_CODE = /^[0-9]{6}$/;
const CLOCK_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

// DEV-ONLY (public, in the repository): refused in production like the kit's sealing keys.
const DEV_ONLY_AUDIT_CHAIN_KEY = '5c4b3a2918f7e6d5c4b3a2918f7e6d5c5c4b3a2918f7e6d5c4b3a2918f7e6d5c';

export const registryConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'registry',
    httpPort: 3101,
    grpcBind: '127.0.0.1:50101',
    database: 'registry',
  }),
  /** PERSONAL_DATA_KEYS, PERSONAL_DATA_ACTIVE_KEY_VERSION, BLIND_INDEX_KEY (身份证号盲索引). */
  ...sealingKeysConfig,
  /**
   * The education service, whose enrolments fill the ledger's 就读学校/年级 (unset in production:
   * the ledger shows what was typed on import).
   */
  ...optionalGrpcTargetConfig('EDUCATION_GRPC_ADDRESS', '127.0.0.1:50103'),
  EDUCATION_GRPC_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** AUDIT_CHAIN_KEY: HMAC-SM3 key chaining the audit trail (审计链). */
  ...auditChainKeyConfig(DEV_ONLY_AUDIT_CHAIN_KEY),
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
  return loadServiceConfig(registryConfigSchema, env, [activeKeyVersionProblems]);
}
