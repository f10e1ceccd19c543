// Overview view (/ and GET /api/v1/overview): mesh-level summary, the coverage chart and the namespace table.
import { queryOptions } from '@tanstack/react-query';
import type { CoverageDto } from '../coverage';
import { fetchView, toQueryString } from '../fetch-json';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, oneOf, positiveInt, type PageDto, type SortDirection } from '../paging';
import type { StrictReadiness } from '@/lib/mesh/traffic/traffic-model';
import { POLL_INTERVAL_MS } from '../query-client';
import type { TrafficBriefDto } from './traffic';

export interface NamespaceCoverageRowDto extends CoverageDto {
  readonly name: string;
  readonly phase: number;
  readonly dataplane: string;
}

export interface OverviewView {
  readonly meshPhase: number;
  readonly trustDomain: string;
  readonly workloads: CoverageDto;
  readonly ports: CoverageDto;
  readonly plaintextWorkloads: number;
  readonly findings: { readonly error: number; readonly warning: number; readonly info: number };
  readonly certificates: { readonly expired: number; readonly within7Days: number; readonly within30Days: number; readonly unknown: number };
  /** The namespaces drawn in the chart (largest first) and how many were left out of it. */
  readonly chart: { readonly rows: readonly NamespaceCoverageRowDto[]; readonly omitted: number };
  readonly namespaces: PageDto<NamespaceCoverageRowDto>;
  /** Observed traffic over its window (docs/traffic.md); null before the server has prepared any. */
  readonly traffic: OverviewTrafficDto | null;
}

export interface OverviewTrafficDto extends TrafficBriefDto {
  /** Requests and TCP connections observed in the window, over mTLS and in plaintext. */
  readonly mtls: number;
  readonly plaintext: number;
  /** Workloads that received plaintext in the window. */
  readonly plaintextWorkloads: number;
  /** Namespaces and workloads by STRICT readiness on evidence. */
  readonly namespaces: Readonly<Record<StrictReadiness, number>>;
  readonly workloads: Readonly<Record<StrictReadiness, number>>;
  /** Findings where policy and traffic disagree (MP6xx). */
  readonly contradictions: number;
}

export const NAMESPACE_SORT_KEYS = ['name', 'phase', 'total', 'strict', 'permissive', 'disable', 'none', 'unknown'] as const;
export type NamespaceSortKey = (typeof NAMESPACE_SORT_KEYS)[number];

export interface OverviewFilters {
  /** Substring of the namespace name. */
  readonly q: string;
  readonly sort: NamespaceSortKey;
  readonly dir: SortDirection;
  readonly page: number;
  readonly pageSize: number;
}

export function parseOverviewFilters(params: URLSearchParams): OverviewFilters {
  return {
    q: (params.get('q') ?? '').slice(0, 253),
    sort: oneOf(params.get('sort'), NAMESPACE_SORT_KEYS, 'name'),
    dir: oneOf(params.get('dir'), ['asc', 'desc'] as const, 'asc'),
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

/** The URL query of non-default filters (so deep links stay short). */
export function overviewSearch(filters: OverviewFilters): string {
  return toQueryString({
    q: filters.q,
    sort: filters.sort === 'name' ? null : filters.sort,
    dir: filters.dir === 'asc' ? null : filters.dir,
    page: filters.page === 1 ? null : filters.page,
    pageSize: filters.pageSize === DEFAULT_PAGE_SIZE ? null : filters.pageSize,
  });
}

export function overviewQueryOptions(filters: OverviewFilters) {
  return queryOptions({
    queryKey: ['v1', 'overview', filters] as const,
    queryFn: ({ signal }) => fetchView<OverviewView>(`/api/v1/overview${overviewSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}
