import { z } from 'zod';
import { ITEM_CODE_PATTERN } from '@care/catalogue';
import type { EnvSource } from '@care/config';
import { departmentConfig } from '@care/department-kit';
import {
  activeKeyVersionProblems,
  auditChainKeyConfig,
  loadServiceConfig,
  sealingKeysConfig,
  serviceKitConfig,
} from '@care/service-kit';
import { childHealthConfig } from './child-health/child-health-config';
import { familyDoctorConfig } from './family-doctor/family-doctor-config';
import { mentalHealthConfig } from './mental-health/mental-health-config';
import { severeMentalDisorderConfig } from './severe-mental-disorder/severe-mental-disorder-config';

// DEV-ONLY (public, in the repository): refused in production like the kit's sealing keys.
const DEV_ONLY_AUDIT_CHAIN_KEY = '6d5c4b3a2918f7e66d5c4b3a2918f7e66d5c4b3a2918f7e66d5c4b3a2918f7e6';

export const healthInsuranceConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'health-insurance',
    httpPort: 3104,
    grpcBind: '127.0.0.1:50104',
    database: 'health_insurance',
  }),
  ...departmentConfig({ domain: 'health-insurance', departments: ['health', 'medical-insurance'] }),
  /**
   * The service-list item recorded as delivered when a child's immunisations are up to date
   * (Heze list: HZ-01 健康和托育（3岁以下）服务 — "按照国家免疫规划疫苗免疫程序提供接种服务").
   */
  IMMUNISATION_ITEM_CODE: z
    .string()
    .regex(ITEM_CODE_PATTERN, '须为服务项目编码（如 HZ-01、371702-01） / must be an item code')
    .default('HZ-01'),
  /** A dose recommended under 12 months is overdue (补种) when more than this many months past due. */
  IMMUNISATION_GRACE_MONTHS_INFANT: z.coerce
    .number({ invalid_type_error: '须为整数（月） / must be a number of months' })
    .int('须为整数（月） / must be whole months')
    .min(0, '不能小于0 / must be at least 0')
    .max(12, '不能大于12 / at most 12')
    .default(1),
  /** The same for the doses recommended from 12 months (18月龄, 2周岁, … 6周岁). */
  IMMUNISATION_GRACE_MONTHS_CHILD: z.coerce
    .number({ invalid_type_error: '须为整数（月） / must be a number of months' })
    .int('须为整数（月） / must be whole months')
    .min(0, '不能小于0 / must be at least 0')
    .max(24, '不能大于24 / at most 24')
    .default(3),
  /**
   * The service-list item recorded as delivered when a child is enrolled in the resident medical
   * insurance here or its 异地就医备案 is recorded (Heze list: HZ-07 医疗保障服务 — "做好儿童医疗保障
   * 相关工作，提供异地就医直接结算服务").
   */
  MEDICAL_INSURANCE_ITEM_CODE: z
    .string()
    .regex(ITEM_CODE_PATTERN, '须为服务项目编码（如 HZ-07、371702-01） / must be an item code')
    .default('HZ-07'),
  /** A 异地就医备案 is listed as expiring soon (即将到期) within this many days of its last valid day. */
  MEDICAL_INSURANCE_FILING_EXPIRING_DAYS: z.coerce
    .number({ invalid_type_error: '须为整数（天） / must be a number of days' })
    .int('须为整数（天） / must be whole days')
    .min(0, '不能小于0 / must be at least 0')
    .max(365, '不能大于365 / at most 365')
    .default(30),
  /** 心理健康转介 (seed §11): due days per state and follow-ups before closing. */
  ...mentalHealthConfig,
  /** 严重精神障碍患者管理: the item delivered, first follow-up and due-soon days, rehabilitation due days. */
  ...severeMentalDisorderConfig,
  /** 0～3岁儿童健康管理: the item delivered once a child is managed. */
  ...childHealthConfig,
  /** 家庭医生签约: the item delivered on signing, the term, the renewal window, expiring soon, the move-out consumer. */
  ...familyDoctorConfig,
  /** Keys sealing mental-health narratives and notes at rest (this service's own; required in production). */
  ...sealingKeysConfig,
  /** AUDIT_CHAIN_KEY: HMAC-SM3 key chaining this service's audit trail of mental-health reads. */
  ...auditChainKeyConfig(DEV_ONLY_AUDIT_CHAIN_KEY),
});

export type HealthInsuranceConfig = z.output<typeof healthInsuranceConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadHealthInsuranceConfig(env: EnvSource = process.env): HealthInsuranceConfig {
  return loadServiceConfig(healthInsuranceConfigSchema, env, [activeKeyVersionProblems]);
}
