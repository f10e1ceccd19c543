// The representative connections of the mesh, each judged by the engine (can-i: transport §2, then JWT and
// authorization §3-4). All pod pairs would be ~400M at 20,000 pods, so each server target (Service port ×
// endpoints that decide alike) is asked about: every client group of its own namespace, every client group of the
// namespaces its AuthorizationPolicies name, the groups of the engine's likely plaintext clients (pods without a
// dataplane whose env names the Service), one workload of a namespace none of these covers (standing for all
// others), and a client outside the mesh. Computed once per posture (memoised), then filtered and aggregated per request.
import { canIBetween, type CanIResult } from '../can-i';
import type { PostureComputation } from '../compute-posture';
import { applicableAuthorizationPolicies } from '../authz';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { podKey } from '../mesh-index';
import { serviceBindings } from '../ports';
import { mayHavePlaintextClients, plaintextClients } from '../findings/likely-clients';
import type { FindingContext } from '../findings/context';
import { clientGroupKey, clientGroupsByNamespace, serverTargetsOf, type ClientGroup, type ServerTarget } from './groups';
import type { AuthzVerdict, TopologyClient, TopologyConnection, TopologyServer, Transport } from './model';
import { namespacesNamedBy } from './named-namespaces';

/** A plain request without a JWT: HTTP ports are judged for `GET /`, TCP ports for the connection. */
const REQUEST = { method: 'GET', path: '/' } as const;

export function transportOf(result: CanIResult): Transport {
  const c = result.connection;
  switch (c.outcome) {
    case 'fails':
      return 'fails';
    case 'unknown':
      return 'unknown';
    case 'ok':
      if (c.mtls) return 'mtls';
      return c.clientSends === 'tls' || c.clientSends === 'mutual-tls' ? 'tls' : 'plaintext';
  }
}

export function authzVerdictOf(result: CanIResult): AuthzVerdict {
  switch (result.outcome) {
    case 'allowed':
      return 'allowed';
    case 'denied':
    case 'unauthenticated':
      return 'denied';
    case 'unknown':
      return 'unknown';
    case 'connection-failed':
      return 'unreached';
  }
}

/** The waypoint hop of the engine's path, if the request passes through one. */
export function waypointOf(result: CanIResult): string | null {
  return result.hops.find((h) => h.at === 'waypoint')?.proxy ?? null;
}

function serverOf(t: ServerTarget): TopologyServer {
  const { service, port } = t.binding;
  return { namespace: service.meta.namespace, service: service.meta.name, port: port.port, containerPort: t.containerPort, pod: t.representative.pod.meta.name, endpoints: t.endpoints };
}

function clientOf(g: ClientGroup): TopologyClient {
  const w = g.representative;
  return { kind: 'workload', namespace: g.namespace, serviceAccount: g.serviceAccount, service: g.service, dataplane: w.dataplane, pod: w.pod.meta.name, pods: g.pods };
}

interface TopologyPlan {
  /** Namespaces with pods, in name order: the unit of work. */
  readonly namespaces: readonly string[];
  readonly byNamespace: ReadonlyMap<string, readonly EvaluatedWorkload[]>;
  readonly clientGroups: ReadonlyMap<string, readonly ClientGroup[]>;
  readonly groupsByKey: ReadonlyMap<string, ClientGroup>;
  /** For the engine's likely plaintext clients (pods without a dataplane whose env names a Service). */
  readonly findingContext: FindingContext;
  /** Candidates to stand for "other namespaces": the first group with a dataplane of each namespace, in name order. */
  readonly others: readonly ClientGroup[];
  readonly clients: Map<ClientGroup, TopologyClient>;
  readonly done: Map<string, readonly TopologyConnection[]>;
  all: readonly TopologyConnection[] | null;
}

const OUTSIDE: TopologyClient = { kind: 'outside' };
const plans = new WeakMap<PostureComputation, TopologyPlan>();

function planOf(computation: PostureComputation): TopologyPlan {
  let plan = plans.get(computation);
  if (plan) return plan;
  const byNamespace = new Map<string, EvaluatedWorkload[]>();
  for (const w of computation.workloads) {
    const list = byNamespace.get(w.pod.meta.namespace) ?? [];
    list.push(w);
    byNamespace.set(w.pod.meta.namespace, list);
  }
  const { byNamespace: clientGroups, byKey: groupsByKey } = clientGroupsByNamespace(computation.workloads, computation.index);
  const namespaces = [...byNamespace.keys()].sort();
  const others = namespaces.flatMap((ns) => clientGroups.get(ns)?.filter((g) => g.representative.dataplane !== 'none').slice(0, 1) ?? []);
  const { index, workloads, model } = computation;
  const findingContext: FindingContext = { index, workloads, namespaces: model.namespaces, now: model.now };
  plan = { namespaces, byNamespace, clientGroups, groupsByKey, findingContext, others, clients: new Map(), done: new Map(), all: null };
  plans.set(computation, plan);
  return plan;
}

/** The namespaces whose Services are the servers of the topology, in the order their connections are listed. */
export function topologyNamespaces(computation: PostureComputation): readonly string[] {
  return planOf(computation).namespaces;
}

/** Whether every namespace's connections are computed already (a request would not have to wait). */
export function isTopologyComputed(computation: PostureComputation): boolean {
  const plan = planOf(computation);
  return plan.all !== null || plan.done.size === plan.namespaces.length;
}

/** The representative connections towards the Services of one namespace (memoised per posture). */
export function namespaceConnections(computation: PostureComputation, namespace: string): readonly TopologyConnection[] {
  const plan = planOf(computation);
  const cached = plan.done.get(namespace);
  if (cached) return cached;
  const { index, model } = computation;
  const request = { ...REQUEST, now: model.now };
  const out: TopologyConnection[] = [];
  // Only verdicts are kept (reasons are long strings: explainConnection recomputes the few a page shows).
  const ask = (client: EvaluatedWorkload | null, target: ServerTarget, server: TopologyServer, as: TopologyClient): void => {
    const result = canIBetween(client, target.representative, target.containerPort, target.binding, request, index);
    out.push({ client: as, server, transport: transportOf(result), authz: authzVerdictOf(result), waypoint: waypointOf(result) });
  };
  const clientFor = (g: ClientGroup): TopologyClient => {
    let c = plan.clients.get(g);
    if (!c) plan.clients.set(g, (c = clientOf(g)));
    return c;
  };
  for (const target of serverTargetsOf(plan.byNamespace.get(namespace) ?? [], index)) {
    const endpoint = target.representative;
    const server = serverOf(target);
    const named = namespacesNamedBy(applicableAuthorizationPolicies({ pod: endpoint.pod, dataplane: endpoint.dataplane, isGateway: endpoint.isGateway }, index));
    const candidates = new Set([namespace, ...named]);
    const asked = new Set<ClientGroup>();
    for (const ns of candidates) {
      for (const group of plan.clientGroups.get(ns) ?? []) {
        // A Service calling itself is not an edge worth drawing.
        if (group.namespace === namespace && group.service === target.binding.service.meta.name) continue;
        asked.add(group);
        ask(group.representative, target, server, clientFor(group));
      }
    }
    // Pods without a dataplane whose environment names one of the server's Services (likely plaintext clients, MP105).
    for (const likely of mayHavePlaintextClients(plan.findingContext, endpoint) ? plaintextClients(plan.findingContext, endpoint) : []) {
      const group = plan.groupsByKey.get(clientGroupKey(likely.workload, index));
      if (!group || asked.has(group) || likely.service === null) continue;
      asked.add(group);
      ask(group.representative, target, server, clientFor(group));
    }
    const other = plan.others.find((g) => !candidates.has(g.namespace));
    if (other) ask(other.representative, target, server, { kind: 'other', namespace: other.namespace, pod: other.representative.pod.meta.name });
    ask(null, target, server, OUTSIDE);
  }
  plan.done.set(namespace, out);
  return out;
}

/** Every representative connection of the mesh, namespace by namespace (memoised per posture). */
export function computeTopologyConnections(computation: PostureComputation): readonly TopologyConnection[] {
  const plan = planOf(computation);
  plan.all ??= plan.namespaces.flatMap((ns) => namespaceConnections(computation, ns));
  return plan.all;
}

/**
 * The engine's full answer for one representative connection (its reason, policies, transport), recomputed on
 * demand: null when its pods or Service are no longer in this posture.
 */
export function explainConnection(computation: PostureComputation, connection: TopologyConnection): CanIResult | null {
  const { index, model } = computation;
  const evaluated = workloadsByPod(computation);
  const { server } = connection;
  const endpoint = evaluated.get(podKey(server.namespace, server.pod));
  if (!endpoint) return null;
  const via = serviceBindings(endpoint.pod, server.containerPort, index).find((b) => b.service.meta.name === server.service && b.port.port === server.port);
  if (!via) return null;
  const c = connection.client;
  const client = c.kind === 'outside' ? null : evaluated.get(podKey(c.namespace, c.pod));
  if (client === undefined) return null;
  return canIBetween(client, endpoint, server.containerPort, via, { ...REQUEST, now: model.now }, index);
}

const byPodCache = new WeakMap<PostureComputation, ReadonlyMap<string, EvaluatedWorkload>>();

function workloadsByPod(computation: PostureComputation): ReadonlyMap<string, EvaluatedWorkload> {
  let map = byPodCache.get(computation);
  if (!map) byPodCache.set(computation, (map = new Map(computation.workloads.map((w) => [podKey(w.pod.meta.namespace, w.pod.meta.name), w]))));
  return map;
}
