import { auditChainKeyFromConfig } from '@care/service-kit';
import { loadGatewayConfig } from './config';

describe('loadGatewayConfig', () => {
  it('starts on development defaults: Heze, the dev PKI, the local registry', () => {
    expect(loadGatewayConfig({})).toMatchObject({
      SERVICE_NAME: 'gateway',
      HTTP_PORT: 3107,
      GRPC_BIND_ADDRESS: '127.0.0.1:50107',
      MONGODB_DATABASE: 'gateway',
      CITY_CODE: '371700',
      EXCHANGE_PORT: 3207,
      GATEWAY_TLS_CERT_FILE: '.cache/pki/371700/tls.crt',
      REGISTRY_GRPC_ADDRESS: '127.0.0.1:50101',
      EXCHANGE_CLOCK_SKEW_SECONDS: 300,
    });
  });

  it('names the variable and the rule of a bad value', () => {
    expect(() => loadGatewayConfig({ CITY_CODE: '371702' })).toThrow(/CITY_CODE: 须为6位城市代码/);
    expect(() => loadGatewayConfig({ EXCHANGE_CLOCK_SKEW_SECONDS: '1' })).toThrow(
      /EXCHANGE_CLOCK_SKEW_SECONDS/,
    );
    expect(() => loadGatewayConfig({ COMPARISON_TASK_DUE_DAYS: '0' })).toThrow(/COMPARISON_TASK_DUE_DAYS/);
  });

  it('needs its addresses, keys and certificates in production and refuses a topic suffix there', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(/GATEWAY_TLS_CERT_FILE: 必填/);
    const env = {
      NODE_ENV: 'production',
      HTTP_PORT: '3107',
      GRPC_BIND_ADDRESS: '0.0.0.0:50107',
      MONGODB_URI: 'mongodb://db:27017/',
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
      KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
      KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
      OTEL_TRACES_EXPORTER: 'none',
      PERSONAL_DATA_KEYS: `1:${'ab'.repeat(16)}:${'cd'.repeat(32)}`,
      BLIND_INDEX_KEY: 'ef'.repeat(32),
      AUDIT_CHAIN_KEY: '12'.repeat(32),
      GATEWAY_TLS_CERT_FILE: '/run/secrets/tls.crt',
      GATEWAY_TLS_KEY_FILE: '/run/secrets/tls.key',
      GATEWAY_TLS_CA_FILE: '/run/secrets/ca.crt',
      GATEWAY_SIGNING_KEY_FILE: '/run/secrets/signing.json',
      GATEWAY_PEERS_FILE: '/etc/gateway/peers.json',
      GATEWAY_PAIR_KEYS_FILE: '/run/secrets/pair-keys.json',
      REGISTRY_GRPC_ADDRESS: 'registry:50101',
    };
    expect(() => loadGatewayConfig(env)).not.toThrow();
    expect(() => loadGatewayConfig({ ...env, EVENT_TOPIC_SUFFIX: 'x' })).toThrow(/EVENT_TOPIC_SUFFIX/);
    // The public development chain key is refused where the message log is keyed (at boot).
    expect(() =>
      auditChainKeyFromConfig({
        NODE_ENV: 'production',
        AUDIT_CHAIN_KEY: loadGatewayConfig({}).AUDIT_CHAIN_KEY,
      }),
    ).toThrow(/public|公开/i);
  });
});
