import { ConfigError } from '@care/config';
import { loadHousingTransportConfig } from './config';

describe('loadHousingTransportConfig', () => {
  it('starts on development defaults', () => {
    expect(loadHousingTransportConfig({})).toMatchObject({
      SERVICE_NAME: 'housing-transport',
      HTTP_PORT: 3106,
      GRPC_BIND_ADDRESS: '127.0.0.1:50106',
      MONGODB_DATABASE: 'housing_transport',
      SERVICE_DEPARTMENTS: ['housing', 'transport'],
      FACTS_CONSUMER_GROUP: 'housing-transport.registry-facts',
      ENTITLEMENTS_CONSUMER_GROUP: 'housing-transport.entitlements',
      EDUCATION_GRPC_ADDRESS: '127.0.0.1:50103',
      EDUCATION_GRPC_DEADLINE_MS: 3000,
      BUS_CARD_STAGES: ['primary', 'junior-secondary', 'senior-secondary', 'secondary-vocational', 'special'],
      SCHOOLING_CONSUMER_GROUP: 'housing-transport.schooling',
      HOUSING_ITEM_CODE: 'HZ-11',
    });
    expect(loadHousingTransportConfig({}).HOUSING_POLICY_FILE).toBeUndefined();
  });

  it('names the variable and the rule of a bad value', () => {
    expect(() => loadHousingTransportConfig({ SERVICE_DEPARTMENTS: 'nowhere' })).toThrow(
      /SERVICE_DEPARTMENTS\.0: 须为责任部门编码之一/,
    );
    expect(() => loadHousingTransportConfig({ DELIVERY_DUE_DAYS_BY_ITEM: 'HZ-03=0' })).toThrow(
      /DELIVERY_DUE_DAYS_BY_ITEM/,
    );
    expect(() => loadHousingTransportConfig({ BUS_CARD_STAGES: 'primary,kindergarten' })).toThrow(
      /BUS_CARD_STAGES\.1: 须为学段编码之一/,
    );
    expect(() => loadHousingTransportConfig({ HOUSING_ITEM_CODE: 'housing' })).toThrow(/HOUSING_ITEM_CODE/);
    expect(() => loadHousingTransportConfig({ EDUCATION_GRPC_DEADLINE_MS: '10' })).toThrow(
      /EDUCATION_GRPC_DEADLINE_MS/,
    );
  });

  it('takes the stages a county serves', () => {
    expect(
      loadHousingTransportConfig({ BUS_CARD_STAGES: 'primary, junior-secondary' }).BUS_CARD_STAGES,
    ).toEqual(['primary', 'junior-secondary']);
  });

  it('needs its addresses in production and refuses a topic suffix there', () => {
    expect(() => loadHousingTransportConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const env = {
      NODE_ENV: 'production',
      HTTP_PORT: '3106',
      GRPC_BIND_ADDRESS: '0.0.0.0:50106',
      MONGODB_URI: 'mongodb://db:27017/',
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
      KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
      KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
      REGISTRY_GRPC_ADDRESS: 'registry:50101',
      EDUCATION_GRPC_ADDRESS: 'education:50051',
      HOUSING_POLICY_FILE: '/etc/care/housing-policies.json',
      OTEL_TRACES_EXPORTER: 'none',
    };
    expect(() => loadHousingTransportConfig(env)).not.toThrow();
    const { EDUCATION_GRPC_ADDRESS: _education, ...withoutEducation } = env;
    expect(() => loadHousingTransportConfig(withoutEducation)).toThrow(/EDUCATION_GRPC_ADDRESS/);
    const { HOUSING_POLICY_FILE: _file, ...onDemoData } = env;
    expect(() => loadHousingTransportConfig(onDemoData)).toThrow(/HOUSING_POLICY_FILE: 生产环境必填/);
    expect(() => loadHousingTransportConfig({ ...env, EVENT_TOPIC_SUFFIX: 'x' })).toThrow(
      /EVENT_TOPIC_SUFFIX/,
    );
  });
});
