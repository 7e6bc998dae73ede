// One real gateway on the real broker and database, with a development PKI of its own: it boots
// ready, answers on its mutual-TLS listener, refuses what it cannot verify before storing
// anything, and keeps every refusal in the hash-chained message log. (The two-city drills, with
// registries, are in test/integration/gateway.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  httpJson,
  startTestService,
  testActorHeaders,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule } from '../src/app.module';
import { loadGatewayConfig, type GatewayConfig } from '../src/config';
import { EXCHANGE_PATH } from '../src/exchange/exchange-client';
import { writeDevPki } from '../src/pki/dev-pki';

function post(
  port: number,
  pki: string,
  city: string,
  body: string,
): Promise<{ status: number; body: { reason?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: EXCHANGE_PATH,
        method: 'POST',
        cert: readFileSync(join(pki, city, 'tls.crt')),
        key: readFileSync(join(pki, city, 'tls.key')),
        ca: readFileSync(join(pki, 'care-dev-ca.crt')),
        checkServerIdentity: () => undefined,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('gateway exchange listener (real broker and database, mutual TLS)', () => {
  let pki: string;
  let port: number;
  let gateway: TestService<GatewayConfig>;
  const admin = testActorHeaders({ role: 'civil-affairs-admin', counties: '410102' });

  beforeAll(async () => {
    pki = mkdtempSync(join(tmpdir(), 'care-pki-'));
    port = await freePort();
    writeDevPki(pki, [
      { city: '410100', exchangePort: port },
      { city: '371700', exchangePort: await freePort() },
    ]);
    gateway = await startTestService({
      name: 'gateway-listener',
      load: loadGatewayConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      env: {
        CITY_CODE: '410100',
        EXCHANGE_PORT: String(port),
        GATEWAY_TLS_CERT_FILE: join(pki, '410100', 'tls.crt'),
        GATEWAY_TLS_KEY_FILE: join(pki, '410100', 'tls.key'),
        GATEWAY_TLS_CA_FILE: join(pki, 'care-dev-ca.crt'),
        GATEWAY_SIGNING_KEY_FILE: join(pki, '410100', 'signing.json'),
        GATEWAY_PEERS_FILE: join(pki, '410100', 'peers.json'),
        GATEWAY_PAIR_KEYS_FILE: join(pki, '410100', 'pair-keys.json'),
        REGISTRY_GRPC_ADDRESS: `127.0.0.1:${await freePort()}`,
      },
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    rmSync(pki, { recursive: true, force: true });
  });

  it('is ready, refuses an unsigned and a malformed message from a partner, stores nothing, logs both', async () => {
    expect((await fetch(`${gateway.httpUrl}/health/ready`)).status).toBe(200);
    const unsigned = await post(
      port,
      pki,
      '371700',
      JSON.stringify({ v: 1, messageId: 'x', senderCity: '371700' }),
    );
    expect([unsigned.status, unsigned.body.reason]).toEqual([400, 'malformed']);
    const notJson = await post(port, pki, '371700', 'not json');
    expect([notJson.status, notJson.body.reason]).toEqual([400, 'malformed']);
    expect(await gateway.db.collection('incoming_messages').countDocuments()).toBe(0);
    const log = await gateway.db.collection('message_log').find({ event: 'refused' }).toArray();
    expect(log.map((e) => e.outcome)).toEqual(['malformed', 'malformed']);
    const verified = await httpJson(
      gateway.httpUrl,
      'GET',
      '/api/v1/exchange/message-log/verify',
      undefined,
      admin,
    );
    expect(verified.body).toEqual({ ok: true, checked: 2 });
  });
});
