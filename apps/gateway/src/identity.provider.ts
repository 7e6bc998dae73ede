import type { Provider } from '@nestjs/common';
import { CONFIG } from '@care/config';
import type { GatewayConfig } from './config';
import { loadGatewayIdentity } from './pki/gateway-identity';

export const GATEWAY_IDENTITY = Symbol('GatewayIdentity');

/** The gateway's certificate, keys and partners, read and checked once at boot. */
export const gatewayIdentityProvider: Provider = {
  provide: GATEWAY_IDENTITY,
  inject: [CONFIG],
  useFactory: (config: GatewayConfig) => loadGatewayIdentity(config),
};
