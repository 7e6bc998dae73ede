import { z } from 'zod';
import type { EnvSource } from '@care/config';
import { loadServiceConfig, serviceKitConfig } from '@care/service-kit';

export const gatewayConfigSchema = z.object({
  ...serviceKitConfig({ name: 'gateway', httpPort: 3107, grpcBind: '127.0.0.1:50107', database: 'gateway' }),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadGatewayConfig(env: EnvSource = process.env): GatewayConfig {
  return loadServiceConfig(gatewayConfigSchema, env);
}
