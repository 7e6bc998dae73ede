import { z } from 'zod';
import { devDefault, grpcTargetConfig, type EnvSource } from '@care/config';
import {
  activeKeyVersionProblems,
  auditChainKeyConfig,
  consumerGroupConfig,
  loadServiceConfig,
  sealingKeysConfig,
  serviceKitConfig,
} from '@care/service-kit';

// DEV-ONLY (public, in the repository): refused in production like the kit's other dev keys.
const DEV_ONLY_MESSAGE_LOG_KEY = '7d1e0c4b9a8f7e6d5c4b3a29180f7e6d7d1e0c4b9a8f7e6d5c4b3a29180f7e6d';

/** The development PKI of infra/gateway-pki.sh (per city under .cache/pki/<city>/). */
const devPki = (file: string) => devDefault(z.string().min(1), `.cache/pki/371700/${file}`);

export const gatewayConfigSchema = z.object({
  ...serviceKitConfig({ name: 'gateway', httpPort: 3107, grpcBind: '127.0.0.1:50107', database: 'gateway' }),
  /** Sealing of the records held at rest (PERSONAL_DATA_KEYS …; BLIND_INDEX_KEY unused here). */
  ...sealingKeysConfig,
  /** AUDIT_CHAIN_KEY: HMAC-SM3 key chaining the message log (报文日志). */
  ...auditChainKeyConfig(DEV_ONLY_MESSAGE_LOG_KEY),
  /** This gateway's city (GB/T 2260 city code, Heze = 371700). */
  CITY_CODE: z
    .string()
    .regex(/^[0-9]{4}00$/, '须为6位城市代码 / must be a 6-digit city code')
    .default('371700'),
  /** The mutual-TLS listener other cities' gateways send to. */
  EXCHANGE_HOST: z.string().min(1).default('127.0.0.1'),
  EXCHANGE_PORT: z.coerce.number().int().min(0).max(65_535).default(3207),
  /** This gateway's certificate and key (PEM) and the CA that issues the gateways' certificates. */
  GATEWAY_TLS_CERT_FILE: devPki('tls.crt'),
  GATEWAY_TLS_KEY_FILE: devPki('tls.key'),
  GATEWAY_TLS_CA_FILE: devDefault(z.string().min(1), '.cache/pki/care-dev-ca.crt'),
  /** `{ keyId, privateKey, publicKey }` (SM2, hex): the key this city signs its messages with. */
  GATEWAY_SIGNING_KEY_FILE: devPki('signing.json'),
  /** The partner cities: `[{ city, url, certificateName, signingKeys: [{ keyId, publicKey }] }]`. */
  GATEWAY_PEERS_FILE: devPki('peers.json'),
  /** `{ "<city>": "<64 hex>" }`: per partner, the key both cities index ID numbers under (比对盲索引). */
  GATEWAY_PAIR_KEYS_FILE: devPki('pair-keys.json'),
  /** The city's own registry (identities are read there, audited, for a push and a comparison). */
  ...grpcTargetConfig('REGISTRY_GRPC_ADDRESS', '127.0.0.1:50101'),
  REGISTRY_GRPC_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** A message's sentAt may be this far from our clock, either way (seconds). */
  EXCHANGE_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  /** Deadline of one send to a partner city (ms). */
  EXCHANGE_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How often the sender looks for messages due (ms), and the cap of the wait between retries (s; jittered ±20%). */
  PUSH_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  PUSH_MAX_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Days a county office has to resolve a comparison difference (比对差异处理时限). */
  COMPARISON_TASK_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(15),
  /** Consumer group following the registry's child events. */
  ...consumerGroupConfig('PUSH_CONSUMER_GROUP', 'gateway.registry-children'),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadGatewayConfig(env: EnvSource = process.env): GatewayConfig {
  return loadServiceConfig(gatewayConfigSchema, env, [activeKeyVersionProblems]);
}
