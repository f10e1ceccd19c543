// The topology model: representative connections between client groups and Service ports, each with the engine's
// transport and authorization verdicts, and the graph they aggregate into (namespaces, or Services when expanded).
import type { Dataplane } from '../model';

export const TRANSPORTS = ['mtls', 'tls', 'plaintext', 'fails', 'unknown'] as const;
/** mtls: Istio mTLS or HBONE; tls: TLS the application terminates (not Istio mTLS); fails: the connection would fail. */
export type Transport = (typeof TRANSPORTS)[number];

export const AUTHZ_VERDICTS = ['allowed', 'denied', 'unknown', 'unreached'] as const;
/** unreached: the connection fails before any authorization runs; unknown: the data that decides it is missing. */
export type AuthzVerdict = (typeof AUTHZ_VERDICTS)[number];

/** What an aggregated edge shows: the one value all its connections share, or 'mixed'. */
export type EdgeTransport = Transport | 'mixed';
export type EdgeVerdict = AuthzVerdict | 'mixed';

export const TRANSPORT_LABEL: Readonly<Record<EdgeTransport, string>> = {
  mtls: 'mTLS',
  tls: 'app TLS',
  plaintext: 'plaintext',
  fails: 'would fail',
  unknown: 'transport unknown',
  mixed: 'mixed transport',
};

export const VERDICT_LABEL: Readonly<Record<EdgeVerdict, string>> = {
  allowed: 'allowed',
  denied: 'denied',
  unknown: 'authz unknown',
  unreached: 'not reached',
  mixed: 'mixed authz',
};

/**
 * Where a connection starts. workload: one client group (pods sharing namespace, service account, dataplane and
 * first Service), judged by its first pod. other: a workload from a namespace the server's policies do not name,
 * standing for all such namespaces. outside: a client without a dataplane or mesh identity outside the mesh.
 */
export type TopologyClient =
  | {
      readonly kind: 'workload';
      readonly namespace: string;
      readonly serviceAccount: string;
      /** The first Service (by name) that selects the group's pods, or null. */
      readonly service: string | null;
      readonly dataplane: Dataplane;
      /** The representative pod. */
      readonly pod: string;
      readonly pods: number;
    }
  | { readonly kind: 'other'; readonly namespace: string; readonly pod: string }
  | { readonly kind: 'outside' };

export interface TopologyServer {
  readonly namespace: string;
  readonly service: string;
  /** The Service port dialled. */
  readonly port: number;
  readonly containerPort: number;
  /** The representative endpoint pod. */
  readonly pod: string;
  /** Endpoints this representative stands for (same dataplane, mode on the port and AuthorizationPolicies). */
  readonly endpoints: number;
}

export interface TopologyConnection {
  readonly client: TopologyClient;
  readonly server: TopologyServer;
  readonly transport: Transport;
  readonly authz: AuthzVerdict;
  /** 'ns/name' of the ambient waypoint the request passes through (client ztunnel → waypoint → destination), or null. */
  readonly waypoint: string | null;
}

export const NODE_KINDS = ['namespace', 'service', 'service-account', 'other', 'outside'] as const;
export type TopologyNodeKind = (typeof NODE_KINDS)[number];

export interface TopologyNode {
  /** Stable key (never drawn: diagrams generate their own ids). */
  readonly key: string;
  readonly kind: TopologyNodeKind;
  readonly label: string;
  /** The namespace a node belongs to (for subgraphs and filters); null for the pseudo nodes. */
  readonly namespace: string | null;
}

/** One pod pair to open in the handshake view. from null: a client outside the mesh. */
export interface RepresentativePair {
  readonly from: string | null;
  readonly to: string;
  readonly port: number;
}

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly transport: EdgeTransport;
  readonly authz: EdgeVerdict;
  /** Representative connections behind the edge. */
  readonly connections: number;
  /** Service ports reached, ascending. */
  readonly ports: readonly number[];
  /** 'ns/name' of the waypoints its connections pass through, sorted (empty: none goes through a waypoint). */
  readonly waypoints: readonly string[];
  /** The connection that best shows the edge's worst verdict (explainConnection gives the engine's reason). */
  readonly representative: TopologyConnection;
}

export interface TopologyGraph {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  /** Edges (and their nodes) matching the filters that the cap left out. */
  readonly omittedEdges: number;
  readonly omittedNodes: number;
  /** Edges matching the filters, drawn or not. */
  readonly totalEdges: number;
}
