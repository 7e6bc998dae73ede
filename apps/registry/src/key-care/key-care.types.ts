import type { DifficultyType, LocalDate } from '@care/child-rules';
import type { OutboxEntry } from '@care/events';

/** 关爱服务活动: one care activity of the ledger; imported cells may lack a date. */
export interface CareActivity {
  on: LocalDate | null;
  description: string;
}

/**
 * The ledger's own columns of Attachment 1 (the child's identity and guardians come from the
 * child record): 重点关爱服务对象困境类型, 就读学校/年级, 基本情况概述, 关爱服务活动, 备注.
 */
export interface LedgerFields {
  difficultyTypes: DifficultyType[];
  /** 基本情况概述. */
  situationSummary: string;
  /** 关爱服务活动, oldest first. */
  careActivities: CareActivity[];
  /** 备注. */
  notes: string;
  /** 就读学校. */
  school: string;
  /** 年级. */
  grade: string;
}

export const LEDGER_FIELD_NAMES = [
  'difficultyTypes',
  'situationSummary',
  'careActivities',
  'notes',
  'school',
  'grade',
] as const satisfies readonly (keyof LedgerFields)[];

/** Why an entry leaves the ledger (销档原因). */
export const CLOSE_REASONS = [
  'moved-out',
  'turned-16',
  'difficulty-resolved',
  'no-longer-migrant',
  'other',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const CLOSE_REASON_LABELS: Readonly<Record<CloseReason, string>> = {
  'moved-out': '迁出',
  'turned-16': '年满十六周岁',
  'difficulty-resolved': '困境已消除',
  'no-longer-migrant': '不再属于流动儿童',
  other: '其他',
};

export type KeyCareEntryStatus = 'open' | 'closed';

/** A visit that took place (走访探视记录). */
export interface VisitRecord {
  visitId: string;
  dueOn: LocalDate;
  visitedOn: LocalDate;
  workerId: string;
  /** 走访情况: what the worker found. */
  findings: string;
  /** Who entered the record (may differ from the worker who visited). */
  recordedBy: string;
  recordedAt: Date;
}

/**
 * The visit due next (the visit plan, 走访计划). A new visitId is issued whenever the plan
 * changes (a visit recorded, the types or the worker changed), so "overdue" is said once per
 * visit id and a re-planned visit can become overdue again in its own right.
 */
export interface PlannedVisit {
  visitId: string;
  dueOn: LocalDate;
  /** '' while no worker is responsible (e.g. an imported entry); listed as unassigned. */
  workerId: string;
  plannedOn: LocalDate;
}

/** A `key_care_entries` document: one ledger entry of one child (重点关爱服务对象信息台账). */
export interface KeyCareEntryRecord extends LedgerFields {
  /** entryId: a ULID. */
  _id: string;
  /** +1 per change: every write is conditional on the version read (no transactions). */
  version: number;
  childId: string;
  /** The child's residence county when the entry was written: the scope key of every query. */
  countyCode: string;
  /** 乡镇/街道 (9 digits) where known, else ''. */
  townshipCode: string;
  status: KeyCareEntryStatus;
  /**
   * Unique: the childId while the entry is open, `closed:<entryId>` once closed — one open
   * entry per child without a partial index (FerretDB has none).
   */
  openSlot: string;
  openedOn: LocalDate;
  closedOn: LocalDate | null;
  closeReason: CloseReason | null;
  closeNote: string;
  /** 走访责任人: the worker (child director) who visits; '' when nobody is assigned. */
  visitWorkerId: string;
  /** The plan, flattened for indexing: null fields when the entry is closed. */
  nextVisitId: string | null;
  nextVisitDueOn: LocalDate | null;
  nextVisitWorkerId: string;
  nextVisitPlannedOn: LocalDate | null;
  /** VisitOverdue already emitted for nextVisitId (reset when a new visit is planned). */
  overdueNotified: boolean;
  visits: VisitRecord[];
  source: 'manual' | 'import';
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  outbox: OutboxEntry[];
  outboxPending: boolean;
}

/** The child's facts the ledger needs, read through ChildrenService (R-core). */
export interface KeyCareChildFacts {
  childId: string;
  countyCode: string;
  townshipCode: string;
  isMigrant: boolean;
  movedOut: boolean;
  /** 迁出时间, when movedOut. */
  movedOutOn?: LocalDate;
  birthDate: LocalDate;
  difficultyTypes: DifficultyType[];
  askedForHelp: boolean;
  hukouDivisionCode: string;
  /** The current residence's division code (township where known, else county). */
  residenceDivisionCode: string;
}
