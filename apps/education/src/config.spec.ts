import { ConfigError } from '@care/config';
import { loadEducationConfig } from './config';

describe('loadEducationConfig', () => {
  it('starts on development defaults', () => {
    expect(loadEducationConfig({})).toMatchObject({
      SERVICE_NAME: 'education',
      HTTP_PORT: 3103,
      GRPC_BIND_ADDRESS: '127.0.0.1:50103',
      MONGODB_DATABASE: 'education',
      SERVICE_DEPARTMENTS: ['education-sports'],
      FACTS_CONSUMER_GROUP: 'education.registry-facts',
      ENTITLEMENTS_CONSUMER_GROUP: 'education.entitlements',
    });
  });

  it('maps each stage to the item its enrolment delivers, configurably', () => {
    expect(loadEducationConfig({}).ENROLMENT_DELIVERS_ITEMS).toEqual({
      preschool: 'HZ-02',
      primary: 'HZ-03',
      'junior-secondary': 'HZ-03',
      special: 'HZ-03',
      'senior-secondary': 'HZ-04',
      'secondary-vocational': 'HZ-05',
    });
    expect(
      loadEducationConfig({ ENROLMENT_DELIVERS_ITEMS: 'primary=371702-01' }).ENROLMENT_DELIVERS_ITEMS,
    ).toEqual({
      primary: '371702-01',
    });
    expect(() => loadEducationConfig({ ENROLMENT_DELIVERS_ITEMS: 'kindergarten=HZ-02' })).toThrow(
      /ENROLMENT_DELIVERS_ITEMS: 须为 学段=项目编码/,
    );
    expect(loadEducationConfig({}).MOVE_OUT_CONSUMER_GROUP).toBe('education.registry-move-out');
  });

  it('names the variable and the rule of a bad value', () => {
    expect(() => loadEducationConfig({ SERVICE_DEPARTMENTS: 'nowhere' })).toThrow(
      /SERVICE_DEPARTMENTS\.0: 须为责任部门编码之一/,
    );
    expect(() => loadEducationConfig({ DELIVERY_DUE_DAYS_BY_ITEM: 'HZ-03=0' })).toThrow(
      /DELIVERY_DUE_DAYS_BY_ITEM/,
    );
  });

  it('needs its addresses in production and refuses a topic suffix there', () => {
    expect(() => loadEducationConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const env = {
      NODE_ENV: 'production',
      HTTP_PORT: '3103',
      GRPC_BIND_ADDRESS: '0.0.0.0:50103',
      MONGODB_URI: 'mongodb://db:27017/',
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
      KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
      KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
      REGISTRY_GRPC_ADDRESS: 'registry:50101',
      OTEL_TRACES_EXPORTER: 'none',
    };
    expect(() => loadEducationConfig(env)).not.toThrow();
    const { REGISTRY_GRPC_ADDRESS: _registry, ...withoutRegistry } = env;
    expect(() => loadEducationConfig(withoutRegistry)).toThrow(/REGISTRY_GRPC_ADDRESS/);
    expect(() => loadEducationConfig({ ...env, EVENT_TOPIC_SUFFIX: 'x' })).toThrow(/EVENT_TOPIC_SUFFIX/);
  });
});
