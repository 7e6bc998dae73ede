import { firstReceipt, type ComparisonTaskState, type PushState } from './exchange-projection';
import type {
  ChildState,
  DeliveryRecordState,
  EnrolmentState,
  EntitlementState,
  KeyCareState,
  VisitState,
} from './projection';

/**
 * The counters monitoring keeps. Stock metrics count what is true now; `*-on` metrics count by
 * the day a thing happened (their dim is the day), which is what the period queries read.
 */
export const METRICS = {
  children: '在册儿童（未迁出）',
  migrant: '流动儿童（dim: all | age:<段> | hukou:<省> | difficulty:<类型>）',
  'migrant-verified': '流动儿童按最近核实日期（dim: 日期，空为从未核实）',
  'registered-on': '按登记日期的新登记儿童（dim: 日期）',
  'key-care-open': '重点关爱台账在册（dim: all | difficulty:<类型>）',
  'visit-open': '未完成的计划走访（dim: 应走访日期）',
  'visit-recorded-on': '按走访日期的已完成走访（dim: 日期）',
  entitlement: '应享服务（dim: <服务项目>|<状态>）',
  'entitlement-department': '应享服务按责任部门（dim: <部门>|<服务项目>|<状态>）',
  'gap-open': '未落实的应享服务（dim: <服务项目>|<享有日期>）',
  'granted-on': '按享有日期的新应享服务（dim: 日期）',
  'delivered-on': '按提供日期的已提供服务（dim: 日期）',
  'refused-on': '按日期的家庭拒绝（dim: 日期）',
  enrolled: '在读（dim: 学段）',
  'push-sent-on': '按生成日期推送户籍地的记录（dim: 日期）',
  'push-awaiting-receipt': '已推送尚未回执（dim: 推送日期）',
  'push-receipted-on': '按首次回执日期的已回执推送（dim: 日期）',
  'push-mismatched-on': '按首次回执日期、户籍地记录不一致的推送（dim: 日期）',
  'push-receipt-on': '按回执日期的回执（dim: <applied|duplicate|stale>|<日期>）',
  'comparison-opened-on': '按生成日期的比对差异任务（dim: 日期）',
  'comparison-open': '待处理的比对差异任务（dim: <差异类型>|<处理期限>）',
  'comparison-resolved-on': '按处理日期的已处理比对差异任务（dim: 日期）',
  'comparison-superseded-on': '按失效日期的已失效比对差异任务（dim: 日期）',
} as const;

export type Metric = keyof typeof METRICS;

/** Where one record counts: a metric and dimension in a county (and township when known). */
export interface Bucket {
  readonly metric: Metric;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly dim: string;
}

/** 服务落实状态: delivered closes the gap, refused closes it with the family's refusal, open is the gap. */
export type EntitlementStatus = 'delivered' | 'refused' | 'open';

function bucket(metric: Metric, countyCode: string, townshipCode: string, dim: string): Bucket {
  return { metric, countyCode, townshipCode, dim };
}

/**
 * A child counts in the stock metrics while not moved out; its registration day is a flow (what
 * happened that day) and stays counted after a move-out.
 */
export function childBuckets(child: ChildState | null): Bucket[] {
  if (child === null) return [];
  const at = (metric: Metric, dim: string) => bucket(metric, child.countyCode, child.townshipCode, dim);
  const out: Bucket[] = child.registeredOn === '' ? [] : [at('registered-on', child.registeredOn)];
  if (child.movedOut) return out;
  out.push(at('children', ''));
  if (!child.migrant) return out;
  out.push(
    at('migrant', 'all'),
    at('migrant', `age:${child.ageBand}`),
    at('migrant', `hukou:${child.hukouProvince}`),
    at('migrant-verified', child.lastVerifiedOn),
  );
  for (const d of child.difficultyCodes) out.push(at('migrant', `difficulty:${d}`));
  return out;
}

export function keyCareBuckets(entry: KeyCareState | null): Bucket[] {
  if (entry === null || !entry.open) return [];
  const at = (dim: string) => bucket('key-care-open', entry.countyCode, entry.townshipCode, dim);
  return [at('all'), ...entry.difficultyCodes.map((d) => at(`difficulty:${d}`))];
}

export function visitBuckets(visit: VisitState | null): Bucket[] {
  if (visit === null) return [];
  if (visit.visitedOn !== '')
    return [bucket('visit-recorded-on', visit.countyCode, visit.townshipCode, visit.visitedOn)];
  if (visit.dueOn === '') return [];
  return [bucket('visit-open', visit.countyCode, visit.townshipCode, visit.dueOn)];
}

/** The record that decides the status: any delivery closes the gap, else a refusal, else it is open. */
export function decidingDelivery(deliveries: readonly DeliveryRecordState[]): {
  status: EntitlementStatus;
  record?: DeliveryRecordState;
} {
  const first = (outcome: DeliveryRecordState['outcome']) =>
    deliveries
      .filter((d) => d.outcome === outcome)
      .sort((a, b) => a.onDate.localeCompare(b.onDate) || a.deliveryId.localeCompare(b.deliveryId))[0];
  const delivered = first('delivered');
  if (delivered !== undefined) return { status: 'delivered', record: delivered };
  const refused = first('refused');
  if (refused !== undefined) return { status: 'refused', record: refused };
  return { status: 'open' };
}

/**
 * The stock metrics (status per item and department, the open gap) count while the entitlement is
 * granted; the flows (the grant day, the day of the deciding delivery or refusal) stay counted
 * after a withdrawal: they happened.
 */
export function entitlementBuckets(entitlement: EntitlementState | null): Bucket[] {
  if (entitlement === null) return [];
  const { countyCode, itemCode } = entitlement;
  const at = (metric: Metric, dim: string) => bucket(metric, countyCode, '', dim);
  const { status, record } = decidingDelivery(entitlement.deliveries);
  const out: Bucket[] = [];
  if (entitlement.grantedOn !== '') out.push(at('granted-on', entitlement.grantedOn));
  if (record !== undefined)
    out.push(at(status === 'delivered' ? 'delivered-on' : 'refused-on', record.onDate));
  if (!entitlement.granted) return out;
  const departments =
    entitlement.departments.length > 0
      ? entitlement.departments
      : [...new Set(entitlement.deliveries.map((d) => d.department).filter((d) => d !== ''))];
  out.push(
    at('entitlement', `${itemCode}|${status}`),
    ...departments.map((d) => at('entitlement-department', `${d}|${itemCode}|${status}`)),
  );
  if (status === 'open') out.push(at('gap-open', `${itemCode}|${entitlement.grantedOn}`));
  return out;
}

export function enrolmentBuckets(enrolment: EnrolmentState | null): Bucket[] {
  if (enrolment === null || enrolment.ended) return [];
  return [bucket('enrolled', enrolment.countyCode, '', enrolment.stage)];
}

/**
 * A push counts on its sent day and, until its first receipt, as awaiting one; it counts as
 * receipted (and mismatched when the hukou city's record disagrees) on its first receipt's day;
 * every receipt counts by outcome and day, which is where duplicates and stale answers show.
 * The gateway's events name no township: these count for the county and the city only.
 */
export function pushBuckets(push: PushState | null): Bucket[] {
  if (push === null) return [];
  const at = (metric: Metric, dim: string) => bucket(metric, push.countyCode, '', dim);
  const out: Bucket[] = [];
  const first = firstReceipt(push);
  if (push.sentOn !== '') out.push(at('push-sent-on', push.sentOn));
  if (push.sentOn !== '' && first === undefined) out.push(at('push-awaiting-receipt', push.sentOn));
  if (first !== undefined) {
    out.push(at('push-receipted-on', first.day));
    if (!first.matched) out.push(at('push-mismatched-on', first.day));
  }
  for (const r of push.receipts) out.push(at('push-receipt-on', `${r.outcome}|${r.day}`));
  return out;
}

/**
 * A task counts on its opening day; while open it counts by kind and due day (overdue is read
 * against today); once closed, on its resolution or supersession day: OPEN→RESOLVED moves one count.
 */
export function comparisonTaskBuckets(task: ComparisonTaskState | null): Bucket[] {
  if (task === null) return [];
  const at = (metric: Metric, dim: string) => bucket(metric, task.countyCode, '', dim);
  const out: Bucket[] = task.openedOn === '' ? [] : [at('comparison-opened-on', task.openedOn)];
  if (task.status === 'open') out.push(at('comparison-open', `${task.kind}|${task.dueOn}`));
  else
    out.push(
      at(task.status === 'resolved' ? 'comparison-resolved-on' : 'comparison-superseded-on', task.closedOn),
    );
  return out;
}
