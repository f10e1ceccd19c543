// Topology view (/topology and GET /api/v1/topology): who can connect to whom, aggregated to namespaces (or Services
// in expanded namespaces), with each edge's transport and authorization verdict, as a capped Mermaid flowchart and a
// table of the same edges.
import { queryOptions } from '@tanstack/react-query';
import { fetchView, toQueryString } from '../fetch-json';
import { oneOf, positiveInt } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';
import type { TrafficBriefDto } from './traffic';

export const TOPOLOGY_TRANSPORTS = ['mtls', 'tls', 'plaintext', 'fails', 'unknown'] as const;
export type TopologyTransportDto = (typeof TOPOLOGY_TRANSPORTS)[number];
export const TOPOLOGY_VERDICTS = ['allowed', 'denied', 'unknown', 'unreached'] as const;
export type TopologyVerdictDto = (typeof TOPOLOGY_VERDICTS)[number];

export const TRANSPORT_FILTER_LABEL: Readonly<Record<TopologyTransportDto, string>> = {
  mtls: 'mTLS',
  tls: 'app TLS (not Istio mTLS)',
  plaintext: 'plaintext',
  fails: 'would fail',
  unknown: 'unknown',
};
export const VERDICT_FILTER_LABEL: Readonly<Record<TopologyVerdictDto, string>> = {
  allowed: 'allowed',
  denied: 'denied',
  unknown: 'unknown',
  unreached: 'not reached (connection fails)',
};

/** Edges drawn by default and at most; nodes drawn at most. */
export const DEFAULT_MAX_EDGES = 100;
export const MAX_EDGES = 300;
export const MAX_NODES = 150;
/** Namespaces that can be expanded at once. */
export const MAX_EXPANDED = 20;

export interface TopologyNodeDto {
  readonly key: string;
  readonly kind: 'namespace' | 'service' | 'service-account' | 'other' | 'outside';
  readonly label: string;
  readonly namespace: string | null;
}

/** A pod pair to open in the handshake view; from null: a client outside the mesh. Container port. */
export interface RepresentativePairDto {
  readonly from: string | null;
  readonly to: string;
  readonly port: number;
}

export interface TopologyEdgeDto {
  readonly from: string;
  readonly to: string;
  readonly fromLabel: string;
  readonly toLabel: string;
  readonly transport: TopologyTransportDto | 'mixed';
  readonly authz: TopologyVerdictDto | 'mixed';
  /** The words drawn on the edge, e.g. "plaintext / denied / 3 connections". */
  readonly label: string;
  readonly connections: number;
  /** Service ports reached. */
  readonly ports: readonly number[];
  /** 'ns/name' of the ambient waypoints the edge's requests pass through (empty: none). */
  readonly waypoints: readonly string[];
  readonly representative: RepresentativePairDto;
  /** The engine's reason for the representative connection; null when it could not be recomputed. */
  readonly reason: string | null;
  /**
   * Requests and connections observed from the source namespace to the destination namespace over the traffic window
   * (telemetry names workloads, not Services: an edge between Services carries its namespaces' figures); null
   * without traffic. Senders telemetry calls `unknown` are in no edge.
   */
  readonly observed: { readonly mtls: number; readonly plaintext: number; readonly unclassified: number } | null;
  /** Traffic was observed on an edge the engine says is denied or fails (see MP602). */
  readonly observedButBlocked: boolean;
}

export interface TopologyView {
  /** Mermaid flowchart text (ids generated, labels escaped on the server). */
  readonly diagram: string;
  readonly nodes: readonly TopologyNodeDto[];
  readonly edges: readonly TopologyEdgeDto[];
  /** Edges matching the filters; those beyond the caps are counted, not drawn. */
  readonly totalEdges: number;
  readonly omittedEdges: number;
  readonly omittedNodes: number;
  readonly maxEdges: number;
  readonly maxNodes: number;
  readonly expanded: readonly string[];
  /** Observed traffic overlaid on the policy edges; `observed` false (and why) when there is none to overlay. */
  readonly traffic: { readonly observed: boolean; readonly reason: string; readonly brief: TrafficBriefDto | null };
  /** How the edges were chosen and judged (representatives, not every pod pair). */
  readonly approximation: string;
}

export interface TopologyFilters {
  /** Namespaces drawn as their Services. */
  readonly expand: readonly string[];
  /** Substring of a namespace name at either end of an edge. */
  readonly namespace: string;
  readonly transport: TopologyTransportDto | '';
  readonly verdict: TopologyVerdictDto | '';
  readonly max: number;
}

export function parseTopologyFilters(params: URLSearchParams): TopologyFilters {
  const expand = [...new Set((params.get('expand') ?? '').split(',').map((s) => s.trim().slice(0, 253)).filter(Boolean))].sort().slice(0, MAX_EXPANDED);
  return {
    expand,
    namespace: (params.get('namespace') ?? '').trim().slice(0, 253),
    transport: oneOf(params.get('transport'), ['', ...TOPOLOGY_TRANSPORTS] as const, ''),
    verdict: oneOf(params.get('verdict'), ['', ...TOPOLOGY_VERDICTS] as const, ''),
    max: positiveInt(params.get('max'), DEFAULT_MAX_EDGES, MAX_EDGES),
  };
}

export function topologySearch(filters: TopologyFilters): string {
  return toQueryString({
    expand: filters.expand.length > 0 ? filters.expand.join(',') : null,
    namespace: filters.namespace,
    transport: filters.transport,
    verdict: filters.verdict,
    max: filters.max === DEFAULT_MAX_EDGES ? null : filters.max,
  });
}

export function topologyQueryOptions(filters: TopologyFilters) {
  return queryOptions({
    queryKey: ['v1', 'topology', filters] as const,
    queryFn: ({ signal }) => fetchView<TopologyView>(`/api/v1/topology${topologySearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}

