// Namespace view (/namespaces/[ns] and GET /api/v1/namespaces/{ns}): coverage, phase and checklist, workloads (server
// paged), the namespace's policies and findings. Also the checklist DTO shared with the migration board.
import { queryOptions } from '@tanstack/react-query';
import type { CoverageDto } from '../coverage';
import { fetchView, toQueryString } from '../fetch-json';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, oneOf, positiveInt, type PageDto, type SortDirection } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';
import type { TrafficBriefDto, TrafficEvidenceDto } from './traffic';

/** Migration phases (ARCHITECTURE §3); phase 0 is "not in the mesh". */
export const PHASE_NAMES = ['Not in the mesh', 'Observe', 'Enable gradually', 'Enforce', 'Optimise continuously'] as const;

export function phaseName(phase: number): string {
  return PHASE_NAMES[phase] ?? 'unknown';
}

/** One checklist item of a migration phase as the engine judged it (objects: 'Kind/namespace/name' ids). */
export interface PhaseCheckDto {
  readonly id: string;
  readonly phase: number;
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'unknown';
  readonly detail: string;
  /** The first object ids behind the verdict; `objectsOmitted` more were left out. */
  readonly objects: readonly string[];
  readonly objectsOmitted: number;
  /** Failed or unknown and required for the namespace's (or mesh's) next phase. */
  readonly blocksNextPhase: boolean;
}

/**
 * Where the dashboard shows an object id: a pod's page, a namespace's page, or nowhere (policies are listed on their
 * namespace's page). Ids are cluster strings: every segment is URL-encoded.
 */
export function objectHref(id: string): string | null {
  const [kind, ns, name, ...rest] = id.split('/');
  if (rest.length > 0 || !kind || !ns) return null;
  if (kind === 'Namespace' && name === undefined) return `/namespaces/${encodeURIComponent(ns)}`;
  if (kind === 'Pod' && name) return `/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`;
  return null;
}

export interface WorkloadRowDto {
  readonly pod: string;
  /** Set for a pod predicted from its controller's template (no such pod was running). */
  readonly predictedFrom: string | null;
  readonly serviceAccount: string;
  readonly isGateway: boolean;
  readonly dataplane: string;
  readonly mode: string;
  /** Why the mode is UNKNOWN, when it is. */
  readonly modeReason: string | null;
  /** 'ns/name' of the policy that set the workload-level mode, null for the default. */
  readonly modePolicy: string | null;
  /** Ports whose mode differs from the workload-level mode. */
  readonly portExceptions: readonly { readonly port: string; readonly mode: string }[];
  readonly certificate: { readonly status: string; readonly notAfter: string | null; readonly remainingSeconds: number | null } | null;
  readonly authorization: string;
  readonly authorizationPolicies: number;
}

export interface NamespacePolicyDto {
  readonly kind: string;
  readonly name: string;
  /** What the policy does, in one line. */
  readonly summary: string;
}

export interface NamespaceFindingDto {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly objects: readonly string[];
}

export interface NamespaceView {
  readonly name: string;
  readonly phase: number;
  readonly dataplane: string;
  /** Namespace-level PeerAuthentication mode (UNSET when no namespace-wide policy; UNKNOWN when unreadable). */
  readonly namespaceMode: string;
  /** Whether the namespace counts towards the mesh phase (has workloads, not a platform namespace). */
  readonly countsTowardMeshPhase: boolean;
  readonly coverage: CoverageDto;
  readonly portCoverage: CoverageDto;
  readonly plaintextWorkloads: number;
  readonly checks: readonly PhaseCheckDto[];
  /** Workloads matching the filters, one page. */
  readonly workloads: PageDto<WorkloadRowDto>;
  readonly policies: readonly NamespacePolicyDto[];
  /** Policy kinds that could not be read: their list above is incomplete. */
  readonly unreadablePolicyKinds: readonly { readonly kind: string; readonly status: string; readonly reason: string | null }[];
  readonly findings: readonly NamespaceFindingDto[];
  readonly findingsOmitted: number;
  /** Observed traffic (docs/traffic.md); null before the server has prepared any. */
  readonly traffic: NamespaceTrafficDto | null;
}

/** The namespace's STRICT readiness on observed traffic, and the workloads plaintext reached in the window. */
export interface NamespaceTrafficDto extends TrafficBriefDto {
  readonly evidence: {
    readonly readiness: TrafficEvidenceDto | null;
    readonly plaintextWorkloads: readonly {
      readonly workload: string;
      readonly strictReadiness: string;
      readonly plaintext: number;
      readonly plaintextSources: readonly string[];
      readonly lastPlaintextAt: string | null;
    }[];
  };
}

export const WORKLOAD_SORT_KEYS = ['pod', 'dataplane', 'mode', 'certificate', 'authorization'] as const;
export type WorkloadSortKey = (typeof WORKLOAD_SORT_KEYS)[number];

export interface NamespaceFilters {
  /** Substring of the pod name. */
  readonly q: string;
  readonly sort: WorkloadSortKey;
  readonly dir: SortDirection;
  readonly page: number;
  readonly pageSize: number;
}

export function parseNamespaceFilters(params: URLSearchParams): NamespaceFilters {
  return {
    q: (params.get('q') ?? '').slice(0, 253),
    sort: oneOf(params.get('sort'), WORKLOAD_SORT_KEYS, 'pod'),
    dir: oneOf(params.get('dir'), ['asc', 'desc'] as const, 'asc'),
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

export function namespaceSearch(filters: NamespaceFilters): string {
  return toQueryString({
    q: filters.q,
    sort: filters.sort === 'pod' ? null : filters.sort,
    dir: filters.dir === 'asc' ? null : filters.dir,
    page: filters.page === 1 ? null : filters.page,
    pageSize: filters.pageSize === DEFAULT_PAGE_SIZE ? null : filters.pageSize,
  });
}

export function namespaceApiPath(namespace: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
}

export function namespaceQueryOptions(namespace: string, filters: NamespaceFilters) {
  return queryOptions({
    queryKey: ['v1', 'namespace', namespace, filters] as const,
    queryFn: ({ signal }) => fetchView<NamespaceView>(`${namespaceApiPath(namespace)}${namespaceSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}
