import { z } from 'zod';
import type { EnvSource } from '@care/config';
import { departmentConfig } from '@care/department-kit';
import { loadServiceConfig, serviceKitConfig } from '@care/service-kit';

export const educationConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'education',
    httpPort: 3103,
    grpcBind: '127.0.0.1:50103',
    database: 'education',
  }),
  ...departmentConfig({ domain: 'education', departments: ['education-sports'] }),
});

export type EducationConfig = z.output<typeof educationConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadEducationConfig(env: EnvSource = process.env): EducationConfig {
  return loadServiceConfig(educationConfigSchema, env);
}
