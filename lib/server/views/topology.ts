import 'server-only';
// Builds the topology view: the representative connections (computed once per posture by the engine), filtered
// and aggregated for this request, capped, drawn as Mermaid text, with the engine's reason for each drawn edge.
import {
  MAX_NODES,
  parseTopologyFilters,
  type TopologyEdgeDto,
  type TopologyFilters,
  type TopologyNodeDto,
  type TopologyView,
} from '@/lib/api/views/topology';
import { buildTopologyFlowchart, topologyEdgeLabel } from '@/lib/diagrams/topology-flowchart';
import type { PostureComputation } from '@/lib/mesh/compute-posture';
import {
  aggregateTopology,
  computeTopologyConnections,
  explainConnection,
  isTopologyComputed,
  namespaceConnections,
  representativePair,
  topologyNamespaces,
  type TopologyNode,
} from '@/lib/mesh/topology';
import type { PostureState } from '../posture-store';
import { ViewError } from '../view-errors';

export const TOPOLOGY_APPROXIMATION =
  'Edges are what policies allow, judged by the engine for representatives, not for every pod pair: one pod per client group ' +
  '(namespace, service account, dataplane and Service) and one endpoint per Service port and way of deciding (dataplane, ' +
  'mTLS mode on the port, AuthorizationPolicies). Each Service port is checked against clients of its own namespace, of the ' +
  'namespaces its AuthorizationPolicies name exactly, the pods without a dataplane whose environment names the Service ' +
  '(likely plaintext clients), one workload from a namespace none of these covers (drawn as "Other namespaces", standing for ' +
  'all of them and for wildcard rules), and a client outside the mesh. HTTP ports are judged for a ' +
  'GET / without a JWT, so rules on other methods, paths or tokens are not shown; a pod dialled by IP, not through a Service, is not drawn.';

export const NO_TRAFFIC_DATA = 'The snapshot has no traffic data (no telemetry source is read), so no edge is an observed connection.';

function nodeDto(node: TopologyNode): TopologyNodeDto {
  return { key: node.key, kind: node.kind, label: node.label, namespace: node.namespace };
}

/** Views kept per posture (filter combinations), so polling and back-and-forth between filters cost nothing. */
const KEPT_VIEWS = 32;
const built = new WeakMap<PostureComputation, Map<string, TopologyView>>();

export function buildTopologyView(state: PostureState, params: URLSearchParams): TopologyView {
  const filters = parseTopologyFilters(params);
  const key = JSON.stringify(filters);
  let views = built.get(state.computation);
  if (!views) built.set(state.computation, (views = new Map()));
  const kept = views.get(key);
  if (kept) return kept;
  const view = computeTopologyView(state, filters);
  if (views.size >= KEPT_VIEWS) views.delete(views.keys().next().value ?? '');
  views.set(key, view);
  return view;
}

/** Throws not-found for an expanded namespace that is not in the mesh (cheap: checked before any topology work). */
export function assertExpandable(state: PostureState, filters: TopologyFilters): void {
  const known = new Set(state.computation.index.namespaceNames);
  const missing = filters.expand.filter((ns) => !known.has(ns));
  if (missing.length > 0) throw new ViewError('not-found', `Cannot expand ${missing.map((ns) => `"${ns}"`).join(', ')}: no such namespace in the mesh.`);
}

function computeTopologyView(state: PostureState, filters: TopologyFilters): TopologyView {
  const { computation } = state;
  assertExpandable(state, filters);

  const graph = aggregateTopology(computeTopologyConnections(computation), {
    expand: new Set(filters.expand),
    namespace: filters.namespace,
    transport: filters.transport || null,
    verdict: filters.verdict || null,
    maxEdges: filters.max,
    maxNodes: MAX_NODES,
  });
  const labels = new Map(graph.nodes.map((n) => [n.key, n.kind === 'namespace' ? n.label : n.namespace ? `${n.namespace}/${n.label}` : n.label]));
  const edges: TopologyEdgeDto[] = graph.edges.map((e) => ({
    from: e.from,
    to: e.to,
    fromLabel: labels.get(e.from) ?? e.from,
    toLabel: labels.get(e.to) ?? e.to,
    transport: e.transport,
    authz: e.authz,
    label: topologyEdgeLabel(e),
    connections: e.connections,
    ports: e.ports,
    waypoints: e.waypoints,
    representative: representativePair(e.representative),
    reason: explainConnection(computation, e.representative)?.reason ?? null,
  }));
  return {
    diagram: buildTopologyFlowchart(graph),
    nodes: graph.nodes.map(nodeDto),
    edges,
    totalEdges: graph.totalEdges,
    omittedEdges: graph.omittedEdges,
    omittedNodes: graph.omittedNodes,
    maxEdges: filters.max,
    maxNodes: MAX_NODES,
    expanded: filters.expand,
    traffic: { observed: false, reason: NO_TRAFFIC_DATA },
    approximation: TOPOLOGY_APPROXIMATION,
  };
}

/** Whether a topology request for this posture would be answered at once (nothing left to compute). */
export function isTopologyReady(state: PostureState): boolean {
  return isTopologyComputed(state.computation);
}

/** Longest stretch of topology work between two turns of the event loop. */
const SLICE_MS = 50;
const warming = new WeakMap<PostureComputation, Promise<void>>();

/**
 * Computes the topology of a posture namespace by namespace, giving the event loop back every SLICE_MS so the server
 * keeps answering other requests meanwhile (a 20,000-pod mesh takes seconds once per posture). Concurrent callers
 * share one computation; buildTopologyView is then only filtering and aggregating.
 */
export function warmTopology(computation: PostureComputation): Promise<void> {
  if (isTopologyComputed(computation)) return Promise.resolve();
  let pending = warming.get(computation);
  if (!pending) {
    pending = (async () => {
      let sliceStart = performance.now();
      for (const ns of topologyNamespaces(computation)) {
        namespaceConnections(computation, ns);
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    })().catch((e: unknown) => {
      warming.delete(computation);
      throw e;
    });
    warming.set(computation, pending);
  }
  return pending;
}
