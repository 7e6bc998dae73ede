import { z } from 'zod';
import type { EnvSource } from '@care/config';
import { departmentConfig } from '@care/department-kit';
import { loadServiceConfig, serviceKitConfig } from '@care/service-kit';

export const healthInsuranceConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'health-insurance',
    httpPort: 3104,
    grpcBind: '127.0.0.1:50104',
    database: 'health_insurance',
  }),
  ...departmentConfig({ domain: 'health-insurance', departments: ['health', 'medical-insurance'] }),
});

export type HealthInsuranceConfig = z.output<typeof healthInsuranceConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadHealthInsuranceConfig(env: EnvSource = process.env): HealthInsuranceConfig {
  return loadServiceConfig(healthInsuranceConfigSchema, env);
}
