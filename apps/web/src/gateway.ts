// The gateway's comparison tasks (比对差异任务, apps/gateway comparison-tasks.service
// ComparisonTaskView): differences between a partner city's record of a child and ours, for the
// county office to settle by saying which side is right. Values arrive masked (脱敏).

export type Resolution = 'ours-correct' | 'theirs-correct' | 'corrected' | 'no-action';

export interface ComparisonTask {
  readonly id: string;
  readonly peerCity: string;
  readonly childRef: string;
  readonly localChildId: string | null;
  readonly countyCode: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly field: string | null;
  readonly fieldLabel: string | null;
  readonly residenceValue: string | null;
  readonly hukouValue: string | null;
  readonly status: string;
  readonly openedAt: string;
  readonly dueOn: string;
  readonly overdue: boolean;
  readonly resolution: string | null;
  readonly resolvedBy: string | null;
  readonly version: number;
}

export interface TaskPage {
  readonly items: ComparisonTask[];
  readonly total: number;
}

/** The resolutions the gateway accepts (ResolveComparisonTaskDto), in the officer's words. */
export const RESOLUTION_LABELS: Readonly<Record<Resolution, string>> = {
  'ours-correct': '本市记录正确',
  'theirs-correct': '对方记录正确（已告知对方）',
  corrected: '已更正本市记录',
  'no-action': '无需处理',
};

export const RESOLUTIONS = Object.keys(RESOLUTION_LABELS) as Resolution[];

export function resolutionLabel(value: string | null): string {
  return value !== null && value in RESOLUTION_LABELS
    ? RESOLUTION_LABELS[value as Resolution]
    : (value ?? '');
}

/** The form's rule (the DTO's): one of the four conclusions. */
export function checkResolution(value: string): string | null {
  return (RESOLUTIONS as string[]).includes(value) ? null : '请选择处理结论：哪一方的记录正确';
}

/** Tasks are read and resolved by civil-affairs officers and admins (GATEWAY_PERMISSIONS). */
export function canResolveTasks(role: string): boolean {
  return role === 'civil-affairs-admin' || role === 'civil-affairs-officer';
}
