import { ConfigError } from '@care/config';
import { loadAuthConfig } from './config';

const PRODUCTION = {
  NODE_ENV: 'production',
  HTTP_PORT: '3109',
  GRPC_BIND_ADDRESS: '0.0.0.0:50109',
  MONGODB_URI: 'mongodb://db:27017/',
  KAFKA_BROKERS: 'kafka:9092',
  KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
  KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
  KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
  OTEL_TRACES_EXPORTER: 'none',
  PERSONAL_DATA_KEYS: `1:${'ab'.repeat(16)}:${'cd'.repeat(32)}`,
  BLIND_INDEX_KEY: 'ef'.repeat(32),
  AUDIT_CHAIN_KEY: '12'.repeat(32),
  ACCESS_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
};

describe('loadAuthConfig', () => {
  it('starts on development defaults: 15-minute tokens, 5 failures lock for 15 minutes, scrypt 2^17', () => {
    expect(loadAuthConfig({})).toMatchObject({
      SERVICE_NAME: 'auth',
      HTTP_PORT: 3109,
      GRPC_BIND_ADDRESS: '127.0.0.1:50109',
      MONGODB_DATABASE: 'auth',
      AUTH_ACCESS_TOKEN_TTL_SECONDS: 900,
      AUTH_MAX_FAILED_ATTEMPTS: 5,
      AUTH_LOCKOUT_MINUTES: 15,
      AUTH_TOTP_WINDOW_STEPS: 1,
      AUTH_SCRYPT_COST: 131072,
      AUTH_SIGNING_ALG: 'EdDSA',
      AUTH_KEY_ACTIVATION_SECONDS: 60,
      ACCESS_TOKEN_ISSUER: 'care-auth',
      ACCESS_TOKEN_AUDIENCE: 'care-platform',
    });
  });

  it('needs its addresses and keys in production, refuses a topic suffix and the header stand-in there', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadAuthConfig(PRODUCTION)).not.toThrow();
    expect(() => loadAuthConfig({ ...PRODUCTION, EVENT_TOPIC_SUFFIX: 'x' })).toThrow(/EVENT_TOPIC_SUFFIX/);
    expect(() => loadAuthConfig({ ...PRODUCTION, ACCESS_MODE: 'headers' })).toThrow(
      /ACCESS_MODE: 生产环境不得使用/,
    );
  });

  it.each<[Record<string, string>, string]>([
    [{ AUTH_SCRYPT_COST: '20000' }, 'AUTH_SCRYPT_COST'],
    [{ AUTH_SCRYPT_COST: '1024' }, 'AUTH_SCRYPT_COST'],
    [{ AUTH_MAX_FAILED_ATTEMPTS: '1' }, 'AUTH_MAX_FAILED_ATTEMPTS'],
    [{ AUTH_ACCESS_TOKEN_TTL_SECONDS: '86400' }, 'AUTH_ACCESS_TOKEN_TTL_SECONDS'],
    [{ AUTH_TOTP_WINDOW_STEPS: '5' }, 'AUTH_TOTP_WINDOW_STEPS'],
    [{ AUTH_SIGNING_ALG: 'HS256' }, 'AUTH_SIGNING_ALG'],
    [{ AUTH_ADMIN_AUDIENCE: 'care-platform' }, 'AUTH_ADMIN_AUDIENCE'],
    // A new key signing before the services may refetch the JWKS would be refused by them.
    [{ AUTH_KEY_ACTIVATION_SECONDS: '10', ACCESS_JWKS_COOLDOWN_MS: '30000' }, 'AUTH_KEY_ACTIVATION_SECONDS'],
    [{ AUTH_KEY_ACTIVATION_SECONDS: '3601' }, 'AUTH_KEY_ACTIVATION_SECONDS'],
  ])('refuses %p naming %s', (env, name) => {
    expect(() => loadAuthConfig(env)).toThrow(name);
  });
});
