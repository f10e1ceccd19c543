// Per-namespace lookups over one computation's workloads and Services that the incremental findings read instead
// of walking the whole mesh on every event. Built once (the first incremental step after a full computation), then
// carried from one computation to the next and updated for the dirty namespaces only. A state belongs to one
// computation (keyed by its MeshIndex) and is moved to the next one, not copied: a second step from the same
// computation finds none and builds its own.
// Workload order: lists per namespace keep the computation's workload (snapshot) order; across namespaces that
// order is only known by walking the workloads, done when a result depends on it (inWorkloadOrder).
import type { Pod, Service } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { envHostTokens } from '../findings/likely-clients';
import { podKey, type MeshIndex } from '../mesh-index';
import { serviceFqdn } from '../ports';

export interface FindingsState {
  /** The workloads this state describes (the computation's array). */
  workloads: readonly EvaluatedWorkload[];
  readonly byNamespace: Map<string, readonly EvaluatedWorkload[]>;
  readonly byPod: Map<string, EvaluatedWorkload>;
  /** Sidecar workloads per namespace, ordinary ones before gateways (the DestinationRule witness candidates). */
  readonly sidecarClients: Map<string, readonly EvaluatedWorkload[]>;
  /** The pod of each namespace's first sidecar workload. */
  readonly firstSidecar: Map<string, Pod>;
  /** Namespaces with a sidecar workload, in order of their first one. */
  clientOrder: readonly string[];
  /** Namespace M → namespace N ≠ M → the workloads of N without a dataplane whose env names M (likely plaintext clients). */
  readonly plaintextNaming: Map<string, Map<string, readonly EvaluatedWorkload[]>>;
  /** Workloads per namespace holding a root that is expiring or expired (what MP503 lists). */
  readonly rootHolders: Map<string, readonly EvaluatedWorkload[]>;
  /** Services by lower-cased FQDN, as the DestinationRule checks look hosts up. */
  readonly servicesByFqdn: Map<string, Service>;
  /** Services whose name or namespace holds a dot: FQDNs could then collide across namespaces (not valid Kubernetes names). */
  dottedServices: number;
}

const mentionCache = new WeakMap<Pod, readonly string[]>();

/** Namespaces a pod's env values may name a Service of (MP105/MP106 likely clients): `<svc>.<ns>...`, or its own for a bare `<svc>`; its own left out. */
export function namespacesNamedByEnv(pod: Pod): readonly string[] {
  let out = mentionCache.get(pod);
  if (out) return out;
  const set = new Set<string>();
  for (const c of [...pod.containers, ...pod.initContainers]) {
    for (const value of c.envValues) {
      for (const host of envHostTokens(value)) set.add(host.includes('.') ? (host.split('.')[1] ?? '') : pod.meta.namespace);
    }
  }
  set.delete(pod.meta.namespace);
  out = [...set];
  mentionCache.set(pod, out);
  return out;
}

const holdsExpiringRoot = (w: EvaluatedWorkload) => w.posture.certificate?.roots.some((r) => r.status === 'expiring' || r.status === 'expired') ?? false;
const isDotted = (s: Service) => s.meta.name.includes('.') || s.meta.namespace.includes('.');

function setOrDelete<V>(map: Map<string, readonly V[]>, key: string, list: readonly V[]): void {
  if (list.length > 0) map.set(key, list);
  else map.delete(key);
}

/** Fills the per-namespace entries of `ns` from its workloads (in workload order); the caller cleared the old ones. */
function addNamespace(state: FindingsState, ns: string, workloads: readonly EvaluatedWorkload[]): void {
  setOrDelete(state.byNamespace, ns, workloads);
  for (const w of workloads) state.byPod.set(podKey(ns, w.pod.meta.name), w);
  const sidecars = workloads.filter((w) => w.dataplane === 'sidecar');
  if (sidecars[0]) state.firstSidecar.set(ns, sidecars[0].pod);
  else state.firstSidecar.delete(ns);
  // Ordinary workloads stand for their namespace before gateways (as destination-rule-checks orders them).
  setOrDelete(state.sidecarClients, ns, sidecars.sort((a, b) => Number(a.isGateway) - Number(b.isGateway)));
  setOrDelete(state.rootHolders, ns, workloads.filter(holdsExpiringRoot));
  const naming = new Map<string, EvaluatedWorkload[]>();
  for (const w of workloads) {
    if (w.dataplane !== 'none') continue;
    for (const named of namespacesNamedByEnv(w.pod)) (naming.get(named) ?? naming.set(named, []).get(named)!).push(w);
  }
  for (const [named, clients] of naming) (state.plaintextNaming.get(named) ?? state.plaintextNaming.set(named, new Map()).get(named)!).set(ns, clients);
}

function removeNamespace(state: FindingsState, ns: string): void {
  const old = state.byNamespace.get(ns) ?? [];
  for (const w of old) {
    state.byPod.delete(podKey(ns, w.pod.meta.name));
    if (w.dataplane !== 'none') continue;
    for (const named of namespacesNamedByEnv(w.pod)) {
      const byClient = state.plaintextNaming.get(named);
      byClient?.delete(ns);
      if (byClient?.size === 0) state.plaintextNaming.delete(named);
    }
  }
  state.byNamespace.delete(ns);
}

function addServices(state: FindingsState, services: readonly Service[]): void {
  for (const s of services) {
    state.servicesByFqdn.set(serviceFqdn(s).toLowerCase(), s);
    if (isDotted(s)) state.dottedServices++;
  }
}

function firstSidecarOrder(workloads: readonly EvaluatedWorkload[]): string[] {
  const seen = new Set<string>();
  for (const w of workloads) if (w.dataplane === 'sidecar') seen.add(w.pod.meta.namespace);
  return [...seen];
}

export function buildFindingsState(index: MeshIndex, workloads: readonly EvaluatedWorkload[]): FindingsState {
  const state: FindingsState = {
    workloads,
    byNamespace: new Map(),
    byPod: new Map(),
    sidecarClients: new Map(),
    firstSidecar: new Map(),
    clientOrder: [],
    plaintextNaming: new Map(),
    rootHolders: new Map(),
    servicesByFqdn: new Map(),
    dottedServices: 0,
  };
  const grouped = new Map<string, EvaluatedWorkload[]>();
  for (const w of workloads) {
    const ns = w.pod.meta.namespace;
    const list = grouped.get(ns);
    if (list) list.push(w);
    else grouped.set(ns, [w]);
  }
  for (const [ns, list] of grouped) addNamespace(state, ns, list);
  state.clientOrder = firstSidecarOrder(workloads);
  addServices(state, index.snapshot.services);
  return state;
}

/** The workloads of each dirty namespace, in workload order, by one walk (when the caller did not pass them). */
export function workloadsOfNamespaces(workloads: readonly EvaluatedWorkload[], namespaces: ReadonlySet<string>): Map<string, EvaluatedWorkload[]> {
  const out = new Map<string, EvaluatedWorkload[]>([...namespaces].map((ns) => [ns, []]));
  for (const w of workloads) out.get(w.pod.meta.namespace)?.push(w);
  return out;
}

/**
 * Moves `state` from the previous computation to the next: the entries of the dirty namespaces are rebuilt from their
 * new workloads and Services; the others are kept (their objects, and their relative order, did not change).
 */
export function updateFindingsState(
  state: FindingsState,
  previousIndex: MeshIndex,
  index: MeshIndex,
  workloads: readonly EvaluatedWorkload[],
  dirtyWorkloads: ReadonlyMap<string, readonly EvaluatedWorkload[]>,
): void {
  for (const ns of dirtyWorkloads.keys()) removeNamespace(state, ns);
  for (const [ns, list] of dirtyWorkloads) addNamespace(state, ns, list);
  for (const ns of dirtyWorkloads.keys()) {
    for (const s of previousIndex.servicesByNamespace.get(ns) ?? []) {
      const fqdn = serviceFqdn(s).toLowerCase();
      if (state.servicesByFqdn.get(fqdn) === s) state.servicesByFqdn.delete(fqdn);
      if (isDotted(s)) state.dottedServices--;
    }
  }
  for (const ns of dirtyWorkloads.keys()) addServices(state, index.servicesByNamespace.get(ns) ?? []);
  if (state.dottedServices > 0) {
    // Dotted names may make two namespaces' Services share an FQDN: the last one in snapshot order wins, as in the full path.
    state.servicesByFqdn.clear();
    state.dottedServices = 0;
    addServices(state, index.snapshot.services);
  }
  state.clientOrder = clientOrderAfter(state, workloads, dirtyWorkloads);
  state.workloads = workloads;
}

/**
 * The namespaces in order of their first sidecar workload after a change to `dirty`: the others keep their relative
 * order; each dirty namespace's first sidecar is found in the workloads and placed after the nearest first sidecar of
 * another namespace before it (a walk back from it, usually short). A workload not found (the caller's lists are
 * not the computation's objects) means a whole walk.
 */
function clientOrderAfter(state: FindingsState, workloads: readonly EvaluatedWorkload[], dirtyWorkloads: ReadonlyMap<string, readonly EvaluatedWorkload[]>): string[] {
  const kept = state.clientOrder.filter((ns) => !dirtyWorkloads.has(ns));
  const isKeptFirst = (w: EvaluatedWorkload) => {
    const ns = w.pod.meta.namespace;
    return w.dataplane === 'sidecar' && !dirtyWorkloads.has(ns) && state.firstSidecar.get(ns) === w.pod;
  };
  // Dirty namespaces placed after each kept one ('' = before the first), with their first sidecar's position.
  const after = new Map<string, { ns: string; at: number }[]>();
  for (const [ns, list] of dirtyWorkloads) {
    const first = list.find((w) => w.dataplane === 'sidecar');
    if (!first) continue;
    const at = workloads.indexOf(first);
    if (at < 0) return firstSidecarOrder(workloads);
    let anchor = '';
    for (let i = at - 1; i >= 0; i--) {
      if (isKeptFirst(workloads[i]!)) {
        anchor = workloads[i]!.pod.meta.namespace;
        break;
      }
    }
    (after.get(anchor) ?? after.set(anchor, []).get(anchor)!).push({ ns, at });
  }
  const placed = (anchor: string) => (after.get(anchor) ?? []).sort((a, b) => a.at - b.at).map((d) => d.ns);
  const out = placed('');
  for (const ns of kept) out.push(ns, ...placed(ns));
  return out;
}

/**
 * `lists` (each in workload order, e.g. per namespace) merged in the computation's workload order, each workload
 * once. One list needs no walk; several take one walk over the workloads.
 */
export function inWorkloadOrder(state: FindingsState, lists: readonly (readonly EvaluatedWorkload[])[]): EvaluatedWorkload[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length <= 1) return [...(nonEmpty[0] ?? [])];
  const wanted = new Map<Pod, EvaluatedWorkload>();
  for (const l of nonEmpty) for (const w of l) wanted.set(w.pod, w);
  const out: EvaluatedWorkload[] = [];
  for (const w of state.workloads) {
    const mine = wanted.get(w.pod);
    if (mine) out.push(mine);
  }
  return out;
}
