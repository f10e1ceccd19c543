// Posture history (GET /api/v1/history): whether history is being recorded (and why not), and what was recorded in a
// window — each posture's summary and the changes with their causes. Client-safe: types, filters, queryOptions.
import { queryOptions } from '@tanstack/react-query';
import type { FindingSpan, PhaseSpan, RecordedChange, RecordedPosture, RecordedTrafficDay } from '@/lib/mesh/history/history-types';
import { fetchView, toQueryString } from '../fetch-json';
import { POLL_INTERVAL_MS } from '../query-client';

export const HISTORY_STATES = ['recording', 'not-recording', 'off'] as const;

export interface HistoryStatusDto {
  readonly state: (typeof HISTORY_STATES)[number];
  /** "history is not being recorded: <why>" (or why it is off); null while recording. */
  readonly reason: string | null;
  readonly database: string | null;
  readonly lastRecordedAt: string | null;
  readonly pending: boolean;
}

export type HistoryRecordDto = RecordedPosture;
export type HistoryChangeDto = RecordedChange;
export type HistoryTrafficDayDto = RecordedTrafficDay;

export interface HistoryView {
  readonly status: HistoryStatusDto;
  /** Why the history could not be read (the database is away); the lists are then empty. */
  readonly readError: string | null;
  readonly records: readonly HistoryRecordDto[];
  readonly changes: readonly HistoryChangeDto[];
  readonly findings: readonly FindingSpan[];
  readonly phases: readonly PhaseSpan[];
  /** Plaintext received per UTC day and workload, when observed traffic was recorded (oldest first). */
  readonly traffic: readonly HistoryTrafficDayDto[];
}

export const HISTORY_WINDOWS = [1, 7, 30, 90, 400] as const;

export interface HistoryFilters {
  /** Days back from now. */
  readonly days: (typeof HISTORY_WINDOWS)[number];
  /** Exact namespace, '' for all. */
  readonly namespace: string;
}

export function parseHistoryFilters(params: URLSearchParams): HistoryFilters {
  const days = Number(params.get('days'));
  const namespace = params.get('namespace') ?? '';
  return {
    days: (HISTORY_WINDOWS as readonly number[]).includes(days) ? (days as HistoryFilters['days']) : 30,
    namespace: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace) ? namespace : '',
  };
}

export function historySearch(filters: HistoryFilters): string {
  return toQueryString({ days: filters.days === 30 ? null : filters.days, namespace: filters.namespace || null });
}

export function historyQueryOptions(filters: HistoryFilters) {
  return queryOptions({
    queryKey: ['v1', 'history', filters] as const,
    queryFn: ({ signal }) => fetchView<HistoryView>(`/api/v1/history${historySearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}

export interface StrictSharePoint {
  /** RFC 3339. */
  readonly at: string;
  /** Share of STRICT workload ports in the mesh, 0–100 (one decimal); null when there are none. */
  readonly mesh: number | null;
  /** The same for the namespace filtered on, when one is. */
  readonly namespace: number | null;
}

const share = (strict: number, total: number) => (total === 0 ? null : Math.round((1000 * strict) / total) / 10);

/** The STRICT share of ports at each recorded posture, for the mesh and the filtered namespace. */
export function strictShareSeries(records: readonly HistoryRecordDto[], namespace: string): StrictSharePoint[] {
  return records.map((r) => {
    const ns = namespace ? r.summary.namespaces.find((n) => n.name === namespace) : undefined;
    return { at: r.at, mesh: share(r.summary.mesh.ports.strict, r.summary.mesh.ports.total), namespace: ns ? share(ns.ports.strict, ns.ports.total) : null };
  });
}

/** "Kind ns/name added" — how a cause reads in the list of changes. */
export { causeText } from '@/lib/mesh/history/cause-text';

/** Shown beside the plaintext per day when it comes from the demo's recorded traffic (demo/traffic.ts), not a Prometheus. */
export const DEMO_TRAFFIC_NOTE =
  'Demo data: these days come from the demo mesh’s recorded traffic (demo/traffic.ts), replayed relative to when this server started, as a Prometheus would have counted them; no Prometheus is read.';

/** Shown by the History view when the demo mesh is served: which postures are scripted (lib/sources/demo/scripted-history.ts). */
export const DEMO_HISTORY_NOTE =
  'Demo data: the three postures recorded before this server first started (3, 2 and 1 days earlier) are scripted — the demo mesh without storefront’s PeerAuthentication “default”, then with it, then without checkout’s “checkout-webhooks-metrics” — so this view has changes to show. Everything after them is recorded live.';
