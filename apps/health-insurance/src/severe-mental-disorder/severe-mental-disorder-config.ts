import { z } from 'zod';
import { ITEM_CODE_PATTERN } from '@care/catalogue';
import { keyedIntegers } from '@care/config';
import {
  DEFAULT_MANAGEMENT_RULES,
  DEFAULT_REHABILITATION_DUE_DAYS,
  REHABILITATION_DUE_STATES,
  type ManagementRules,
  type RehabilitationDueDays,
} from '@care/health-rules';

const days = (min: number, fallback: number) =>
  z.coerce
    .number({ invalid_type_error: '须为整数（天） / must be a number of days' })
    .int('须为整数（天） / must be whole days')
    .min(min, `不能小于${min} / must be at least ${min}`)
    .max(365, '不能大于365 / at most 365')
    .default(fallback);

/** The severe-mental-disorder settings (spread into the app's config schema). */
export const severeMentalDisorderConfig = {
  /**
   * The service-list item recorded as delivered at a managed patient's first follow-up (Heze
   * list: HZ-08 健康管理服务 — "按照国家基本公共卫生服务规范提供管理服务，提供精神障碍社区康复服务").
   */
  SEVERE_MENTAL_DISORDER_ITEM_CODE: z
    .string()
    .regex(ITEM_CODE_PATTERN, '须为服务项目编码（如 HZ-08、371702-08） / must be an item code')
    .default('HZ-08'),
  /** Days from the start of management to the first follow-up (not in the specification: a local choice). */
  SEVERE_MENTAL_DISORDER_FIRST_FOLLOW_UP_DAYS: days(1, DEFAULT_MANAGEMENT_RULES.firstFollowUpDays),
  /** A follow-up is listed as due (应随访) this many days before its date. */
  SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS: days(0, DEFAULT_MANAGEMENT_RULES.dueSoonDays),
  /** `referred=10,accepted=14`: days to the institution's acceptance and to the start of rehabilitation. */
  SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS: keyedIntegers({
    keys: REHABILITATION_DUE_STATES,
    defaults: DEFAULT_REHABILITATION_DUE_DAYS,
    min: 1,
    max: 365,
    keyLabel: '状态',
    valueLabel: '天数',
  }).transform((d) => d as RehabilitationDueDays),
};

export interface SevereMentalDisorderSettings {
  readonly SEVERE_MENTAL_DISORDER_ITEM_CODE: string;
  readonly SEVERE_MENTAL_DISORDER_FIRST_FOLLOW_UP_DAYS: number;
  readonly SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS: number;
  readonly SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS: RehabilitationDueDays;
}

export function managementRules(config: SevereMentalDisorderSettings): ManagementRules {
  return {
    firstFollowUpDays: config.SEVERE_MENTAL_DISORDER_FIRST_FOLLOW_UP_DAYS,
    dueSoonDays: config.SEVERE_MENTAL_DISORDER_DUE_SOON_DAYS,
  };
}
