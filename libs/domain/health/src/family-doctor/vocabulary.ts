// 家庭医生签约服务 (Heze list HZ-06 卫生健康服务: "提供家庭医生签约服务、基本医疗服务、基本公共卫生服务").

/** What is stored: a contract is signed (and may be renewed) until it is terminated. Expiry is derived on read. */
export const CONTRACT_STATES = ['signed', 'terminated'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];

/** A contract as of a day. */
export const CONTRACT_STATUSES = ['active', 'expiring-soon', 'expired', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_STATUS_LABELS: Readonly<Record<ContractStatus, string>> = {
  active: '签约有效',
  'expiring-soon': '即将到期',
  expired: '已到期（未续约）',
  terminated: '已解约',
};

/** Why a contract ended early (解约原因). `moved-out` is the registry's move-out, never typed by an officer. */
export const TERMINATION_REASONS = [
  'family-request', // 本人或监护人申请解约
  'signed-elsewhere', // 已在其他机构签约
  'team-change', // 签约团队调整
  'moved-out', // 登记服务记录的迁出
] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

export const TERMINATION_REASON_LABELS: Readonly<Record<TerminationReason, string>> = {
  'family-request': '本人或监护人申请解约',
  'signed-elsewhere': '已在其他机构签约',
  'team-change': '签约团队调整',
  'moved-out': '迁出本地',
};

/** The reasons an officer may give (the move-out comes from the registry only). */
export const OFFICER_TERMINATION_REASONS: readonly TerminationReason[] = TERMINATION_REASONS.filter(
  (r) => r !== 'moved-out',
);

export const CONTRACT_ACTIONS = ['renew', 'terminate'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

export const CONTRACT_ACTION_LABELS: Readonly<Record<ContractAction, string>> = {
  renew: '续约',
  terminate: '解约',
};

export function isContractAction(value: unknown): value is ContractAction {
  return typeof value === 'string' && (CONTRACT_ACTIONS as readonly string[]).includes(value);
}
