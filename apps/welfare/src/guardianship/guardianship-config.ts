import { z } from 'zod';
import {
  DEFAULT_GUARDIANSHIP_DUE_DAYS,
  DEFAULT_GUARDIANSHIP_RULES,
  OPEN_GUARDIANSHIP_STATES,
  type GuardianshipDueDays,
  type GuardianshipRules,
  type OpenGuardianshipState,
} from '@care/welfare-rules';

/** `follow-up=14,reported-to-police=2` -> the default days with those states replaced. */
const dueDaysByState = z
  .string()
  .default('')
  .transform((raw, ctx): GuardianshipDueDays => {
    const out: Record<OpenGuardianshipState, number> = { ...DEFAULT_GUARDIANSHIP_DUE_DAYS };
    for (const part of raw
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const [state, days] = part.split('=').map((p) => p.trim());
      const n = Number(days);
      if (
        !(OPEN_GUARDIANSHIP_STATES as readonly string[]).includes(state ?? '') ||
        !Number.isInteger(n) ||
        n < 1 ||
        n > 3650
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `须为 状态=天数(1-3650)，以逗号分隔，状态为 ${OPEN_GUARDIANSHIP_STATES.join('、')} 之一，实为 ${part} / must be state=days`,
        });
        return z.NEVER;
      }
      out[state as OpenGuardianshipState] = n;
    }
    return out;
  });

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
