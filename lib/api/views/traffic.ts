// Observed traffic (/traffic and GET /api/v1/traffic): STRICT readiness with evidence per namespace, the workloads
// of one namespace with who sends them plaintext, the contradictions. The data is the JSON report's `traffic`
// section with the workloads paged (docs/api/traffic.md).
import { queryOptions } from '@tanstack/react-query';
import type { TrafficJson } from '@/lib/report/traffic-json';
import { fetchView, toQueryString } from '../fetch-json';
import { positiveInt, type PageDto } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';

export const TRAFFIC_PAGE_SIZE = 100;

export type TrafficWorkloadDto = TrafficJson['workloads'][number];
export type TrafficNamespaceDto = TrafficJson['namespaces'][number];
export type TrafficView = Omit<TrafficJson, 'workloads'> & { readonly workloads: PageDto<TrafficWorkloadDto> };

export interface TrafficFilters {
  /** Exact namespace name, '' for all. */
  readonly namespace: string;
  readonly page: number;
}

export function parseTrafficFilters(params: URLSearchParams): TrafficFilters {
  return { namespace: (params.get('namespace') ?? '').slice(0, 253), page: positiveInt(params.get('page'), 1) };
}

export function trafficSearch(filters: TrafficFilters): string {
  return toQueryString({ namespace: filters.namespace, page: filters.page === 1 ? null : filters.page });
}

export function trafficQueryOptions(filters: TrafficFilters) {
  return queryOptions({
    queryKey: ['v1', 'traffic', filters] as const,
    queryFn: ({ signal }) => fetchView<TrafficView>(`/api/v1/traffic${trafficSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}

/** Observed traffic as the other views show it beside the posture (docs/api/traffic.md "In the other views"). */
export interface TrafficBriefDto {
  /** `ok`, or why the figures are missing or partial (`not-configured`, `unreachable`, ...): nothing is ready unless `ok`. */
  readonly status: string;
  readonly reason: string | null;
  readonly window: { readonly start: string; readonly end: string };
  readonly evidenceDays: number;
  /** False while the traffic of the newest posture is being prepared: these figures were joined with the one before. */
  readonly current: boolean;
}

/** A namespace's STRICT readiness on observed traffic: the evidence behind moving it to STRICT. */
export type TrafficEvidenceDto = TrafficNamespaceDto;
