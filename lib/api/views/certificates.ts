// Certificates view (/certificates and GET /api/v1/certificates): the fleet of workload certificates (one page of
// it), the roots of trust, a bucketed timeline of upcoming expiries and the warnings, all computed server-side.
import { queryOptions } from '@tanstack/react-query';
import { formatDuration } from '@/lib/mesh/certs/classify';
import { fetchView, toQueryString } from '../fetch-json';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, oneOf, positiveInt, type PageDto, type SortDirection } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';

/** The engine's certificate verdicts (CertStatus), restated client-safe. */
export const CERTIFICATE_STATUSES = ['expired', 'expiring', 'healthy', 'not-yet-valid', 'unknown'] as const;
export type CertificateStatusDto = (typeof CERTIFICATE_STATUSES)[number];

/** The `status` filter: a verdict, or one of the identity/trust warnings that cut across verdicts. */
export const CERTIFICATE_STATUS_FILTERS = [...CERTIFICATE_STATUSES, 'trust-domain-mismatch', 'different-root'] as const;
export type CertificateStatusFilter = (typeof CERTIFICATE_STATUS_FILTERS)[number];

export interface CertificateRowDto {
  readonly namespace: string;
  readonly pod: string;
  readonly status: CertificateStatusDto;
  readonly spiffeId: string | null;
  readonly trustDomain: string | null;
  readonly serial: string | null;
  readonly notAfter: string | null;
  /** Seconds until notAfter when the posture was computed (negative once expired); null when unknown. */
  readonly remainingSeconds: number | null;
  /** Where the data came from (port-forward config dump, agent metrics...), null when nothing was read. */
  readonly origin: string | null;
  /** When that data was read (RFC 3339), null when nothing was read. */
  readonly asOf: string | null;
  readonly trustDomainMismatch: boolean;
  /** The proxy trusts none of the roots istiod distributes to its namespace. */
  readonly differentRoot: boolean;
  /** The engine's reasons: why unknown, why flagged. */
  readonly notes: readonly string[];
}

/** One distinct root of trust (by serial) and where it is distributed and held. */
export interface RootOfTrustDto {
  readonly serial: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly remainingSeconds: number | null;
  readonly status: CertificateStatusDto;
  /** Namespaces whose istio-ca-root-cert ConfigMap carries it. */
  readonly namespaces: number;
  /** A few of those namespaces (sorted), for the table. */
  readonly sampleNamespaces: readonly string[];
  /** Proxies whose ROOTCA holds it (known only where chains were read). */
  readonly proxies: number;
}

export const TIMELINE_SPANS = ['90d', '48h'] as const;
export type TimelineSpan = (typeof TIMELINE_SPANS)[number];

export interface ExpiryBucketDto {
  /** Start of the bucket (RFC 3339). */
  readonly start: string;
  /** Short label ("Nov 27", "+6h"). */
  readonly label: string;
  readonly workloads: number;
  readonly roots: number;
}

export interface ExpiryTimelineDto {
  readonly span: TimelineSpan;
  readonly bucketSeconds: number;
  readonly from: string;
  readonly buckets: readonly ExpiryBucketDto[];
  /** Already expired (not drawn in the buckets). */
  readonly expired: { readonly workloads: number; readonly roots: number };
  /** Expiring after the last bucket. */
  readonly later: { readonly workloads: number; readonly roots: number };
  /** Expiry not known. */
  readonly unknown: number;
}

export const CERTIFICATE_WARNING_KINDS = ['expired', 'expiring', 'not-yet-valid', 'root-expiring', 'trust-domain-mismatch', 'different-root', 'unknown'] as const;
export type CertificateWarningKind = (typeof CERTIFICATE_WARNING_KINDS)[number];

export interface CertificateWarningDto {
  readonly kind: CertificateWarningKind;
  readonly count: number;
  /** The first few affected certificates (pod or root) with the engine's reason. */
  readonly examples: readonly { readonly namespace: string | null; readonly name: string; readonly reason: string }[];
  /** For 'unknown': how many certificates share each reason (most common first). */
  readonly reasons: readonly { readonly reason: string; readonly count: number }[];
}

export interface CertificatesView {
  readonly trustDomain: string;
  /** The `now` the verdicts were computed for. */
  readonly now: string;
  readonly counts: Readonly<Record<CertificateStatusDto, number>> & { readonly total: number };
  readonly roots: readonly RootOfTrustDto[];
  readonly timeline: ExpiryTimelineDto;
  readonly warnings: readonly CertificateWarningDto[];
  /** Namespaces with at least one workload certificate, for the namespace filter. */
  readonly namespaces: readonly string[];
  readonly certificates: PageDto<CertificateRowDto>;
}

export const CERTIFICATE_SORT_KEYS = ['namespace', 'pod', 'status', 'spiffeId', 'serial', 'notAfter', 'remaining', 'origin'] as const;
export type CertificateSortKey = (typeof CERTIFICATE_SORT_KEYS)[number];

export interface CertificatesFilters {
  /** Substring of namespace, pod, SPIFFE ID or serial. */
  readonly q: string;
  readonly status: CertificateStatusFilter | '';
  /** Exact namespace, '' for all. */
  readonly namespace: string;
  readonly span: TimelineSpan;
  readonly sort: CertificateSortKey;
  readonly dir: SortDirection;
  readonly page: number;
  readonly pageSize: number;
}

export function parseCertificatesFilters(params: URLSearchParams): CertificatesFilters {
  return {
    q: (params.get('q') ?? '').slice(0, 253),
    status: oneOf(params.get('status'), [...CERTIFICATE_STATUS_FILTERS, ''] as const, ''),
    namespace: (params.get('namespace') ?? '').slice(0, 63),
    span: oneOf(params.get('span'), TIMELINE_SPANS, '90d'),
    sort: oneOf(params.get('sort'), CERTIFICATE_SORT_KEYS, 'remaining'),
    dir: oneOf(params.get('dir'), ['asc', 'desc'] as const, 'asc'),
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

/** The URL query of non-default filters (so deep links stay short). */
export function certificatesSearch(filters: CertificatesFilters): string {
  return toQueryString({
    q: filters.q,
    status: filters.status,
    namespace: filters.namespace,
    span: filters.span === '90d' ? null : filters.span,
    sort: filters.sort === 'remaining' ? null : filters.sort,
    dir: filters.dir === 'asc' ? null : filters.dir,
    page: filters.page === 1 ? null : filters.page,
    pageSize: filters.pageSize === DEFAULT_PAGE_SIZE ? null : filters.pageSize,
  });
}

export function certificatesQueryOptions(filters: CertificatesFilters) {
  return queryOptions({
    queryKey: ['v1', 'certificates', filters] as const,
    queryFn: ({ signal }) => fetchView<CertificatesView>(`/api/v1/certificates${certificatesSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}

/** "3d 4h" left, or "6h ago" once expired; an en dash when unknown (the engine's duration format). */
export function formatRemaining(seconds: number | null): string {
  if (seconds === null) return '–';
  return seconds < 0 ? `${formatDuration(seconds)} ago` : formatDuration(seconds);
}
