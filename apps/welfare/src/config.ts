import { z } from 'zod';
import type { EnvSource } from '@care/config';
import { departmentConfig } from '@care/department-kit';
import {
  activeKeyVersionProblems,
  auditChainKeyConfig,
  loadServiceConfig,
  sealingKeysConfig,
  serviceKitConfig,
} from '@care/service-kit';
import { assistanceConfig } from './assistance/assistance-config';
import { guardianshipConfig } from './guardianship/guardianship-config';

// DEV-ONLY (public, in the repository): refused in production.
const DEV_ONLY_AUDIT_CHAIN_KEY = '7e6d5c4b3a2918f77e6d5c4b3a2918f77e6d5c4b3a2918f77e6d5c4b3a2918f7';

export const welfareConfigSchema = z.object({
  ...serviceKitConfig({ name: 'welfare', httpPort: 3105, grpcBind: '127.0.0.1:50105', database: 'welfare' }),
  ...departmentConfig({ domain: 'welfare', departments: ['civil-affairs', 'disabled-persons-federation'] }),
  ...guardianshipConfig,
  ...assistanceConfig,
  /** Keys sealing case narratives and notes at rest (this service's own; required in production). */
  ...sealingKeysConfig,
  /** AUDIT_CHAIN_KEY: HMAC-SM3 key chaining this service's audit trail of case reads. */
  ...auditChainKeyConfig(DEV_ONLY_AUDIT_CHAIN_KEY),
});

export type WelfareConfig = z.output<typeof welfareConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadWelfareConfig(env: EnvSource = process.env): WelfareConfig {
  return loadServiceConfig(welfareConfigSchema, env, [activeKeyVersionProblems]);
}
