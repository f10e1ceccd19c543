// Pod view (/namespaces/[ns]/pods/[pod] and GET /api/v1/namespaces/{ns}/pods/{pod}): one workload's identity,
// effective mTLS per port with the chain that decided it, authorization, certificates, who can reach it, findings,
// and the commands to confirm each on a live cluster. Client-safe: the engine's verdicts restated as DTOs.
import { queryOptions } from '@tanstack/react-query';
import { fetchView, toQueryString } from '../fetch-json';
import { oneOf, positiveInt, type PageDto } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';
import type { TrafficBriefDto, TrafficWorkloadDto } from './traffic';

export type EffectiveModeDto = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE' | 'UNKNOWN';
export type PolicyModeDto = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';

export interface MtlsChainStepDto {
  readonly level: 'default' | 'mesh' | 'namespace' | 'workload' | 'port';
  /** 'ns/name' of the PeerAuthentication, null for the built-in default. */
  readonly policy: string | null;
  readonly mode: PolicyModeDto;
  readonly port: number | null;
  /** Whether this step changed the mode (UNSET inherits). */
  readonly applied: boolean;
}

export interface PodMtlsDto {
  readonly mode: EffectiveModeDto;
  readonly policy: string | null;
  readonly ports: readonly { readonly port: number; readonly mode: EffectiveModeDto }[];
  readonly chain: readonly MtlsChainStepDto[];
  readonly ignored: readonly { readonly policy: string; readonly reason: string }[];
  readonly unknownReason: string | null;
}

export interface JwtRuleDto {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUri: string | null;
  readonly hasInlineJwks: boolean;
  /** Where the token is read from: header names (with prefix), query params, cookies; empty = Authorization: Bearer. */
  readonly from: readonly string[];
  readonly forwardOriginalToken: boolean;
}

export interface PodAuthzDto {
  readonly coverage: 'allow-list' | 'deny-only' | 'deny-all' | 'none' | 'unknown';
  /** Why coverage is unknown, else null. */
  readonly unknownReason: string | null;
  /** Applicable AuthorizationPolicies in evaluation order (CUSTOM, DENY, ALLOW, AUDIT; dry-run last). */
  readonly policies: readonly {
    readonly policy: string;
    readonly action: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';
    readonly dryRun: boolean;
    readonly provider: string | null;
    /** Number of rules; null when `rules` is absent (an ALLOW then matches nothing). */
    readonly rules: number | null;
  }[];
  readonly requestAuthentications: readonly { readonly policy: string; readonly jwtRules: readonly JwtRuleDto[] }[];
  readonly requestAuthenticationUnknownReason: string | null;
}

export type CertStatusDto = 'expired' | 'expiring' | 'healthy' | 'not-yet-valid' | 'unknown';

export interface PodCertificateDto {
  readonly status: CertStatusDto;
  readonly spiffeId: string | null;
  readonly trustDomain: string | null;
  readonly serial: string | null;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  readonly remainingSeconds: number | null;
  readonly origin: string | null;
  readonly asOf: string | null;
  readonly chain: readonly { readonly serial: string; readonly subject: string; readonly notAfter: string; readonly isCA: boolean }[];
  readonly roots: readonly { readonly serial: string; readonly notAfter: string; readonly trustDomain: string | null; readonly status: CertStatusDto }[];
  readonly notes: readonly string[];
  readonly trustDomainMismatch: boolean;
}

export const CLIENT_VERDICTS = ['mtls', 'plaintext', 'fails', 'unknown'] as const;
/** How a client reaches the pod: mutually authenticated, in plaintext, not at all, or undecidable from the data. */
export type ClientVerdict = (typeof CLIENT_VERDICTS)[number];

export interface PodClientRowDto {
  /** null: a client outside the mesh. */
  readonly namespace: string | null;
  readonly workload: string | null;
  readonly dataplane: 'sidecar' | 'ambient' | 'none';
  readonly port: number;
  readonly service: string | null;
  readonly verdict: ClientVerdict;
  readonly clientSends: string;
  readonly destinationRule: string | null;
  readonly reason: string;
  readonly inference: boolean;
  readonly pods: number;
  /** Client workloads in the row: 1 when grouped by workload, more when grouped by namespace. */
  readonly workloads: number;
  /** A client pod of the group, for the handshake link; null outside the mesh. */
  readonly examplePod: string | null;
}

export interface PodFindingDto {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly why: string;
  readonly verify: readonly string[];
  readonly objects: readonly string[];
  /** The object that ties the finding to this pod: the pod itself or a policy that applies to it. */
  readonly via: string;
}

export interface PodCommandDto {
  readonly section: 'identity' | 'mtls' | 'authorization' | 'certificate' | 'clients';
  readonly purpose: string;
  readonly command: string;
}

/** How one way of addressing an ambient pod is routed: through a waypoint or straight to its ztunnel. */
export interface PodWaypointDto {
  /** service: through `service` (its VIP or hostname); workload: to the pod's own IP. */
  readonly addressedAs: 'service' | 'workload';
  readonly service: string | null;
  /** none: no istio.io/use-waypoint label applies (ztunnel alone, L4). */
  readonly state: 'bound' | 'opted-out' | 'unresolved' | 'unknown' | 'none';
  /** 'ns/name' of the waypoint (bound) or of the one the label names (unresolved). */
  readonly waypoint: string | null;
  readonly labelledOn: string | null;
  readonly reason: string;
  /** AuthorizationPolicies the waypoint enforces for this traffic (targetRefs), at L7. */
  readonly policiesAtWaypoint: readonly string[];
  /** The source identity this pod's ztunnel sees for this traffic: the waypoint's (null when not bound). */
  readonly sourceSeenByZtunnel: string | null;
}

export interface PodView {
  readonly namespace: string;
  readonly pod: string;
  /** Set when the pod is predicted from a controller's template (no such pod was in the source). */
  readonly predictedFrom: { readonly kind: string; readonly name: string } | null;
  readonly serviceAccount: string;
  readonly spiffeId: string | null;
  readonly trustDomain: string;
  readonly dataplane: 'sidecar' | 'ambient' | 'none';
  readonly isGateway: boolean;
  readonly mtls: PodMtlsDto;
  readonly authz: PodAuthzDto;
  /** Ambient pods: the waypoint (or none) per Service and for the pod IP; empty for other dataplanes. */
  readonly waypoints: readonly PodWaypointDto[];
  readonly certificate: PodCertificateDto | null;
  readonly clients: {
    /** Client groups and pods per verdict, over every port and every client (before filters). */
    readonly counts: Readonly<Record<ClientVerdict, { readonly groups: number; readonly pods: number }>>;
    readonly ports: readonly number[];
    readonly page: PageDto<PodClientRowDto>;
  };
  readonly findings: readonly PodFindingDto[];
  readonly commands: readonly PodCommandDto[];
  /** What was observed into the pod's workload (docs/traffic.md); null before the server has prepared any traffic. */
  readonly observed: PodObservedDto | null;
}

/** Observed clients shown on a pod page, at most; the rest are counted. */
export const OBSERVED_CLIENTS_SHOWN = 50;

/** Traffic into the pod's workload (Istio's workload name, e.g. its Deployment) over the window. */
export interface PodObservedDto extends TrafficBriefDto {
  readonly workload: string;
  /** TrafficWorkloadDto of the JSON report, clients capped; null when telemetry named no such destination. */
  readonly traffic: (Omit<TrafficWorkloadDto, 'clients'> & { readonly clients: TrafficWorkloadDto['clients']; readonly clientsOmitted: number }) | null;
  readonly contradictions: readonly { readonly code: string; readonly severity: string; readonly message: string }[];
}

export const CLIENT_PAGE_SIZE = 50;

export const CLIENT_GROUPINGS = ['workload', 'namespace'] as const;
/** One client row per workload, or per namespace (bounded by the number of namespaces on very large meshes). */
export type ClientGrouping = (typeof CLIENT_GROUPINGS)[number];

export interface PodFilters {
  readonly ns: string;
  readonly pod: string;
  /** Clients with this verdict, or all. */
  readonly verdict: ClientVerdict | 'all';
  /** Clients of this port only, or null for every port. */
  readonly port: number | null;
  readonly group: ClientGrouping;
  readonly page: number;
}

export function parsePodFilters(ns: string, pod: string, params: URLSearchParams): PodFilters {
  const port = positiveInt(params.get('port'), 0, 65535);
  return {
    ns,
    pod,
    verdict: oneOf(params.get('verdict'), [...CLIENT_VERDICTS, 'all'] as const, 'all'),
    port: port === 0 ? null : port,
    group: oneOf(params.get('group'), CLIENT_GROUPINGS, 'workload'),
    page: positiveInt(params.get('page'), 1),
  };
}

/** The URL query of non-default filters (the namespace and pod are in the path). */
export function podSearch(filters: PodFilters): string {
  return toQueryString({
    verdict: filters.verdict === 'all' ? null : filters.verdict,
    port: filters.port,
    group: filters.group === 'workload' ? null : filters.group,
    page: filters.page === 1 ? null : filters.page,
  });
}

/** A path segment as the user typed it; a malformed escape is kept raw (the builder then refuses the name). */
export function decodePathSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function podPath(ns: string, pod: string): string {
  return `/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}`;
}

export function podQueryOptions(filters: PodFilters) {
  return queryOptions({
    queryKey: ['v1', 'pod', filters] as const,
    queryFn: ({ signal }) => fetchView<PodView>(`/api/v1${podPath(filters.ns, filters.pod)}${podSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}
