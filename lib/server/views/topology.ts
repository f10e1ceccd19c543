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
import type { TrafficModel } from '@/lib/mesh/traffic';
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
import { preparedTraffic } from './traffic-brief';

export const TOPOLOGY_APPROXIMATION =
  'Edges are what policies allow, judged by the engine for representatives, not for every pod pair: one pod per client group ' +
  '(namespace, service account, dataplane and Service) and one endpoint per Service port and way of deciding (dataplane, ' +
  'mTLS mode on the port, AuthorizationPolicies). Each Service port is checked against clients of its own namespace, of the ' +
  'namespaces its AuthorizationPolicies name exactly, the pods without a dataplane whose environment names the Service ' +
  '(likely plaintext clients), one workload from a namespace none of these covers (drawn as "Other namespaces", standing for ' +
  'all of them and for wildcard rules), and a client outside the mesh. HTTP ports are judged for a ' +
  'GET / without a JWT, so rules on other methods, paths or tokens are not shown; a pod dialled by IP, not through a Service, is not drawn.';

export const NO_TRAFFIC_DATA = 'No observed traffic is prepared yet (no Prometheus is configured, or its first read is under way), so no edge is an observed connection.';

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
  let view = views.get(key);
  if (!view) {
    view = computeTopologyView(state, filters);
    if (views.size >= KEPT_VIEWS) views.delete(views.keys().next().value ?? '');
    views.set(key, view);
  }
  return withObservedTraffic(view, state);
}

/** Identified sender namespace → destination namespace → counts, once per traffic model. */
const PAIRS = new WeakMap<TrafficModel, Map<string, { mtls: number; plaintext: number; unclassified: number }>>();

function namespacePairs(model: TrafficModel): Map<string, { mtls: number; plaintext: number; unclassified: number }> {
  let pairs = PAIRS.get(model);
  if (pairs) return pairs;
  pairs = new Map();
  for (const w of model.workloads) {
    for (const c of w.clients) {
      const slash = c.source.indexOf('/');
      if (slash < 0) continue; // `unknown`: no peer metadata, no namespace to draw it from
      const key = `${c.source.slice(0, slash)}\u0000${w.namespace}`;
      const sum = pairs.get(key) ?? { mtls: 0, plaintext: 0, unclassified: 0 };
      sum.mtls += c.mtls;
      sum.plaintext += c.plaintext;
      sum.unclassified += c.unclassified;
      pairs.set(key, sum);
    }
  }
  PAIRS.set(model, pairs);
  return pairs;
}

/** The cached policy view with the prepared traffic overlaid: at most MAX_EDGES lookups per request. */
function withObservedTraffic(view: TopologyView, state: PostureState): TopologyView {
  const traffic = preparedTraffic(state);
  if (!traffic) return view;
  const usable = traffic.model.status === 'ok' || traffic.model.status === 'incomplete';
  const pairs = usable ? namespacePairs(traffic.model) : new Map<string, never>();
  const namespaceOf = new Map(view.nodes.map((n) => [n.key, n.namespace]));
  const edges = view.edges.map((e): TopologyEdgeDto => {
    const from = namespaceOf.get(e.from);
    const to = namespaceOf.get(e.to);
    const observed = usable && from && to ? (pairs.get(`${from}\u0000${to}`) ?? { mtls: 0, plaintext: 0, unclassified: 0 }) : null;
    const seen = observed !== null && observed.mtls + observed.plaintext + observed.unclassified > 0;
    return { ...e, observed, observedButBlocked: seen && (e.authz === 'denied' || e.authz === 'unreached' || e.transport === 'fails') };
  });
  const reason = usable
    ? `Observed traffic from ${traffic.brief.window.start} to ${traffic.brief.window.end} is overlaid per namespace pair; each edge is still what the policies allow.`
    : `Observed traffic is ${traffic.model.status}${traffic.model.reason ? `: ${traffic.model.reason}` : ''}; each edge is what the policies allow.`;
  return { ...view, edges, traffic: { observed: usable, reason, brief: traffic.brief } };
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
    observed: null,
    observedButBlocked: false,
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
    traffic: { observed: false, reason: NO_TRAFFIC_DATA, brief: null },
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
