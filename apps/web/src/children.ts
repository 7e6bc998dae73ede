// The registry's remaining screens, pure parts: a child's full view and the body of 登记新儿童
// (apps/registry child-presenter ChildView, children dto RegisterChildDto), 待补录
// (import/incomplete.service IncompleteChildView), 摸排 rounds (screening.service RoundView) and
// the ledger's 变更 / 销档 bodies (key-care dto). Unit-tested; the components only render them.
import type { ChildRow } from './registry';
import { normalizeIdNumber, normalizePhone, type CloseReason } from './validation';

export type Accompaniment = 'both-parents' | 'one-parent' | 'other-guardian' | 'none' | 'unknown';

/** RegisterChildDto.accompaniedBy (随父母或其他监护人流动情况). */
export const ACCOMPANIMENT_LABELS: Readonly<Record<Accompaniment, string>> = {
  'both-parents': '随父母双方流动',
  'one-parent': '随父母一方流动',
  'other-guardian': '随其他监护人流动',
  none: '未随监护人流动',
  unknown: '不详',
};

/** ChildView: what the registry answers for one child (masked unless revealed). */
export interface ChildDetail extends ChildRow {
  readonly hukouAddress: string;
  readonly residenceAddress: string;
  readonly hukouDivisionCode: string;
  readonly guardians: readonly { name: string; relation: string; phone: string }[];
  readonly residenceHistory: readonly { divisionCode: string; movedInOn: string; movedOutOn?: string }[];
  readonly accompaniedBy: Accompaniment;
  readonly difficultyTypes: readonly string[];
  readonly askedForHelp: boolean;
  readonly circumstances: Readonly<Record<string, boolean>>;
  readonly education: { stage: string; school: string; grade: string; inSchoolLocally: boolean };
  readonly movedOut: boolean;
  readonly movedOutOn?: string;
  readonly lastVerifiedOn: string;
  readonly determination: ChildRow['determination'] & {
    readonly reasons: readonly string[];
    readonly asOf: string;
    readonly nextChangeOn: string | null;
  };
}

/** One line of the determination: 认定为流动儿童 / 不属于流动儿童, with the day it was made. */
export function determinationTitle(d: ChildDetail['determination']): string {
  return `${d.isMigrant ? '认定为流动儿童' : '不属于流动儿童'}（判定日期 ${d.asOf}）`;
}

/** When the status changes by itself (the daily job): 16th birthday, six-month mark, announced move-out. */
export function nextChangeText(d: ChildDetail['determination']): string | null {
  return d.nextChangeOn ? `认定结果将于 ${d.nextChangeOn} 自动重新判定` : null;
}

/** What 登记新儿童's form holds (antd form values: strings and arrays, blanks for absent). */
export interface RegisterFormValues {
  name: string;
  idNumber?: string;
  birthDate?: string;
  sex?: 'male' | 'female' | '';
  hukouDivisionCode: string;
  hukouAddress?: string;
  residenceDivisionCode: string;
  movedInOn: string;
  residenceAddress?: string;
  accompaniedBy: Accompaniment;
  guardians?: { name?: string; relation?: string; phone?: string }[];
  difficultyTypes?: string[];
  askedForHelp?: boolean;
  circumstances?: string[];
  educationStage?: string;
  school?: string;
  grade?: string;
  inSchoolLocally?: boolean;
}

const text = (v: string | undefined): string => (v ?? '').trim();

/**
 * The body of `POST /api/v1/children` from the form: texts trimmed, the ID number normalised,
 * blanks left out (with an ID number the registry takes birth date and sex from it), phones as
 * the registry stores them.
 */
export function registrationBody(v: RegisterFormValues): Record<string, unknown> {
  const idNumber = normalizeIdNumber(v.idNumber ?? '');
  const circumstances = Object.fromEntries((v.circumstances ?? []).map((k) => [k, true]));
  const education = {
    ...(v.educationStage ? { stage: v.educationStage } : {}),
    ...(text(v.school) ? { school: text(v.school) } : {}),
    ...(text(v.grade) ? { grade: text(v.grade) } : {}),
    ...(v.inSchoolLocally ? { inSchoolLocally: true } : {}),
  };
  return {
    name: text(v.name),
    ...(idNumber ? { idNumber } : {}),
    ...(text(v.birthDate) ? { birthDate: text(v.birthDate) } : {}),
    ...(v.sex ? { sex: v.sex } : {}),
    hukouDivisionCode: v.hukouDivisionCode,
    hukouAddress: text(v.hukouAddress),
    residence: {
      divisionCode: v.residenceDivisionCode,
      movedInOn: v.movedInOn,
      address: text(v.residenceAddress),
    },
    accompaniedBy: v.accompaniedBy,
    guardians: (v.guardians ?? [])
      .filter((g) => text(g.name) || text(g.phone) || text(g.relation))
      .map((g) => ({
        name: text(g.name),
        relation: text(g.relation),
        phone: normalizePhone(g.phone ?? '') ?? text(g.phone),
      })),
    ...(v.difficultyTypes?.length ? { difficultyTypes: v.difficultyTypes } : {}),
    ...(v.askedForHelp ? { askedForHelp: true } : {}),
    ...(Object.keys(circumstances).length ? { circumstances } : {}),
    ...(Object.keys(education).length ? { education } : {}),
  };
}

// ---- 待补录 ----

export interface IncompleteChild {
  readonly id: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  /** Masked (张*). */
  readonly name: string;
  readonly sex?: 'male' | 'female';
  readonly sheetAge?: number;
  readonly hukouDivisionCode?: string;
  readonly difficultyTypes: readonly string[];
  readonly missing: readonly { column: string; reason: string }[];
  readonly source: { jobId: string; rowNumber: number };
  readonly createdAt: string;
}

export interface IncompletePage {
  readonly total: number;
  readonly items: IncompleteChild[];
  readonly nextCursor?: string;
}

export interface CompletionResult {
  readonly child: ChildDetail;
  readonly keyCare?: { outcome: 'added' | 'changed' | 'unchanged' } | { outcome: 'refused'; reason: string };
}

export interface CompleteFormValues {
  idNumber?: string;
  birthDate?: string;
  sex?: 'male' | 'female' | '';
  hukouDivisionCode?: string;
}

/** The body of `POST /incomplete-children/:id/complete`: only what was filled in. */
export function completionBody(v: CompleteFormValues): Record<string, string> {
  const idNumber = normalizeIdNumber(v.idNumber ?? '');
  return {
    ...(idNumber ? { idNumber } : {}),
    ...(text(v.birthDate) ? { birthDate: text(v.birthDate) } : {}),
    ...(v.sex ? { sex: v.sex } : {}),
    ...(text(v.hukouDivisionCode) ? { hukouDivisionCode: text(v.hukouDivisionCode) } : {}),
  };
}

/** What the completion did to the ledger, in a sentence. */
export function completionText(result: CompletionResult): string {
  const status = result.child.determination.isMigrant ? '已认定为流动儿童' : '不属于流动儿童';
  const k = result.keyCare;
  const ledger =
    k === undefined
      ? ''
      : k.outcome === 'refused'
        ? `；未建重点关爱台账：${k.reason}`
        : k.outcome === 'added'
          ? '；已建重点关爱台账'
          : '；重点关爱台账已更新';
  return `已补录并登记为儿童（${status}）${ledger}`;
}

// ---- 摸排 ----

export interface RoundSummary {
  readonly assigned: number;
  readonly found: number;
  readonly confirmed: number;
  readonly notFound: number;
  readonly notYetVisited: number;
  readonly covered: number;
}

export interface ScreeningRound {
  readonly roundId: string;
  readonly countyCode: string;
  readonly period: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly status: 'open' | 'closed';
  readonly openedOn: string;
  readonly openedBy: string;
  readonly closedOn: string | null;
  readonly closedBy: string;
  readonly townships: readonly {
    townshipCode: string;
    workerId: string;
    workerKind: string;
    workerName?: string;
  }[];
  readonly summary: RoundSummary;
  readonly byTownship: readonly (RoundSummary & { townshipCode: string })[];
  readonly version: number;
}

export interface RoundPage {
  readonly items: ScreeningRound[];
  readonly nextCursor?: string;
}

export interface UncoveredChild {
  readonly childId: string;
  readonly townshipCode: string;
  readonly assigned: boolean;
  readonly workerId: string;
  readonly lastVerifiedOn: string;
}

export const ROUND_STATUS_LABELS: Readonly<Record<ScreeningRound['status'], string>> = {
  open: '进行中',
  closed: '已结束',
};

export const WORKER_KIND_LABELS: Readonly<Record<string, string>> = {
  'child-director': '儿童主任',
  'social-work-organisation': '社会工作服务机构',
};

export type ScreeningOutcome = 'found' | 'confirmed' | 'not-found';

export const OUTCOME_LABELS: Readonly<Record<ScreeningOutcome, string>> = {
  found: '已找到',
  confirmed: '已核实',
  'not-found': '未找到',
};

/** `2026-H1` → 2026年上半年. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-H([12])$/.exec(period);
  return m ? `${m[1]}年${m[2] === '1' ? '上' : '下'}半年` : period;
}

/** Coverage of a round: covered of assigned, as a whole percent (0 when nothing is assigned). */
export function coveragePercent(s: RoundSummary): number {
  return s.assigned > 0 ? Math.floor((s.covered / s.assigned) * 100) : 0;
}

/** One line of a round's tally, in the registry's words (screening-rules RoundSummary). */
export function summaryText(s: RoundSummary): string {
  return [
    `已分配 ${s.assigned}`,
    `已找到 ${s.found}`,
    `已核实 ${s.confirmed}`,
    `未找到 ${s.notFound}`,
    `未走访 ${s.notYetVisited}`,
    `覆盖率 ${coveragePercent(s)}%`,
  ].join('，');
}

// ---- 台账 变更 / 销档 ----

export const CLOSE_REASON_LABELS: Readonly<Record<CloseReason, string>> = {
  'moved-out': '迁出',
  'turned-16': '年满十六周岁',
  'difficulty-resolved': '困境已消除',
  'no-longer-migrant': '不再属于流动儿童',
  other: '其他',
};

export interface ChangeFormValues {
  difficultyTypes: string[];
  situationSummary?: string;
  notes?: string;
  school?: string;
  grade?: string;
  visitWorkerId?: string;
}

/**
 * The body of `PATCH /key-care/entries/:id`: only the fields that differ from the entry read
 * (an absent field keeps the stored one), with the version read (optimistic concurrency).
 */
export function changeBody(
  entry: {
    countyCode: string;
    version: number;
    difficultyTypes: readonly string[];
    situationSummary: string;
    notes?: string;
    school: string;
    grade: string;
    visitWorkerId: string;
  },
  v: ChangeFormValues,
): Record<string, unknown> | null {
  const body: Record<string, unknown> = {};
  const sameTypes =
    v.difficultyTypes.length === entry.difficultyTypes.length &&
    v.difficultyTypes.every((t) => entry.difficultyTypes.includes(t));
  if (!sameTypes) body.difficultyTypes = v.difficultyTypes;
  const texts: [keyof ChangeFormValues, string][] = [
    ['situationSummary', entry.situationSummary],
    ['notes', entry.notes ?? ''],
    ['school', entry.school],
    ['grade', entry.grade],
    ['visitWorkerId', entry.visitWorkerId],
  ];
  for (const [key, before] of texts) {
    const after = text(v[key] as string | undefined);
    if (after !== before) body[key] = after;
  }
  if (Object.keys(body).length === 0) return null;
  return { countyCode: entry.countyCode, version: entry.version, ...body };
}

export function closeBody(
  entry: { countyCode: string; version: number },
  v: { reason: CloseReason; note?: string; closedOn: string },
): Record<string, unknown> {
  return {
    countyCode: entry.countyCode,
    version: entry.version,
    reason: v.reason,
    closedOn: v.closedOn,
    ...(text(v.note) ? { note: text(v.note) } : {}),
  };
}
