// Findings view (/findings and GET /api/v1/findings): the engine's findings filtered by severity, code and
// namespace, one page at a time, each with the objects it names, why it matters and how to confirm it.
import { queryOptions } from '@tanstack/react-query';
import { fetchView, toQueryString } from '../fetch-json';
import { MAX_PAGE_SIZE, oneOf, positiveInt, type PageDto } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';

export const FINDING_SEVERITIES = ['error', 'warning', 'info'] as const;
export type FindingSeverityDto = (typeof FINDING_SEVERITIES)[number];

/** An object a finding names, split from its id ('Kind/namespace/name', or 'Kind/name' when cluster-scoped). */
export interface FindingObjectDto {
  readonly id: string;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
}

export interface FindingRowDto {
  /** The finding's identity across postures (code and objects, pods by workload): how its history is looked up. */
  readonly key: string;
  readonly code: string;
  /** The catalogue's title of the code. */
  readonly title: string;
  readonly severity: FindingSeverityDto;
  readonly namespace: string | null;
  readonly message: string;
  readonly why: string;
  /** Commands that confirm the finding on a live cluster. */
  readonly verify: readonly string[];
  readonly objects: readonly FindingObjectDto[];
}

/** One check of the catalogue and how many findings it raised in this mesh. */
export interface FindingCodeDto {
  readonly code: string;
  readonly title: string;
  readonly severity: FindingSeverityDto;
  readonly count: number;
}

export interface FindingsView {
  /** Findings in the whole mesh by severity (before filtering). */
  readonly counts: Readonly<Record<FindingSeverityDto, number>> & { readonly total: number };
  /** The whole catalogue, in code order, with counts in this mesh. */
  readonly codes: readonly FindingCodeDto[];
  /** Namespaces that have findings, for the namespace filter. */
  readonly namespaces: readonly string[];
  readonly findings: PageDto<FindingRowDto>;
}

export const FINDINGS_PAGE_SIZE = 50;

export interface FindingsFilters {
  readonly severity: FindingSeverityDto | '';
  /** A finding code (MPnnn), '' for all. */
  readonly code: string;
  /** Exact namespace, '' for all. */
  readonly namespace: string;
  readonly page: number;
  readonly pageSize: number;
}

export function parseFindingsFilters(params: URLSearchParams): FindingsFilters {
  const code = (params.get('code') ?? '').toUpperCase();
  return {
    severity: oneOf(params.get('severity'), [...FINDING_SEVERITIES, ''] as const, ''),
    code: /^MP\d{3}$/.test(code) ? code : '',
    namespace: (params.get('namespace') ?? '').slice(0, 63),
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), FINDINGS_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

/** The URL query of non-default filters (so deep links stay short). */
export function findingsSearch(filters: FindingsFilters): string {
  return toQueryString({
    severity: filters.severity,
    code: filters.code,
    namespace: filters.namespace,
    page: filters.page === 1 ? null : filters.page,
    pageSize: filters.pageSize === FINDINGS_PAGE_SIZE ? null : filters.pageSize,
  });
}

export function findingsQueryOptions(filters: FindingsFilters) {
  return queryOptions({
    queryKey: ['v1', 'findings', filters] as const,
    queryFn: ({ signal }) => fetchView<FindingsView>(`/api/v1/findings${findingsSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}

/** Where the dashboard shows an object: its namespace page, its pod page, or nowhere (null: show the id). */
export function findingObjectHref(object: FindingObjectDto): string | null {
  if (object.kind === 'Namespace' && object.namespace === null) return `/namespaces/${encodeURIComponent(object.name)}`;
  if (object.kind === 'Pod' && object.namespace !== null) return `/namespaces/${encodeURIComponent(object.namespace)}/pods/${encodeURIComponent(object.name)}`;
  return null;
}
