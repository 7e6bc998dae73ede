import { ConfigError } from '@care/config';
import { loadWelfareConfig } from './config';

describe('loadWelfareConfig', () => {
  it('starts on development defaults', () => {
    expect(loadWelfareConfig({})).toMatchObject({
      SERVICE_NAME: 'welfare',
      HTTP_PORT: 3105,
      GRPC_BIND_ADDRESS: '127.0.0.1:50105',
      MONGODB_DATABASE: 'welfare',
      SERVICE_DEPARTMENTS: ['civil-affairs', 'disabled-persons-federation'],
      FACTS_CONSUMER_GROUP: 'welfare.registry-facts',
      ENTITLEMENTS_CONSUMER_GROUP: 'welfare.entitlements',
      MOVE_OUT_CONSUMER_GROUP: 'welfare.registry-move-out',
    });
  });

  it('names the variable and the rule of a bad value', () => {
    expect(() => loadWelfareConfig({ SERVICE_DEPARTMENTS: 'nowhere' })).toThrow(
      /SERVICE_DEPARTMENTS\.0: 须为责任部门编码之一/,
    );
    expect(() => loadWelfareConfig({ DELIVERY_DUE_DAYS_BY_ITEM: 'HZ-03=0' })).toThrow(
      /DELIVERY_DUE_DAYS_BY_ITEM/,
    );
  });

  it('needs its addresses in production and refuses a topic suffix there', () => {
    expect(() => loadWelfareConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const env = {
      NODE_ENV: 'production',
      HTTP_PORT: '3105',
      GRPC_BIND_ADDRESS: '0.0.0.0:50105',
      MONGODB_URI: 'mongodb://db:27017/',
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
      KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
      KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
      REGISTRY_GRPC_ADDRESS: 'registry:50101',
      OTEL_TRACES_EXPORTER: 'none',
      PERSONAL_DATA_KEYS: `1:${'ab'.repeat(16)}:${'cd'.repeat(32)}`,
      BLIND_INDEX_KEY: 'ef'.repeat(32),
      AUDIT_CHAIN_KEY: '12'.repeat(32),
    };
    expect(() => loadWelfareConfig(env)).not.toThrow();
    const { PERSONAL_DATA_KEYS: _keys, ...withoutKeys } = env;
    expect(() => loadWelfareConfig(withoutKeys)).toThrow(/PERSONAL_DATA_KEYS/);
    expect(() => loadWelfareConfig({ ...env, EVENT_TOPIC_SUFFIX: 'x' })).toThrow(/EVENT_TOPIC_SUFFIX/);
  });

  it('takes guardianship due days per state over the defaults, and refuses a bad entry', () => {
    const config = loadWelfareConfig({ GUARDIANSHIP_DUE_DAYS: 'follow-up=14, reported-to-police=2' });
    expect(config.GUARDIANSHIP_DUE_DAYS).toMatchObject({
      'follow-up': 14,
      'reported-to-police': 2,
      reported: 3,
    });
    expect(loadWelfareConfig({}).GUARDIANSHIP_FOLLOW_UPS_BEFORE_CLOSING).toBe(1);
    expect(() => loadWelfareConfig({ GUARDIANSHIP_DUE_DAYS: 'closed=3' })).toThrow(/GUARDIANSHIP_DUE_DAYS/);
    expect(() => loadWelfareConfig({ GUARDIANSHIP_DUE_DAYS: 'follow-up=0' })).toThrow(
      /GUARDIANSHIP_DUE_DAYS/,
    );
    expect(() => loadWelfareConfig({ GUARDIANSHIP_FOLLOW_UPS_BEFORE_CLOSING: '-1' })).toThrow(
      /GUARDIANSHIP_FOLLOW_UPS_BEFORE_CLOSING/,
    );
  });

  it('takes assistance due days per state over the defaults, and refuses a bad entry', () => {
    const config = loadWelfareConfig({ ASSISTANCE_DUE_DAYS: 'awaiting-hukou-city=10, submitted=3' });
    expect(config.ASSISTANCE_DUE_DAYS).toEqual({
      submitted: 3,
      'awaiting-hukou-city': 10,
      'under-review': 30,
      suspended: 90,
    });
    expect(() => loadWelfareConfig({ ASSISTANCE_DUE_DAYS: 'approved=3' })).toThrow(/ASSISTANCE_DUE_DAYS/);
    expect(() => loadWelfareConfig({ ASSISTANCE_DUE_DAYS: 'submitted=0' })).toThrow(/ASSISTANCE_DUE_DAYS/);
    expect(() => loadWelfareConfig({ ASSISTANCE_DUE_DAYS: 'submitted' })).toThrow(/ASSISTANCE_DUE_DAYS/);
  });
});
