// The key-care ledger (重点关爱服务对象信息台账), its visits and the Attachment 1 import, as the
// registry answers them (apps/registry key-care.service KeyCareEntryView / OverdueItem,
// import.dto ImportJobView). Pure: progress and visit status are unit-tested.

export interface NextVisit {
  readonly visitId: string;
  readonly dueOn: string;
  readonly workerId: string;
  readonly plannedOn: string | null;
  readonly overdue: boolean;
  readonly daysOverdue: number;
}

export interface KeyCareEntry {
  readonly entryId: string;
  readonly version: number;
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly status: 'open' | 'closed';
  readonly openedOn: string;
  readonly difficultyTypes: readonly string[];
  readonly situationSummary: string;
  readonly notes: string;
  readonly school: string;
  readonly grade: string;
  readonly visitWorkerId: string;
  readonly nextVisit: NextVisit | null;
  readonly visits: readonly { visitId: string; visitedOn: string; workerId: string; findings: string }[];
  readonly source: 'manual' | 'import';
  readonly closedOn: string | null;
  readonly closeReason: string | null;
  readonly closeNote: string;
}

export interface EntryPage {
  readonly items: KeyCareEntry[];
  readonly nextCursor?: string;
}

export interface OverdueItem {
  readonly entryId: string;
  readonly childId: string;
  readonly townshipCode: string;
  readonly workerId: string;
  readonly visitId: string;
  readonly dueOn: string;
  readonly daysOverdue: number;
}

export interface OverduePage {
  readonly asOf: string;
  readonly items: OverdueItem[];
  readonly nextCursor?: string;
}

export type VisitStatus = 'overdue' | 'due-soon' | 'planned' | 'none';

/** Days before the due date a visit counts as due (本月应走访). */
export const DUE_SOON_DAYS = 30;

/** 走访状态 of an entry on `today`: overdue, due within DUE_SOON_DAYS, planned later, or none (closed). */
export function visitStatus(entry: Pick<KeyCareEntry, 'nextVisit'>, today: string): VisitStatus {
  const next = entry.nextVisit;
  if (!next) return 'none';
  if (next.overdue || next.dueOn < today) return 'overdue';
  return daysFrom(today, next.dueOn) <= DUE_SOON_DAYS ? 'due-soon' : 'planned';
}

export const VISIT_STATUS_LABELS: Readonly<Record<VisitStatus, string>> = {
  overdue: '逾期未走访',
  'due-soon': '近期应走访',
  planned: '已计划',
  none: '无走访计划',
};

/** Whole days from `from` to `to` (YYYY-MM-DD; negative when `to` is earlier). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today in China (Asia/Shanghai, UTC+8 with no daylight saving), YYYY-MM-DD. */
export function todayInChina(nowMs: number): string {
  return new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface ImportIssue {
  readonly rowNumber: number;
  readonly level: 'error' | 'incomplete' | 'warning';
  readonly outcome: string;
  readonly column: string;
  readonly reason: string;
}

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface ImportJob {
  readonly jobId: string;
  readonly countyCode: string;
  readonly status: ImportStatus;
  readonly total: number | null;
  readonly processed: number;
  readonly stored: number;
  readonly updated: number;
  readonly duplicates: number;
  readonly failed: number;
  readonly incomplete: number;
  readonly completed: number;
  readonly warned: number;
  readonly keyCareAdded: number;
  readonly keyCareChanged: number;
  readonly failure?: { code: string; message: string };
  readonly errorReportUrl?: string;
  readonly issues?: readonly ImportIssue[];
}

/** The job has ended (no more progress to poll). */
export function importEnded(status: ImportStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'interrupted';
}

/** Percent done: processed of total (0 while the total is unknown; 100 once succeeded). */
export function importPercent(job: Pick<ImportJob, 'status' | 'total' | 'processed'>): number {
  if (job.status === 'succeeded') return 100;
  if (job.total === null || job.total <= 0) return 0;
  return Math.min(100, Math.floor((job.processed / job.total) * 100));
}

export const IMPORT_STATUS_LABELS: Readonly<Record<ImportStatus, string>> = {
  queued: '排队中',
  running: '导入中',
  succeeded: '已完成',
  failed: '导入失败',
  interrupted: '已中断（可重新导入，已导入的行不会重复）',
};

/** One line of what the import did, in the registry's words (import.dto ImportJobView). */
export function importSummary(job: ImportJob): string {
  const parts = [
    `已处理 ${job.processed}${job.total === null ? '' : ` / ${job.total}`} 行`,
    `新增 ${job.stored}`,
    `更新 ${job.updated}`,
    `重复 ${job.duplicates}`,
    `待补录 ${job.incomplete}`,
    `已自动更正 ${job.warned}`,
    `未导入 ${job.failed}`,
  ];
  return parts.join('，');
}

/** The registry's path of the job's report (`/api/v1/imports/:id/errors.xlsx`) on this origin. */
export function reportPathOf(job: Pick<ImportJob, 'errorReportUrl'>): string | undefined {
  const url = job.errorReportUrl;
  if (!url || !url.startsWith('/api/v1/')) return undefined;
  return `/api/registry${url.slice('/api'.length)}`;
}
