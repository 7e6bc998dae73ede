// Two cities on loopback, each with its real registry and its real gateway: Heze (371700) and
// Zhengzhou (410100), a development PKI of their own (CA, certificates, SM2 keys, pair keys)
// in a temporary directory, gateways talking over mutual TLS on fixed free ports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  startTcpLink,
  startTestService,
  testActorHeaders,
  type TcpLink,
  type TestService,
} from '@care/service-kit/testing';
import { startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { AppModule } from '../../../apps/gateway/src/app.module';
import { loadGatewayConfig, type GatewayConfig } from '../../../apps/gateway/src/config';
import type { SelectableField } from '@care/exchange-rules';
import { writeDevPki } from '../../../apps/gateway/src/pki/dev-pki';

export const HEZE = '371700';
export const ZHENGZHOU = '410100';

export interface City {
  readonly code: string;
  readonly registry: RegistryTestApp;
  gateway: TestService<GatewayConfig>;
  readonly exchangePort: number;
  /** The gateway reaches its registry's gRPC through this link (cut it for a registry outage). */
  readonly registryLink: TcpLink;
  /** Identity headers of this city's civil-affairs officer covering the counties used here. */
  readonly officer: Record<string, string>;
  readonly admin: Record<string, string>;
}

export interface GatewayPair {
  readonly pki: string;
  readonly heze: City;
  readonly zhengzhou: City;
  /** Stops a city's gateway, keeping its database (a crash or an outage). */
  stopGateway(city: City): Promise<void>;
  /** Starts it again on the same database, port and keys. */
  restartGateway(city: City): Promise<void>;
  close(): Promise<void>;
}

const COUNTIES: Record<string, string> = { [HEZE]: '371702,371721', [ZHENGZHOU]: '410102,410105' };
const CENTRAL: Record<string, string> = {
  [HEZE]: '371702,371703',
  [ZHENGZHOU]: '410102,410103,410104,410105',
};

export function gatewayEnv(
  pki: string,
  city: string,
  port: number,
  registryAddress: string,
): Record<string, string> {
  return {
    CITY_CODE: city,
    EXCHANGE_HOST: '127.0.0.1',
    EXCHANGE_PORT: String(port),
    GATEWAY_TLS_CERT_FILE: join(pki, city, 'tls.crt'),
    GATEWAY_TLS_KEY_FILE: join(pki, city, 'tls.key'),
    GATEWAY_TLS_CA_FILE: join(pki, 'care-dev-ca.crt'),
    GATEWAY_SIGNING_KEY_FILE: join(pki, city, 'signing.json'),
    GATEWAY_PEERS_FILE: join(pki, city, 'peers.json'),
    GATEWAY_PAIR_KEYS_FILE: join(pki, city, 'pair-keys.json'),
    REGISTRY_GRPC_ADDRESS: registryAddress,
    PUSH_POLL_MS: '100',
    PUSH_MAX_BACKOFF_SECONDS: '1',
    EXCHANGE_SEND_TIMEOUT_MS: '3000',
  };
}

function startGateway(
  name: string,
  env: Record<string, string>,
  topicSuffix: string,
): Promise<TestService<GatewayConfig>> {
  return startTestService({
    name,
    load: loadGatewayConfig,
    module: (config, clock) => AppModule.forRoot(config, { clock }),
    grpcPackages: [],
    env,
    topicSuffix,
  });
}

export interface GatewayPairOptions {
  /** The record fields Heze and Zhengzhou agreed to exchange (both peers files); default all. */
  readonly sharedFields?: readonly SelectableField[];
}

export async function startGatewayPair(name: string, options: GatewayPairOptions = {}): Promise<GatewayPair> {
  const pki = mkdtempSync(join(tmpdir(), 'care-pki-'));
  const ports: Record<string, number> = { [HEZE]: await freePort(), [ZHENGZHOU]: await freePort() };
  const { sharedFields } = options;
  writeDevPki(
    pki,
    [
      { city: HEZE, exchangePort: ports[HEZE] },
      { city: ZHENGZHOU, exchangePort: ports[ZHENGZHOU] },
    ],
    sharedFields === undefined ? {} : { sharedFields: () => sharedFields },
  );
  const cities: City[] = [];
  for (const code of [HEZE, ZHENGZHOU]) {
    const registry = await startRegistry({
      name: `${name}_${code}`,
      env: { CITY_CODE: code, CENTRAL_URBAN_DISTRICTS: CENTRAL[code] },
    });
    const registryLink = await startTcpLink(registry.grpcAddress);
    const gateway = await startGateway(
      `gateway_${name}_${code}`,
      gatewayEnv(pki, code, ports[code], registryLink.address),
      registry.topicSuffix,
    );
    cities.push({
      code,
      registry,
      gateway,
      exchangePort: ports[code],
      registryLink,
      officer: testActorHeaders({ role: 'civil-affairs-officer', counties: COUNTIES[code] }),
      admin: testActorHeaders({ role: 'civil-affairs-admin', counties: COUNTIES[code] }),
    });
  }
  const [heze, zhengzhou] = cities;
  const stopped = new Map<City, TestService<GatewayConfig>>();
  return {
    pki,
    heze,
    zhengzhou,
    async stopGateway(city) {
      stopped.set(city, city.gateway);
      await city.gateway.app.close();
    },
    async restartGateway(city) {
      const before = stopped.get(city);
      if (before === undefined) throw new Error('restartGateway: the gateway was not stopped');
      stopped.delete(city);
      const after = await startGateway(
        `gateway_${name}_${city.code}`,
        {
          ...gatewayEnv(pki, city.code, city.exchangePort, city.registryLink.address),
          MONGODB_DATABASE: before.dbName,
        },
        city.registry.topicSuffix,
      );
      // The same database as before: read it through the first start's handle, drop it at the end.
      city.gateway = {
        ...after,
        db: before.db,
        dbName: before.dbName,
        async close() {
          await after.close();
          await before.db.dropDatabase().catch(() => undefined);
          await before.db.client.close();
        },
      };
    },
    async close() {
      for (const city of cities) {
        await city.gateway.close().catch(() => undefined);
        await city.registryLink.close();
        await city.registry.close();
      }
      rmSync(pki, { recursive: true, force: true });
    },
  };
}
