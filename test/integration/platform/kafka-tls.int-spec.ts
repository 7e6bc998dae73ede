// The services on Kafka's mutual-TLS listener, as production runs them (Strimzi's tls listener,
// the cluster CA and a KafkaUser certificate per service): the local broker's SSL listener
// (infra/kafka.sh, certificates from infra/kafka-pki.sh; KAFKA_TLS_BROKERS / KAFKA_TLS_DIR from
// infra/env.sh). A real registry boots on it, its event arrives over TLS; a client without a
// certificate, or one trusting another CA, is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { readKafkaTls, type KafkaTls } from '@care/config';
import { httpJson, testActorHeaders } from '@care/service-kit/testing';
import { startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { registrationBody } from '../../../apps/registry/test/fixtures';

const TLS_BROKERS = process.env.KAFKA_TLS_BROKERS;
const TLS_DIR = process.env.KAFKA_TLS_DIR;

function tlsFiles(dir: string): Record<string, string> {
  return {
    KAFKA_TLS_CA_FILE: join(dir, 'ca.crt'),
    KAFKA_TLS_CERT_FILE: join(dir, 'user.crt'),
    KAFKA_TLS_KEY_FILE: join(dir, 'user.key'),
  };
}

/** Connects an admin client and lists topics: resolves when the broker accepted the connection. */
async function listTopics(ssl: KafkaTls | { ca: string }): Promise<string[]> {
  const admin = new Kafka({
    clientId: 'tls-probe',
    brokers: TLS_BROKERS!.split(','),
    ssl,
    connectionTimeout: 3000,
    retry: { retries: 1, initialRetryTime: 100 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

// The testcontainers broker (a Docker engine instead of infra/up.sh) has no TLS listener.
const describeTls = process.env.CARE_TEST_INFRA === 'testcontainers' ? describe.skip : describe;

describeTls('Kafka over mutual TLS (the production listener)', () => {
  let registry: RegistryTestApp;
  let tls: KafkaTls;

  beforeAll(async () => {
    if (TLS_BROKERS === undefined || TLS_DIR === undefined)
      throw new Error(
        'KAFKA_TLS_BROKERS / KAFKA_TLS_DIR are not set: run `eval "$(bash infra/up.sh)"` first',
      );
    tls = readKafkaTls({
      KAFKA_TLS_CA_FILE: join(TLS_DIR, 'ca.crt'),
      KAFKA_TLS_CERT_FILE: join(TLS_DIR, 'user.crt'),
      KAFKA_TLS_KEY_FILE: join(TLS_DIR, 'user.key'),
    })!;
    registry = await startRegistry({
      name: 'kafka_tls',
      env: { KAFKA_BROKERS: TLS_BROKERS, ...tlsFiles(TLS_DIR) },
    });
  }, 120_000);

  afterAll(async () => {
    await registry?.close();
  });

  it('boots a service on the TLS listener and delivers its event over TLS', async () => {
    const ready = await httpJson(registry.httpUrl, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    const created = await httpJson<{ childId: string }>(
      registry.httpUrl,
      'POST',
      '/api/v1/children',
      registrationBody({}, 733),
      testActorHeaders({ counties: '371702,371721' }),
    );
    expect(created.status).toBe(201);

    const kafka = new Kafka({
      clientId: 'tls-reader',
      brokers: TLS_BROKERS!.split(','),
      ssl: tls,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `tls-reader-${registry.topicSuffix}` });
    const keys: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({
        topic: `registry.child.registered.v1.${registry.topicSuffix}`,
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: async ({ message }) => void keys.push(message.key?.toString() ?? ''),
      });
      for (let i = 0; i < 300 && !keys.includes(created.body.childId); i++)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await consumer.disconnect();
    }
    expect(keys).toContain(created.body.childId);
  });

  it('refuses a client without a certificate (mutual TLS), and a client trusting another CA', async () => {
    await expect(listTopics({ ca: tls.ca })).rejects.toThrow();
    const other = mkdtempSync(join(tmpdir(), 'other-ca-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-subj',
          '/CN=not-the-kafka-ca',
          '-days',
          '1',
          '-keyout',
          join(other, 'ca.key'),
          '-out',
          join(other, 'ca.crt'),
        ],
        { stdio: 'pipe' },
      );
      await expect(listTopics({ ...tls, ca: readFileSync(join(other, 'ca.crt'), 'utf8') })).rejects.toThrow();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    // The same client with the right CA and its certificate is accepted (the refusals above are the TLS).
    await expect(listTopics(tls)).resolves.toEqual(expect.any(Array));
  });
});
