import { z } from 'zod';
import { keyedIntegers } from '@care/config';
import {
  DEFAULT_GUARDIANSHIP_DUE_DAYS,
  DEFAULT_GUARDIANSHIP_RULES,
  OPEN_GUARDIANSHIP_STATES,
  type GuardianshipDueDays,
  type GuardianshipRules,
} from '@care/welfare-rules';

/** `follow-up=14,reported-to-police=2` -> the default days with those states replaced. */
const dueDaysByState = keyedIntegers({
  keys: OPEN_GUARDIANSHIP_STATES,
  defaults: DEFAULT_GUARDIANSHIP_DUE_DAYS,
  min: 1,
  max: 3650,
  keyLabel: '状态',
  valueLabel: '天数',
}).transform((days) => days as GuardianshipDueDays);

/** The guardianship-case settings (spread into the app's config schema). */
export const guardianshipConfig = {
  /** Days each open case state may last before its next step is due (defaults in @care/welfare-rules). */
  GUARDIANSHIP_DUE_DAYS: dueDaysByState,
  /** Follow-up visits (回访) needed before a case may close. */
  GUARDIANSHIP_FOLLOW_UPS_BEFORE_CLOSING: z.coerce
    .number()
    .int()
    .min(0)
    .max(12)
    .default(DEFAULT_GUARDIANSHIP_RULES.followUpsBeforeClosing),
};

export interface GuardianshipSettings {
  readonly GUARDIANSHIP_DUE_DAYS: GuardianshipDueDays;
  readonly GUARDIANSHIP_FOLLOW_UPS_BEFORE_CLOSING: number;
}

export function guardianshipRules(config: GuardianshipSettings): GuardianshipRules {
  return {
    dueDays: config.GUARDIANSHIP_DUE_DAYS,
    followUpsBeforeClosing: config.GUARDIANSHIP_FOLLOW_UPS_BEFORE_CLOSING,
  };
}
