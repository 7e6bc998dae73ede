import type { ChildFacts } from '@care/catalogue';
import type { LocalDate } from '@care/child-rules';
import { fenToYuan, findAssistanceKind } from './kinds';

/**
 * The 护佑健康 list (孤困儿童大病保险名单, HZ-10): the county's children currently receiving an
 * approved assistance of a kind marked `onHuyouList`, one row per child, for the province's
 * insurance purchase. The province must know whom to insure, so each row names the child
 * (姓名, 身份证号): welfare holds neither, the service reads them from the registry (audited
 * there) for exactly `huyouChildIds` and passes them in; they are never stored here.
 */
export interface HuyouApplication {
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly kind: string;
  readonly approvedOn: LocalDate;
  readonly startMonth: string;
  readonly amountFen: number;
  readonly hukouCountyCode: string | null;
}

export interface HuyouChild {
  readonly childId: string;
  readonly birthDate?: LocalDate;
  readonly facts?: Pick<
    ChildFacts,
    'orphan' | 'scatteredOrphan' | 'deFactoUnsupported' | 'keyHardship' | 'disabled' | 'seriouslyIll'
  >;
}

/** A child's identity as the registry answered it (empty idNumber: the child has none, 无身份证号). */
export interface HuyouIdentity {
  readonly name: string;
  readonly idNumber: string;
}

export const HUYOU_LIST_COLUMNS = [
  { key: 'seq', header: '序号', width: 6 },
  { key: 'name', header: '姓名', width: 12 },
  { key: 'idNumber', header: '身份证号', width: 22 },
  { key: 'childId', header: '儿童编号', width: 30 },
  { key: 'countyCode', header: '现居住县区代码', width: 14 },
  { key: 'townshipCode', header: '乡镇（街道）代码', width: 16 },
  { key: 'hukouCountyCode', header: '户籍地区县代码', width: 14 },
  { key: 'birthDate', header: '出生日期', width: 12 },
  { key: 'categories', header: '儿童类别（登记事实）', width: 30 },
  { key: 'assistance', header: '享受救助', width: 40 },
  { key: 'approvedOn', header: '最早批准日期', width: 14 },
  { key: 'monthlyYuan', header: '月救助金额合计（元）', width: 18 },
] as const;

export type HuyouColumnKey = (typeof HUYOU_LIST_COLUMNS)[number]['key'];
export type HuyouRow = Readonly<Record<HuyouColumnKey, string | number>>;

const CATEGORY_LABELS = [
  ['scatteredOrphan', '社会散居孤儿'],
  ['orphan', '孤儿'],
  ['deFactoUnsupported', '事实无人抚养儿童'],
  ['keyHardship', '重点困境儿童'],
  ['seriouslyIll', '重病困境儿童'],
  ['disabled', '残疾儿童'],
] as const;

/** Whether an approved application of this kind puts the child on the list. */
export function isOnHuyouList(kindId: string): boolean {
  return findAssistanceKind(kindId)?.onHuyouList === true;
}

/** The children on the list (an approved application of a listed kind), in child-id order. */
export function huyouChildIds(applications: readonly Pick<HuyouApplication, 'childId' | 'kind'>[]): string[] {
  return [...new Set(applications.filter((a) => isOnHuyouList(a.kind)).map((a) => a.childId))].sort();
}

/** Written in the 身份证号 cell of a child the registry holds without a number (黑户). */
export const NO_ID_NUMBER = '（无身份证号）';

/**
 * One row per child, in child-id order; applications of other kinds are left out. Every child
 * on the list must have an identity (a RangeError otherwise: the caller checks completeness).
 */
export function huyouListRows(
  applications: readonly HuyouApplication[],
  children: readonly HuyouChild[],
  identities: ReadonlyMap<string, HuyouIdentity>,
): HuyouRow[] {
  const byChild = new Map<string, HuyouApplication[]>();
  for (const a of applications) {
    if (!isOnHuyouList(a.kind)) continue;
    byChild.set(a.childId, [...(byChild.get(a.childId) ?? []), a]);
  }
  const facts = new Map(children.map((c) => [c.childId, c] as const));
  return [...byChild.keys()].sort().map((childId, i) => {
    const own = (byChild.get(childId) ?? []).slice().sort((a, b) => a.kind.localeCompare(b.kind));
    const first = own[0];
    const child = facts.get(childId);
    const identity = identities.get(childId);
    if (identity === undefined) throw new RangeError(`no identity for child ${childId} of the list`);
    const monthlyFen = own
      .filter((a) => findAssistanceKind(a.kind)?.standard.period === 'monthly')
      .reduce((sum, a) => sum + a.amountFen, 0);
    return {
      seq: i + 1,
      name: identity.name,
      idNumber: identity.idNumber === '' ? NO_ID_NUMBER : identity.idNumber,
      childId,
      countyCode: first.countyCode,
      townshipCode: first.townshipCode,
      hukouCountyCode: own.find((a) => a.hukouCountyCode !== null)?.hukouCountyCode ?? '',
      birthDate: child?.birthDate ?? '',
      categories: CATEGORY_LABELS.filter(([flag]) => child?.facts?.[flag] === true)
        .map(([, label]) => label)
        .join('、'),
      assistance: own.map((a) => findAssistanceKind(a.kind)?.nameZh ?? a.kind).join('；'),
      approvedOn: own.map((a) => a.approvedOn).sort()[0],
      monthlyYuan: fenToYuan(monthlyFen),
    };
  });
}
