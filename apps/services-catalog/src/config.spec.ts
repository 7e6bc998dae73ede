import { ConfigError } from '@care/config';
import { loadServicesCatalogConfig } from './config';

describe('loadServicesCatalogConfig', () => {
  it('starts with development defaults and nothing set', () => {
    expect(loadServicesCatalogConfig({})).toMatchObject({
      SERVICE_NAME: 'services-catalog',
      HTTP_PORT: 3102,
      GRPC_BIND_ADDRESS: '127.0.0.1:50102',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/',
      MONGODB_DATABASE: 'services_catalog',
      KAFKA_BROKERS: ['127.0.0.1:19092'],
      CITY_CODE: '371700',
      EVENT_TOPIC_SUFFIX: '',
      REGISTRY_CONSUMER_GROUP: 'services-catalog.registry-facts',
    });
  });

  it("accepts the platform scripts' aliases GRPC_URL and MONGODB_DB", () => {
    expect(
      loadServicesCatalogConfig({ GRPC_URL: '127.0.0.1:39202', MONGODB_DB: 'smoke_services_catalog' }),
    ).toMatchObject({
      GRPC_BIND_ADDRESS: '127.0.0.1:39202',
      MONGODB_DATABASE: 'smoke_services_catalog',
    });
  });

  it('refuses a topic suffix in production', () => {
    const env = {
      NODE_ENV: 'production',
      HTTP_PORT: '3102',
      GRPC_BIND_ADDRESS: '0.0.0.0:50102',
      MONGODB_URI: 'mongodb://db:27017/',
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
      KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
      KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
      OTEL_TRACES_EXPORTER: 'none',
      EVENT_TOPIC_SUFFIX: 'x',
    };
    expect(() => loadServicesCatalogConfig(env)).toThrow(ConfigError);
    expect(() => loadServicesCatalogConfig({ ...env, EVENT_TOPIC_SUFFIX: '' })).not.toThrow();
  });

  it('names the variable and the rule when a value is bad', () => {
    expect(() => loadServicesCatalogConfig({ HTTP_PORT: 'abc' })).toThrow(/HTTP_PORT/);
  });
});
