import { z } from 'zod';
import { ITEM_CODE_PATTERN } from '@care/catalogue';
import { DEFAULT_CONTRACT_POLICY, MAX_TERM_MONTHS, type ContractPolicy } from '@care/health-rules';
import { consumerGroupConfig } from '@care/service-kit';

const days = (max: number, fallback: number) =>
  z.coerce
    .number({ invalid_type_error: '须为整数（天） / must be a number of days' })
    .int('须为整数（天） / must be whole days')
    .min(0, '不能小于0 / must be at least 0')
    .max(max, `不能大于${max} / at most ${max}`)
    .default(fallback);

/** The 家庭医生签约 settings (spread into the app's config schema). */
export const familyDoctorConfig = {
  /**
   * The service-list item recorded as delivered when a child is signed (Heze list: HZ-06
   * 卫生健康服务 — "提供家庭医生签约服务、基本医疗服务、基本公共卫生服务").
   */
  FAMILY_DOCTOR_ITEM_CODE: z
    .string()
    .regex(ITEM_CODE_PATTERN, '须为服务项目编码（如 HZ-06、371702-01） / must be an item code')
    .default('HZ-06'),
  /** The term of a signing or renewal when none is asked for (一年一签). */
  FAMILY_DOCTOR_TERM_MONTHS: z.coerce
    .number({ invalid_type_error: '须为整数（月） / must be a number of months' })
    .int('须为整数（月） / must be whole months')
    .min(1, '不能小于1 / must be at least 1')
    .max(MAX_TERM_MONTHS, `不能大于${MAX_TERM_MONTHS} / at most ${MAX_TERM_MONTHS}`)
    .default(DEFAULT_CONTRACT_POLICY.termMonths),
  /** A contract may be renewed from this many days before its last day. */
  FAMILY_DOCTOR_RENEWAL_WINDOW_DAYS: days(365, DEFAULT_CONTRACT_POLICY.renewalWindowDays),
  /** A contract is 即将到期 within this many days of its last day (the expiring list's default). */
  FAMILY_DOCTOR_EXPIRING_DAYS: days(365, DEFAULT_CONTRACT_POLICY.expiringDays),
  /** The registry's move-outs, which end a contract in force ('moved-out'). */
  ...consumerGroupConfig('FAMILY_DOCTOR_MOVE_OUT_CONSUMER_GROUP', 'health-insurance.registry-move-out'),
};

export interface FamilyDoctorSettings {
  readonly FAMILY_DOCTOR_TERM_MONTHS: number;
  readonly FAMILY_DOCTOR_RENEWAL_WINDOW_DAYS: number;
  readonly FAMILY_DOCTOR_EXPIRING_DAYS: number;
}

export function contractPolicy(config: FamilyDoctorSettings): ContractPolicy {
  return {
    termMonths: config.FAMILY_DOCTOR_TERM_MONTHS,
    renewalWindowDays: config.FAMILY_DOCTOR_RENEWAL_WINDOW_DAYS,
    expiringDays: config.FAMILY_DOCTOR_EXPIRING_DAYS,
  };
}
