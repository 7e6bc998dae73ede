// The monitoring service's API as the dashboard reads it (apps/monitoring README, "API"): the
// KPI query by area and period, the alerts, and the live stream. Only the fields shown here.
import { apiPath, errorFromResponse, requestJson } from '../api';
import { SseParser } from './sse';

export interface Labelled {
  readonly code: string;
  readonly label: string;
  readonly count: number;
}

export type AreaLevel = 'city' | 'county' | 'township';

export interface AreaRef {
  readonly code: string;
  readonly level: AreaLevel;
  readonly name: string;
}

export interface StockFigures {
  readonly children: number;
  readonly migrantChildren: number;
  readonly staleChildren: number;
  readonly keyCareOpen: number;
  readonly visitsOpen: number;
  readonly visitsOverdue: number;
  readonly granted: number;
  readonly delivered: number;
  readonly refused: number;
  readonly open: number;
  readonly agedOpen: number;
  /** Absent in snapshots written before the exchange figures existed. */
  readonly pushesAwaitingReceipt?: number;
  readonly comparisonTasksOpen?: number;
  readonly comparisonTasksOverdue?: number;
}

export interface DayRow {
  readonly day: string;
  readonly registered: number;
  readonly visitsRecorded: number;
  readonly granted: number;
  readonly delivered: number;
  readonly refused: number;
  readonly pushesSent: number;
  readonly pushesReceipted: number;
  readonly pushesMismatched: number;
  readonly comparisonTasksOpened: number;
  readonly comparisonTasksResolved: number;
  readonly stock: StockFigures | null;
}

export interface AreaSummary {
  readonly children: number;
  readonly migrantChildren: number;
  readonly byAgeBand: readonly Labelled[];
  readonly byDifficultyType: readonly Labelled[];
  readonly screening: { readonly stale: number; readonly coverageRate: number | null };
  readonly keyCare: { readonly open: number };
  readonly visits: { readonly open: number; readonly overdue: number };
  readonly services: {
    readonly granted: number;
    readonly delivered: number;
    readonly open: number;
    readonly deliveryRate: number | null;
    readonly agedOpen: number;
  };
  readonly exchange: {
    readonly pushes: { readonly sent: number; readonly receipted: number; readonly mismatched: number };
    readonly comparisonTasks: { readonly open: number; readonly overdue: number; readonly resolved: number };
  };
}

export interface KpiResponse {
  readonly area: AreaRef;
  readonly asOf: string;
  readonly from: string;
  readonly to: string;
  readonly summary: AreaSummary;
  readonly days: readonly DayRow[];
  readonly subAreas: readonly (AreaRef & { readonly figures: StockFigures })[];
}

export interface Alert {
  readonly alertId: string;
  readonly kind: string;
  readonly kindLabel?: string;
  readonly countyCode: string;
  readonly itemCode: string;
  readonly count: number;
  readonly sinceOn: string;
  readonly raisedAt: string;
}

export function fetchKpis(
  token: string,
  area: string,
  from: string,
  to: string,
  onUnauthorized: () => void,
): Promise<KpiResponse> {
  return requestJson<KpiResponse>(
    apiPath('monitoring', '/v1/kpis', { area, from, to }),
    { token },
    onUnauthorized,
  );
}

export async function fetchAlerts(
  token: string,
  countyCode: string | undefined,
  onUnauthorized: () => void,
): Promise<Alert[]> {
  const body = await requestJson<{ alerts: Alert[] }>(
    apiPath('monitoring', '/v1/alerts', { countyCode }),
    { token },
    onUnauthorized,
  );
  return body.alerts;
}

/** One `kpi` event of the stream: the counters that moved (counts only, never ids). */
export interface KpiChange {
  readonly seq: number;
  readonly at: string;
  readonly changes: readonly { area: string; metric: string; dim: string; delta: number; value: number }[];
}

/**
 * Follows the live stream of an area until `signal` aborts; each `kpi` event is handed to
 * `onChange`. Resolves when the stream ends (the caller reconnects), rejects on a refusal.
 */
export async function followStream(
  token: string,
  area: string,
  signal: AbortSignal,
  onChange: (change: KpiChange) => void,
): Promise<void> {
  const response = await fetch(apiPath('monitoring', '/v1/stream', { area }), {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    signal,
  });
  if (!response.ok || response.body === null) {
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    throw errorFromResponse(response.status, body);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const event of parser.push(value))
      if (event.event === 'kpi') onChange(JSON.parse(event.data) as KpiChange);
  }
}
