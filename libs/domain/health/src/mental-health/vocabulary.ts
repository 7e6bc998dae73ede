// The mental-health referral path (心理健康转介, seed §11): "畅通家庭、学校、社区、12355青少年服务台、
// 社会心理服务机构等与医疗卫生机构之间预防转介干预就医通道".

/** Who raised the concern (发现来源). */
export const MENTAL_HEALTH_SOURCES = [
  'school',
  'community',
  'family',
  'youth-hotline',
  'social-psychological-service',
] as const;
export type MentalHealthSource = (typeof MENTAL_HEALTH_SOURCES)[number];

export const MENTAL_HEALTH_SOURCE_LABELS: Readonly<Record<MentalHealthSource, string>> = {
  school: '学校',
  community: '社区（村）',
  family: '家庭',
  'youth-hotline': '12355青少年服务台',
  'social-psychological-service': '社会心理服务机构',
};

export const MENTAL_HEALTH_STATES = [
  'reported',
  'referred',
  'intervention',
  'medical-care',
  'follow-up',
  'closed',
] as const;
export type MentalHealthState = (typeof MENTAL_HEALTH_STATES)[number];
export type OpenMentalHealthState = Exclude<MentalHealthState, 'closed'>;
export const OPEN_MENTAL_HEALTH_STATES = MENTAL_HEALTH_STATES.filter(
  (s): s is OpenMentalHealthState => s !== 'closed',
);

export const MENTAL_HEALTH_STATE_LABELS: Readonly<Record<MentalHealthState, string>> = {
  reported: '已报告，待转介',
  referred: '已转介，待评估',
  intervention: '心理干预中',
  'medical-care': '就医（严重精神障碍管理）',
  'follow-up': '随访中',
  closed: '已结案',
};

export const MENTAL_HEALTH_OUTCOMES = ['resolved', 'no-need'] as const;
export type MentalHealthOutcome = (typeof MENTAL_HEALTH_OUTCOMES)[number];
export const MENTAL_HEALTH_OUTCOME_LABELS: Readonly<Record<MentalHealthOutcome, string>> = {
  resolved: '随访后结案',
  'no-need': '经评估无需干预',
};

export function isMentalHealthSource(value: unknown): value is MentalHealthSource {
  return typeof value === 'string' && (MENTAL_HEALTH_SOURCES as readonly string[]).includes(value);
}
