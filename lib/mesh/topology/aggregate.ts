// Aggregates representative connections into a graph a person can read: one node per namespace (per Service, or per
// service account for clients outside any Service, inside the expanded namespaces), one edge per node pair whose
// transport and verdict are the shared value or 'mixed'. Filters apply to connections before aggregation; a cap on
// edges and nodes keeps the drawing bounded, the most worrying edges first, and counts what it left out.
import type { AuthzVerdict, RepresentativePair, TopologyConnection, TopologyEdge, TopologyGraph, TopologyNode, Transport } from './model';

export interface TopologyOptions {
  /** Namespaces drawn as their Services instead of one node. */
  readonly expand: ReadonlySet<string>;
  /** Keep connections with an end in a namespace whose name contains this ('' keeps all). */
  readonly namespace: string;
  readonly transport: Transport | null;
  readonly verdict: AuthzVerdict | null;
  readonly maxEdges: number;
  readonly maxNodes: number;
}

export const OUTSIDE_NODE: TopologyNode = { key: 'outside', kind: 'outside', label: 'Outside the mesh', namespace: null };
export const OTHER_NODE: TopologyNode = { key: 'other', kind: 'other', label: 'Other namespaces', namespace: null };

/** Lower is more worrying: failing and plaintext transport first, then denied and unknown verdicts. */
const TRANSPORT_RANK: Readonly<Record<Transport, number>> = { fails: 0, plaintext: 1, unknown: 2, tls: 3, mtls: 4 };
const VERDICT_RANK: Readonly<Record<AuthzVerdict, number>> = { denied: 0, unknown: 1, unreached: 2, allowed: 3 };
const rank = (c: TopologyConnection): number => TRANSPORT_RANK[c.transport] * 10 + VERDICT_RANK[c.authz];

function namespaceNode(ns: string): TopologyNode {
  return { key: `ns:${ns}`, kind: 'namespace', label: ns, namespace: ns };
}

function clientNode(c: TopologyConnection, expand: ReadonlySet<string>): TopologyNode {
  const client = c.client;
  switch (client.kind) {
    case 'outside':
      return OUTSIDE_NODE;
    case 'other':
      return OTHER_NODE;
    case 'workload':
      if (!expand.has(client.namespace)) return namespaceNode(client.namespace);
      return client.service !== null
        ? { key: `svc:${client.namespace}/${client.service}`, kind: 'service', label: client.service, namespace: client.namespace }
        : { key: `sa:${client.namespace}/${client.serviceAccount}`, kind: 'service-account', label: `service account ${client.serviceAccount}`, namespace: client.namespace };
  }
}

function serverNode(c: TopologyConnection, expand: ReadonlySet<string>): TopologyNode {
  const { namespace, service } = c.server;
  return expand.has(namespace) ? { key: `svc:${namespace}/${service}`, kind: 'service', label: service, namespace } : namespaceNode(namespace);
}

export function representativePair(c: TopologyConnection): RepresentativePair {
  const from = c.client.kind === 'outside' ? null : `${c.client.namespace}/${c.client.pod}`;
  return { from, to: `${c.server.namespace}/${c.server.pod}`, port: c.server.containerPort };
}

function matches(c: TopologyConnection, options: TopologyOptions): boolean {
  if (options.transport !== null && c.transport !== options.transport) return false;
  if (options.verdict !== null && c.authz !== options.verdict) return false;
  if (options.namespace === '') return true;
  const needle = options.namespace.toLowerCase();
  const clientNs = c.client.kind === 'workload' ? c.client.namespace : null;
  return c.server.namespace.toLowerCase().includes(needle) || (clientNs !== null && clientNs.toLowerCase().includes(needle));
}

interface Building {
  readonly from: TopologyNode;
  readonly to: TopologyNode;
  readonly transports: Set<Transport>;
  readonly verdicts: Set<AuthzVerdict>;
  readonly ports: Set<number>;
  readonly waypoints: Set<string>;
  connections: number;
  worst: TopologyConnection;
}

function shared<T extends string>(values: ReadonlySet<T>): T | 'mixed' {
  const [first] = values;
  return values.size === 1 && first !== undefined ? first : 'mixed';
}

function toEdge(b: Building): TopologyEdge {
  return {
    from: b.from.key,
    to: b.to.key,
    transport: shared<Transport>(b.transports),
    authz: shared<AuthzVerdict>(b.verdicts),
    connections: b.connections,
    ports: [...b.ports].sort((x, y) => x - y),
    waypoints: [...b.waypoints].sort(compareKeys),
    representative: b.worst,
  };
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function aggregateTopology(connections: readonly TopologyConnection[], options: TopologyOptions): TopologyGraph {
  const edges = new Map<string, Building>();
  for (const c of connections) {
    if (!matches(c, options)) continue;
    const from = clientNode(c, options.expand);
    const to = serverNode(c, options.expand);
    const key = `${from.key}\u0000${to.key}`;
    const b = edges.get(key);
    if (!b) {
      edges.set(key, { from, to, transports: new Set([c.transport]), verdicts: new Set([c.authz]), ports: new Set([c.server.port]), waypoints: new Set(c.waypoint ? [c.waypoint] : []), connections: 1, worst: c });
      continue;
    }
    b.transports.add(c.transport);
    b.verdicts.add(c.authz);
    b.ports.add(c.server.port);
    if (c.waypoint) b.waypoints.add(c.waypoint);
    b.connections += 1;
    if (rank(c) < rank(b.worst)) b.worst = c;
  }
  const ordered = [...edges.values()].sort(
    (a, b) => rank(a.worst) - rank(b.worst) || b.connections - a.connections || compareKeys(a.from.key, b.from.key) || compareKeys(a.to.key, b.to.key),
  );
  const allNodes = new Set<string>();
  for (const b of ordered) allNodes.add(b.from.key).add(b.to.key);

  const nodes = new Map<string, TopologyNode>();
  const drawn: Building[] = [];
  for (const b of ordered) {
    if (drawn.length >= options.maxEdges) break;
    const added = [b.from, b.to].filter((n, i, all) => !nodes.has(n.key) && all.findIndex((m) => m.key === n.key) === i);
    if (nodes.size + added.length > options.maxNodes) continue;
    for (const n of added) nodes.set(n.key, n);
    drawn.push(b);
  }
  const nodeOrder = (n: TopologyNode): string => `${n.namespace === null ? '0' : '1'}${n.namespace ?? ''}\u0000${n.kind === 'namespace' ? '' : n.label}`;
  return {
    nodes: [...nodes.values()].sort((a, b) => compareKeys(nodeOrder(a), nodeOrder(b))),
    edges: drawn.map(toEdge),
    omittedEdges: ordered.length - drawn.length,
    omittedNodes: allNodes.size - nodes.size,
    totalEdges: ordered.length,
  };
}
