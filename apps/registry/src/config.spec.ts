import { ConfigError } from '@care/config';
import { activeKeyVersion } from '@care/service-kit';
import { loadRegistryConfig } from './config';

describe('registry config', () => {
  it('starts with the development defaults (ports, database, brokers, dev-only keys)', () => {
    const config = loadRegistryConfig({});
    expect(config).toMatchObject({
      HTTP_PORT: 3101,
      GRPC_BIND_ADDRESS: '127.0.0.1:50101',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/',
      MONGODB_DATABASE: 'registry',
      KAFKA_BROKERS: ['127.0.0.1:19092'],
    });
    expect(config.CENTRAL_URBAN_DISTRICTS).toEqual(['371702', '371703']);
    expect(activeKeyVersion(config)).toBe(1);
  });

  it('accepts the platform scripts’ aliases GRPC_URL and MONGODB_DB', () => {
    const config = loadRegistryConfig({ GRPC_URL: '127.0.0.1:50999', MONGODB_DB: 'smoke_registry' });
    expect(config).toMatchObject({
      GRPC_BIND_ADDRESS: '127.0.0.1:50999',
      MONGODB_DATABASE: 'smoke_registry',
    });
  });

  it('in production refuses to start without the key material, naming every missing variable', () => {
    let error: unknown;
    try {
      loadRegistryConfig({
        NODE_ENV: 'production',
        MONGODB_URI: 'mongodb://db:27017/',
        KAFKA_BROKERS: 'k:9092',
        KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
        KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
        KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
        HTTP_PORT: '3101',
        GRPC_BIND_ADDRESS: '0.0.0.0:50101',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PERSONAL_DATA_KEYS', 'BLIND_INDEX_KEY', 'AUDIT_CHAIN_KEY'])
      expect(problems).toContain(name);
  });

  // [env, problem names the variable, reason]
  const refusals: [Record<string, string>, string, string][] = [
    [{ PERSONAL_DATA_KEYS: '1:abc:def' }, 'PERSONAL_DATA_KEYS', 'key material of the wrong length'],
    [
      { PERSONAL_DATA_ACTIVE_KEY_VERSION: '2' },
      'PERSONAL_DATA_ACTIVE_KEY_VERSION',
      'an active version that is not configured',
    ],
    [{ CENTRAL_URBAN_DISTRICTS: '3717' }, 'CENTRAL_URBAN_DISTRICTS', 'a district that is not a 6-digit code'],
    [{ RECOMPUTE_AT: '24:10' }, 'RECOMPUTE_AT', 'not a clock time'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI', 'not a mongodb URI'],
  ];
  it.each(refusals)('refuses %p naming %s (%s)', (env, name) => {
    expect(() => loadRegistryConfig(env)).toThrow(name);
  });
});
