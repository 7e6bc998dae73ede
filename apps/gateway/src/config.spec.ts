import { ConfigError } from '@care/config';
import { loadGatewayConfig } from './config';

describe('loadGatewayConfig', () => {
  it('starts on development defaults', () => {
    expect(loadGatewayConfig({})).toMatchObject({
      SERVICE_NAME: 'gateway',
      HTTP_PORT: 3107,
      GRPC_BIND_ADDRESS: '127.0.0.1:50107',
      MONGODB_DATABASE: 'gateway',
    });
  });

  it('needs its addresses in production and refuses a topic suffix there', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const env = {
      NODE_ENV: 'production',
      HTTP_PORT: '3107',
      GRPC_BIND_ADDRESS: '0.0.0.0:50107',
      MONGODB_URI: 'mongodb://db:27017/',
      KAFKA_BROKERS: 'kafka:9092',
      OTEL_TRACES_EXPORTER: 'none',
    };
    expect(() => loadGatewayConfig(env)).not.toThrow();
    expect(() => loadGatewayConfig({ ...env, EVENT_TOPIC_SUFFIX: 'x' })).toThrow(/EVENT_TOPIC_SUFFIX/);
  });
});
