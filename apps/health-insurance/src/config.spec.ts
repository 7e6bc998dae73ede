import { hezeBasicList } from '@care/catalogue';
import { ConfigError } from '@care/config';
import { KeyringError } from '@care/crypto';
import { auditChainKeyFromConfig, keyringFromConfig } from '@care/service-kit';
import { loadHealthInsuranceConfig } from './config';

describe('loadHealthInsuranceConfig', () => {
  it('starts on development defaults', () => {
    expect(loadHealthInsuranceConfig({})).toMatchObject({
      SERVICE_NAME: 'health-insurance',
      HTTP_PORT: 3104,
      GRPC_BIND_ADDRESS: '127.0.0.1:50104',
      MONGODB_DATABASE: 'health_insurance',
      SERVICE_DEPARTMENTS: ['health', 'medical-insurance'],
      FACTS_CONSUMER_GROUP: 'health-insurance.registry-facts',
      ENTITLEMENTS_CONSUMER_GROUP: 'health-insurance.entitlements',
      IMMUNISATION_ITEM_CODE: 'HZ-01',
      IMMUNISATION_GRACE_MONTHS_INFANT: 1,
      IMMUNISATION_GRACE_MONTHS_CHILD: 3,
      MEDICAL_INSURANCE_ITEM_CODE: 'HZ-07',
      MEDICAL_INSURANCE_FILING_EXPIRING_DAYS: 30,
    });
  });

  it('defaults to the Heze list item of medical insurance (医疗保障服务, 医保局)', () => {
    const item = hezeBasicList().items.find(
      (i) => i.code === loadHealthInsuranceConfig({}).MEDICAL_INSURANCE_ITEM_CODE,
    );
    expect(item).toMatchObject({ name: '医疗保障服务', departments: ['medical-insurance'] });
    expect(item?.content).toContain('异地就医直接结算');
  });

  it('takes the medical-insurance item and the expiring-soon days from the environment', () => {
    expect(
      loadHealthInsuranceConfig({
        MEDICAL_INSURANCE_ITEM_CODE: '371702-07',
        MEDICAL_INSURANCE_FILING_EXPIRING_DAYS: '60',
      }),
    ).toMatchObject({ MEDICAL_INSURANCE_ITEM_CODE: '371702-07', MEDICAL_INSURANCE_FILING_EXPIRING_DAYS: 60 });
  });

  it('takes the immunisation item and graces from the environment', () => {
    expect(
      loadHealthInsuranceConfig({
        IMMUNISATION_ITEM_CODE: '371702-05',
        IMMUNISATION_GRACE_MONTHS_INFANT: '0',
        IMMUNISATION_GRACE_MONTHS_CHILD: '6',
      }),
    ).toMatchObject({
      IMMUNISATION_ITEM_CODE: '371702-05',
      IMMUNISATION_GRACE_MONTHS_INFANT: 0,
      IMMUNISATION_GRACE_MONTHS_CHILD: 6,
    });
  });

  it.each([
    ['IMMUNISATION_ITEM_CODE', '预防接种', /IMMUNISATION_ITEM_CODE: 须为服务项目编码/],
    ['IMMUNISATION_GRACE_MONTHS_INFANT', '-1', /IMMUNISATION_GRACE_MONTHS_INFANT: 不能小于0/],
    ['IMMUNISATION_GRACE_MONTHS_INFANT', '13', /IMMUNISATION_GRACE_MONTHS_INFANT: 不能大于12/],
    ['IMMUNISATION_GRACE_MONTHS_CHILD', '1.5', /IMMUNISATION_GRACE_MONTHS_CHILD: 须为整数/],
    ['IMMUNISATION_GRACE_MONTHS_CHILD', 'soon', /IMMUNISATION_GRACE_MONTHS_CHILD/],
    ['MEDICAL_INSURANCE_ITEM_CODE', '医疗保障', /MEDICAL_INSURANCE_ITEM_CODE: 须为服务项目编码/],
    ['MEDICAL_INSURANCE_ITEM_CODE', 'hz-7', /MEDICAL_INSURANCE_ITEM_CODE: 须为服务项目编码/],
    ['MEDICAL_INSURANCE_FILING_EXPIRING_DAYS', '-1', /MEDICAL_INSURANCE_FILING_EXPIRING_DAYS: 不能小于0/],
    ['MEDICAL_INSURANCE_FILING_EXPIRING_DAYS', '366', /MEDICAL_INSURANCE_FILING_EXPIRING_DAYS: 不能大于365/],
    ['MEDICAL_INSURANCE_FILING_EXPIRING_DAYS', '7.5', /MEDICAL_INSURANCE_FILING_EXPIRING_DAYS: 须为整数/],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadHealthInsuranceConfig({ [name]: value })).toThrow(message);
  });

  it('names the variable and the rule of a bad value', () => {
    expect(() => loadHealthInsuranceConfig({ SERVICE_DEPARTMENTS: 'nowhere' })).toThrow(
      /SERVICE_DEPARTMENTS\.0: 须为责任部门编码之一/,
    );
    expect(() => loadHealthInsuranceConfig({ DELIVERY_DUE_DAYS_BY_ITEM: 'HZ-03=0' })).toThrow(
      /DELIVERY_DUE_DAYS_BY_ITEM/,
    );
  });

  it('needs its addresses in production and refuses a topic suffix there', () => {
    expect(() => loadHealthInsuranceConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const env = {
      NODE_ENV: 'production',
      HTTP_PORT: '3104',
      GRPC_BIND_ADDRESS: '0.0.0.0:50104',
      MONGODB_URI: 'mongodb://db:27017/',
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
      KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
      KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
      REGISTRY_GRPC_ADDRESS: 'registry:50101',
      OTEL_TRACES_EXPORTER: 'none',
      // The mental-health records' sealing keys and audit chain key: no defaults in production.
      PERSONAL_DATA_KEYS: `1:${'11'.repeat(16)}:${'12'.repeat(32)}`,
      BLIND_INDEX_KEY: '13'.repeat(32),
      AUDIT_CHAIN_KEY: '14'.repeat(32),
    };
    expect(() => loadHealthInsuranceConfig(env)).not.toThrow();
    const { AUDIT_CHAIN_KEY: _absent, ...withoutChainKey } = env;
    expect(() => loadHealthInsuranceConfig(withoutChainKey)).toThrow(/AUDIT_CHAIN_KEY/);
    expect(() => loadHealthInsuranceConfig({ ...env, EVENT_TOPIC_SUFFIX: 'x' })).toThrow(
      /EVENT_TOPIC_SUFFIX/,
    );
  });

  it('defaults to the Heze items of 0～3岁 health management (HZ-01) and family doctors (HZ-06)', () => {
    const config = loadHealthInsuranceConfig({});
    expect(config).toMatchObject({
      CHILD_HEALTH_ITEM_CODE: 'HZ-01',
      FAMILY_DOCTOR_ITEM_CODE: 'HZ-06',
      FAMILY_DOCTOR_TERM_MONTHS: 12,
      FAMILY_DOCTOR_RENEWAL_WINDOW_DAYS: 60,
      FAMILY_DOCTOR_EXPIRING_DAYS: 30,
      FAMILY_DOCTOR_MOVE_OUT_CONSUMER_GROUP: 'health-insurance.registry-move-out',
    });
    const items = hezeBasicList().items;
    expect(items.find((i) => i.code === config.CHILD_HEALTH_ITEM_CODE)?.content).toContain(
      '按照国家基本公共卫生服务规范提供健康管理服务',
    );
    expect(items.find((i) => i.code === config.FAMILY_DOCTOR_ITEM_CODE)).toMatchObject({
      name: '卫生健康服务',
      departments: ['health'],
    });
    expect(items.find((i) => i.code === config.FAMILY_DOCTOR_ITEM_CODE)?.content).toContain(
      '家庭医生签约服务',
    );
  });

  it('takes the child-health and family-doctor settings from the environment', () => {
    expect(
      loadHealthInsuranceConfig({
        CHILD_HEALTH_ITEM_CODE: '371702-01',
        FAMILY_DOCTOR_ITEM_CODE: '371702-06',
        FAMILY_DOCTOR_TERM_MONTHS: '24',
        FAMILY_DOCTOR_RENEWAL_WINDOW_DAYS: '90',
        FAMILY_DOCTOR_EXPIRING_DAYS: '0',
      }),
    ).toMatchObject({
      CHILD_HEALTH_ITEM_CODE: '371702-01',
      FAMILY_DOCTOR_ITEM_CODE: '371702-06',
      FAMILY_DOCTOR_TERM_MONTHS: 24,
      FAMILY_DOCTOR_RENEWAL_WINDOW_DAYS: 90,
      FAMILY_DOCTOR_EXPIRING_DAYS: 0,
    });
  });

  it.each([
    ['CHILD_HEALTH_ITEM_CODE', '健康管理', /CHILD_HEALTH_ITEM_CODE: 须为服务项目编码/],
    ['FAMILY_DOCTOR_ITEM_CODE', 'HZ6', /FAMILY_DOCTOR_ITEM_CODE: 须为服务项目编码/],
    ['FAMILY_DOCTOR_TERM_MONTHS', '0', /FAMILY_DOCTOR_TERM_MONTHS: 不能小于1/],
    ['FAMILY_DOCTOR_TERM_MONTHS', '37', /FAMILY_DOCTOR_TERM_MONTHS: 不能大于36/],
    ['FAMILY_DOCTOR_TERM_MONTHS', '12.5', /FAMILY_DOCTOR_TERM_MONTHS: 须为整数/],
    ['FAMILY_DOCTOR_RENEWAL_WINDOW_DAYS', '-1', /FAMILY_DOCTOR_RENEWAL_WINDOW_DAYS: 不能小于0/],
    ['FAMILY_DOCTOR_EXPIRING_DAYS', '366', /FAMILY_DOCTOR_EXPIRING_DAYS: 不能大于365/],
    ['FAMILY_DOCTOR_MOVE_OUT_CONSUMER_GROUP', 'a group', /FAMILY_DOCTOR_MOVE_OUT_CONSUMER_GROUP/],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadHealthInsuranceConfig({ [name]: value })).toThrow(message);
  });

  it('has the mental-health due days and sealing/audit keys, refusing the public ones in production', () => {
    const dev = loadHealthInsuranceConfig({});
    expect(dev.MENTAL_HEALTH_DUE_DAYS).toMatchObject({ reported: 3, referred: 14, 'follow-up': 30 });
    expect(dev.MENTAL_HEALTH_FOLLOW_UPS_BEFORE_CLOSING).toBe(1);
    expect(
      loadHealthInsuranceConfig({ MENTAL_HEALTH_DUE_DAYS: 'referred=7' }).MENTAL_HEALTH_DUE_DAYS.referred,
    ).toBe(7);
    expect(() => loadHealthInsuranceConfig({ MENTAL_HEALTH_DUE_DAYS: 'closed=7' })).toThrow(
      /MENTAL_HEALTH_DUE_DAYS/,
    );
    expect(auditChainKeyFromConfig(dev)).toHaveLength(32);
    expect(() => auditChainKeyFromConfig({ ...dev, NODE_ENV: 'production' })).toThrow(KeyringError);
    expect(() => keyringFromConfig({ ...dev, NODE_ENV: 'production' })).toThrow(KeyringError);
  });
  it('has the severe-mental-disorder item, follow-up days and rehabilitation due days', () => {
    const dev = loadHealthInsuranceConfig({});
    expect(dev).toMatchObject({
      SEVERE_MENTAL_DISORDER_ITEM_CODE: 'HZ-08',
      SEVERE_MENTAL_DISORDER_FIRST_FOLLOW_UP_DAYS: 14,
      SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS: 7,
      SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS: { referred: 10, accepted: 14 },
    });
    const item = hezeBasicList().items.find((i) => i.code === dev.SEVERE_MENTAL_DISORDER_ITEM_CODE);
    expect(item).toMatchObject({ name: '健康管理服务', departments: ['health', 'civil-affairs'] });
    expect(
      loadHealthInsuranceConfig({
        SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS: '0',
        SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS: 'accepted=30',
      }),
    ).toMatchObject({
      SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS: 0,
      SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS: { referred: 10, accepted: 30 },
    });
  });

  it.each([
    ['SEVERE_MENTAL_DISORDER_ITEM_CODE', '健康管理', /SEVERE_MENTAL_DISORDER_ITEM_CODE: 须为服务项目编码/],
    [
      'SEVERE_MENTAL_DISORDER_FIRST_FOLLOW_UP_DAYS',
      '0',
      /SEVERE_MENTAL_DISORDER_FIRST_FOLLOW_UP_DAYS: 不能小于1/,
    ],
    ['SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS', '2.5', /SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS: 须为整数/],
    [
      'SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS',
      'ended=5',
      /SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS/,
    ],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadHealthInsuranceConfig({ [name]: value })).toThrow(message);
  });
});
