import { keyedIntegers } from '@care/config';
import { consumerGroupConfig } from '@care/service-kit';
import {
  DEFAULT_ASSISTANCE_DUE_DAYS,
  DUE_ASSISTANCE_STATES,
  type AssistanceDueDays,
  type AssistanceRules,
} from '@care/welfare-rules';

/** `awaiting-hukou-city=10,submitted=3` -> the default days with those states replaced. */
const dueDaysByState = keyedIntegers({
  keys: DUE_ASSISTANCE_STATES,
  defaults: DEFAULT_ASSISTANCE_DUE_DAYS,
  min: 1,
  max: 3650,
  keyLabel: '状态',
  valueLabel: '天数',
}).transform((days) => days as AssistanceDueDays);

/** The social-assistance application settings (spread into the app's config schema). */
export const assistanceConfig = {
  /** Days an application may stay in each state with a due date (defaults in @care/welfare-rules). */
  ASSISTANCE_DUE_DAYS: dueDaysByState,
  /** The consumer group ending applications on the registry's ChildMovedOut. */
  ...consumerGroupConfig('MOVE_OUT_CONSUMER_GROUP', 'welfare.registry-move-out'),
};

export interface AssistanceSettings {
  readonly ASSISTANCE_DUE_DAYS: AssistanceDueDays;
}

export function assistanceRules(config: AssistanceSettings): AssistanceRules {
  return { dueDays: config.ASSISTANCE_DUE_DAYS };
}
