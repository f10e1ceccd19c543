// History beside the posture views (issue #12): when each namespace entered its migration phase (migration board),
// the changes of a pod's workload (pod view), and since when each open finding has been open (findings view). Each is
// its own small request, so a slow or absent history database never delays the posture views. Client-safe.
import { queryOptions } from '@tanstack/react-query';
import type { Phase } from '@/lib/mesh/model';
import { fetchView, toQueryString } from '../fetch-json';
import { POLL_INTERVAL_MS } from '../query-client';
import type { HistoryChangeDto, HistoryStatusDto } from './history';
import { HISTORY_WINDOWS, type HistoryFilters } from './history';

/** What every history side view carries: the recorder's state, and why the history could not be read (or null). */
export interface HistoryReadDto {
  readonly status: HistoryStatusDto;
  readonly readError: string | null;
}

/** GET /api/v1/migration/history: the phase each namespace is in now, since when (as recorded). */
export interface MigrationHistoryView extends HistoryReadDto {
  readonly phases: readonly { readonly namespace: string; readonly phase: Phase; readonly enteredAt: string }[];
}

/** GET /api/v1/namespaces/{ns}/pods/{pod}/history?days=: the changes of the pod's controller-level workload. */
export interface WorkloadHistoryView extends HistoryReadDto {
  readonly namespace: string;
  /** The pod's controller (a ReplicaSet's pods: its Deployment); null when the pod is not in the posture. */
  readonly workload: { readonly kind: string; readonly name: string } | null;
  readonly days: HistoryFilters['days'];
  readonly changes: readonly HistoryChangeDto[];
}

/** GET /api/v1/findings/history: since when each open finding (by FindingRowDto.key) has been open. */
export interface FindingsHistoryView extends HistoryReadDto {
  readonly openSince: Readonly<Record<string, string>>;
}

export function migrationHistoryQueryOptions() {
  return queryOptions({
    queryKey: ['v1', 'migration-history'] as const,
    queryFn: ({ signal }) => fetchView<MigrationHistoryView>('/api/v1/migration/history', signal),
    refetchInterval: POLL_INTERVAL_MS,
  });
}

export function findingsHistoryQueryOptions() {
  return queryOptions({
    queryKey: ['v1', 'findings-history'] as const,
    queryFn: ({ signal }) => fetchView<FindingsHistoryView>('/api/v1/findings/history', signal),
    refetchInterval: POLL_INTERVAL_MS,
  });
}

export function parseWorkloadHistoryDays(params: URLSearchParams): HistoryFilters['days'] {
  const days = Number(params.get('days'));
  return (HISTORY_WINDOWS as readonly number[]).includes(days) ? (days as HistoryFilters['days']) : 90;
}

export function workloadHistoryQueryOptions(namespace: string, pod: string, days: HistoryFilters['days'] = 90) {
  return queryOptions({
    queryKey: ['v1', 'workload-history', namespace, pod, days] as const,
    queryFn: ({ signal }) =>
      fetchView<WorkloadHistoryView>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/history${toQueryString({ days: days === 90 ? null : days })}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
  });
}
