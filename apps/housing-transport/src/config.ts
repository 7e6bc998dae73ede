import { z } from 'zod';
import type { EnvSource } from '@care/config';
import { departmentConfig } from '@care/department-kit';
import { loadServiceConfig, serviceKitConfig } from '@care/service-kit';

export const housingTransportConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'housing-transport',
    httpPort: 3106,
    grpcBind: '127.0.0.1:50106',
    database: 'housing_transport',
  }),
  ...departmentConfig({ domain: 'housing-transport', departments: ['housing', 'transport'] }),
});

export type HousingTransportConfig = z.output<typeof housingTransportConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadHousingTransportConfig(env: EnvSource = process.env): HousingTransportConfig {
  return loadServiceConfig(housingTransportConfigSchema, env);
}
