import { ConfigError } from '@care/config';
import { loadMonitoringConfig } from './config';

describe('loadMonitoringConfig', () => {
  it('starts on development defaults', () => {
    expect(loadMonitoringConfig({})).toMatchObject({
      SERVICE_NAME: 'monitoring',
      HTTP_PORT: 3108,
      GRPC_BIND_ADDRESS: '127.0.0.1:50108',
      MONGODB_DATABASE: 'monitoring',
    });
  });

  it('needs its addresses in production and refuses a topic suffix there', () => {
    expect(() => loadMonitoringConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const env = {
      NODE_ENV: 'production',
      HTTP_PORT: '3108',
      GRPC_BIND_ADDRESS: '0.0.0.0:50108',
      MONGODB_URI: 'mongodb://db:27017/',
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
      KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
      KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
      OTEL_TRACES_EXPORTER: 'none',
    };
    expect(() => loadMonitoringConfig(env)).not.toThrow();
    expect(() => loadMonitoringConfig({ ...env, EVENT_TOPIC_SUFFIX: 'x' })).toThrow(/EVENT_TOPIC_SUFFIX/);
  });
});
