import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { kafkaConfig, kafkaTlsProblems, readKafkaTls, type KafkaTlsConfig } from './fragments';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({ NODE_ENV: z.string().default('development'), ...kafkaConfig('svc') });
const none: KafkaTlsConfig = { KAFKA_TLS_CA_FILE: '', KAFKA_TLS_CERT_FILE: '', KAFKA_TLS_KEY_FILE: '' };

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Kafka TLS settings', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('requires the CA, the client certificate and its key in production', () => {
    expect(problemsOf(() => loadConfig(schema, { NODE_ENV: 'production', KAFKA_BROKERS: 'k:9093' }))).toEqual(
      [
        'KAFKA_TLS_CA_FILE: 必填 / required',
        'KAFKA_TLS_CERT_FILE: 必填 / required',
        'KAFKA_TLS_KEY_FILE: 必填 / required',
      ],
    );
  });

  it('is plaintext outside production unless set', () => {
    const config = loadConfig(schema, {});
    expect(readKafkaTls(config)).toBeUndefined();
  });

  it.each<[string, Partial<KafkaTlsConfig>, string]>([
    [
      'a certificate without its key',
      { KAFKA_TLS_CA_FILE: 'ca', KAFKA_TLS_CERT_FILE: 'c' },
      'KAFKA_TLS_KEY_FILE: 设置客户端证书时必填',
    ],
    [
      'a key without its certificate',
      { KAFKA_TLS_CA_FILE: 'ca', KAFKA_TLS_KEY_FILE: 'k' },
      'KAFKA_TLS_CERT_FILE: 设置客户端私钥时必填',
    ],
    [
      'a client certificate without the CA',
      { KAFKA_TLS_CERT_FILE: 'c', KAFKA_TLS_KEY_FILE: 'k' },
      'KAFKA_TLS_CA_FILE: 使用客户端证书时必填',
    ],
  ])('refuses %s, naming the setting', (_why, settings, problem) => {
    expect(kafkaTlsProblems({ ...none, ...settings })).toEqual([expect.stringContaining(problem)]);
  });

  it('reads the PEM files at boot: the CA alone (server-authenticated TLS) or with a client certificate', () => {
    const ca = file('ca.crt', 'CA PEM');
    expect(readKafkaTls({ ...none, KAFKA_TLS_CA_FILE: ca })).toEqual({ ca: 'CA PEM' });
    expect(
      readKafkaTls({
        KAFKA_TLS_CA_FILE: ca,
        KAFKA_TLS_CERT_FILE: file('user.crt', 'CERT PEM'),
        KAFKA_TLS_KEY_FILE: file('user.key', 'KEY PEM'),
      }),
    ).toEqual({ ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' });
  });

  it('names every file it cannot read', () => {
    const problems = problemsOf(() =>
      readKafkaTls({
        KAFKA_TLS_CA_FILE: join(dir, 'absent-ca.crt'),
        KAFKA_TLS_CERT_FILE: file('user2.crt', 'CERT PEM'),
        KAFKA_TLS_KEY_FILE: join(dir, 'absent.key'),
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^KAFKA_TLS_CA_FILE: 无法读取 .*absent-ca\.crt .*ENOENT/),
      expect.stringMatching(/^KAFKA_TLS_KEY_FILE: 无法读取 .*absent\.key .*ENOENT/),
    ]);
  });
});
