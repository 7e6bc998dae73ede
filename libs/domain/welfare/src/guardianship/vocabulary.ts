/**
 * The vocabulary of a guardianship case (监护缺失/监护不力 处置), seed §10 and §9: the states a
 * case passes through, the parties that act on it, and how a closed case ended. Ids are stable
 * (stored and sent); the Chinese labels are what users read.
 */

/** Where a case stands. Every state but `closed` has a due date (due-dates.ts). */
export const GUARDIANSHIP_STATES = [
  'reported', // 已发现，待村（居）民委员会劝诫、制止
  'reported-to-police', // 已报告公安机关，待受理
  'admonition-pending', // 公安机关等已受理或办案中发现，待训诫
  'family-education-guidance', // 已责令接受家庭教育指导
  'follow-up', // 回访中
  'temporary-guardianship', // 未成年人救助保护机构临时监护中
  'long-term-guardianship', // 儿童福利机构长期监护中
  'closed', // 已结案
] as const;

export type GuardianshipState = (typeof GUARDIANSHIP_STATES)[number];
export type OpenGuardianshipState = Exclude<GuardianshipState, 'closed'>;

export const OPEN_GUARDIANSHIP_STATES: readonly OpenGuardianshipState[] = GUARDIANSHIP_STATES.filter(
  (s): s is OpenGuardianshipState => s !== 'closed',
);

export const GUARDIANSHIP_STATE_LABELS: Readonly<Record<GuardianshipState, string>> = {
  reported: '待劝诫、制止',
  'reported-to-police': '已报告公安机关，待受理',
  'admonition-pending': '待训诫',
  'family-education-guidance': '家庭教育指导中',
  'follow-up': '回访中',
  'temporary-guardianship': '临时监护中',
  'long-term-guardianship': '长期监护中',
  closed: '已结案',
};

export function isGuardianshipState(value: unknown): value is GuardianshipState {
  return typeof value === 'string' && (GUARDIANSHIP_STATES as readonly string[]).includes(value);
}

/**
 * Who acts on a case. The minors' protection institution (未成年人救助保护机构) and the
 * children's welfare institution (儿童福利机构) are civil affairs' own, so they act as
 * `civil-affairs`; the education bureau gives family-education guidance beside the women's
 * federation (seed §10).
 */
export const GUARDIANSHIP_PARTIES = [
  'committee', // 村（居）民委员会
  'civil-affairs', // 民政部门
  'police', // 公安机关
  'procuratorate', // 人民检察院
  'court', // 人民法院
  'womens-federation', // 妇联
  'education', // 教育部门
] as const;

export type GuardianshipParty = (typeof GUARDIANSHIP_PARTIES)[number];

export const GUARDIANSHIP_PARTY_LABELS: Readonly<Record<GuardianshipParty, string>> = {
  committee: '村（居）民委员会',
  'civil-affairs': '民政部门',
  police: '公安机关',
  procuratorate: '人民检察院',
  court: '人民法院',
  'womens-federation': '妇联',
  education: '教育部门',
};

/** How a closed case ended. */
export const CLOSURE_OUTCOMES = ['resolved', 'unfounded'] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

export const CLOSURE_OUTCOME_LABELS: Readonly<Record<ClosureOutcome, string>> = {
  resolved: '监护职责已落实，回访后结案',
  unfounded: '经核实情况不属实',
};

/** What the report is about (seed §10: 不依法履行监护职责 / 侵犯儿童合法权益; §9: 无人照料). */
export const GUARDIANSHIP_CONCERNS = ['duty-not-fulfilled', 'rights-infringed', 'without-care'] as const;
export type GuardianshipConcern = (typeof GUARDIANSHIP_CONCERNS)[number];

export const GUARDIANSHIP_CONCERN_LABELS: Readonly<Record<GuardianshipConcern, string>> = {
  'duty-not-fulfilled': '父母或者其他监护人不依法履行监护职责（监护不力）',
  'rights-infringed': '父母或者其他监护人侵犯儿童合法权益',
  'without-care': '儿童无人照料（监护缺失）',
};
