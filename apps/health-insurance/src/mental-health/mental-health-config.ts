import { z } from 'zod';
import { keyedIntegers } from '@care/config';
import {
  DEFAULT_MENTAL_HEALTH_DUE_DAYS,
  DEFAULT_MENTAL_HEALTH_RULES,
  OPEN_MENTAL_HEALTH_STATES,
  type MentalHealthDueDays,
  type MentalHealthRules,
} from '@care/health-rules';

/** `referred=7,follow-up=14` -> the default days with those states replaced. */
const dueDaysByState = keyedIntegers({
  keys: OPEN_MENTAL_HEALTH_STATES,
  defaults: DEFAULT_MENTAL_HEALTH_DUE_DAYS,
  min: 1,
  max: 3650,
  keyLabel: '状态',
  valueLabel: '天数',
}).transform((days) => days as MentalHealthDueDays);

/** The mental-health referral settings (spread into the app's config schema). */
export const mentalHealthConfig = {
  /** Days each open state may last before its next step is due (defaults in @care/health-rules). */
  MENTAL_HEALTH_DUE_DAYS: dueDaysByState,
  /** Follow-up visits (随访) needed before a referral may close. */
  MENTAL_HEALTH_FOLLOW_UPS_BEFORE_CLOSING: z.coerce
    .number()
    .int()
    .min(0)
    .max(12)
    .default(DEFAULT_MENTAL_HEALTH_RULES.followUpsBeforeClosing),
};

export interface MentalHealthSettings {
  readonly MENTAL_HEALTH_DUE_DAYS: MentalHealthDueDays;
  readonly MENTAL_HEALTH_FOLLOW_UPS_BEFORE_CLOSING: number;
}

export function mentalHealthRules(config: MentalHealthSettings): MentalHealthRules {
  return {
    dueDays: config.MENTAL_HEALTH_DUE_DAYS,
    followUpsBeforeClosing: config.MENTAL_HEALTH_FOLLOW_UPS_BEFORE_CLOSING,
  };
}
