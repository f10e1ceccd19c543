// Lookup tables over one snapshot, built once per computation so every per-workload step is a map access.
import type {
  AuthorizationPolicy,
  DestinationRule,
  EnvoyFilter,
  Gateway,
  MeshSnapshot,
  Namespace,
  PeerAuthentication,
  Pod,
  ProxyCertificates,
  RequestAuthentication,
  Service,
  Telemetry,
} from '@/lib/snapshot/types';

export interface MeshIndex {
  readonly snapshot: MeshSnapshot;
  readonly rootNamespace: string;
  readonly namespaces: ReadonlyMap<string, Namespace>;
  /** Every namespace name that has an object of any kind, sorted. */
  readonly namespaceNames: readonly string[];
  readonly podsByNamespace: ReadonlyMap<string, readonly Pod[]>;
  /** Namespace → pod name → pod (the last of a name wins). Per namespace, so an update copies only what changed: see findPod. */
  readonly podsByName: ReadonlyMap<string, ReadonlyMap<string, Pod>>;
  readonly servicesByNamespace: ReadonlyMap<string, readonly Service[]>;
  readonly peerAuthenticationsByNamespace: ReadonlyMap<string, readonly PeerAuthentication[]>;
  readonly authorizationPoliciesByNamespace: ReadonlyMap<string, readonly AuthorizationPolicy[]>;
  readonly requestAuthenticationsByNamespace: ReadonlyMap<string, readonly RequestAuthentication[]>;
  readonly destinationRulesByNamespace: ReadonlyMap<string, readonly DestinationRule[]>;
  readonly envoyFiltersByNamespace: ReadonlyMap<string, readonly EnvoyFilter[]>;
  readonly telemetriesByNamespace: ReadonlyMap<string, readonly Telemetry[]>;
  /** Gateway API Gateways (waypoints), by namespace. */
  readonly gatewaysByNamespace: ReadonlyMap<string, readonly Gateway[]>;
  /** Namespace → pod name → the preferred certificate record of its proxy (see preferProxyCertificates). */
  readonly proxyCertificatesByPod: ReadonlyMap<string, ReadonlyMap<string, ProxyCertificates>>;
}

export function findPod(index: MeshIndex, namespace: string, name: string): Pod | undefined {
  return index.podsByName.get(namespace)?.get(name);
}

export function findProxyCertificates(index: MeshIndex, namespace: string, pod: string): ProxyCertificates | undefined {
  return index.proxyCertificatesByPod.get(namespace)?.get(pod);
}

export function podsByNameOf(pods: readonly Pod[]): Map<string, Pod> {
  return new Map(pods.map((p) => [p.meta.name, p] as const));
}

/** Several tiers may report one proxy: keep the one read most recently, preferring full chains. */
export function groupProxyCertificates(records: readonly ProxyCertificates[]): Map<string, Map<string, ProxyCertificates>> {
  const out = new Map<string, Map<string, ProxyCertificates>>();
  for (const pc of records) {
    let byPod = out.get(pc.namespace);
    if (!byPod) out.set(pc.namespace, (byPod = new Map()));
    const prev = byPod.get(pc.pod);
    if (!prev || (pc.chain.length > 0 && prev.chain.length === 0) || (pc.chain.length > 0 === prev.chain.length > 0 && pc.asOf > prev.asOf)) {
      byPod.set(pc.pod, pc);
    }
  }
  return out;
}

export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function groupByNamespace<T extends { readonly meta: { readonly namespace: string } }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.meta.namespace);
    if (list) list.push(item);
    else out.set(item.meta.namespace, [item]);
  }
  return out;
}

export function buildMeshIndex(snapshot: MeshSnapshot): MeshIndex {
  const namespaces = new Map(snapshot.namespaces.map((ns) => [ns.meta.name, ns] as const));
  const podsByNamespace = groupByNamespace(snapshot.pods);
  const podsByName = new Map([...podsByNamespace].map(([ns, pods]) => [ns, podsByNameOf(pods)] as const));
  const names = new Set<string>(namespaces.keys());
  for (const ns of podsByNamespace.keys()) names.add(ns);
  return {
    snapshot,
    rootNamespace: snapshot.meshConfig.rootNamespace,
    namespaces,
    namespaceNames: [...names].sort(),
    podsByNamespace,
    podsByName,
    servicesByNamespace: groupByNamespace(snapshot.services),
    peerAuthenticationsByNamespace: groupByNamespace(snapshot.peerAuthentications),
    authorizationPoliciesByNamespace: groupByNamespace(snapshot.authorizationPolicies),
    requestAuthenticationsByNamespace: groupByNamespace(snapshot.requestAuthentications),
    destinationRulesByNamespace: groupByNamespace(snapshot.destinationRules),
    envoyFiltersByNamespace: groupByNamespace(snapshot.envoyFilters),
    telemetriesByNamespace: groupByNamespace(snapshot.telemetries),
    gatewaysByNamespace: groupByNamespace(snapshot.gateways),
    proxyCertificatesByPod: groupProxyCertificates(snapshot.proxyCertificates),
  };
}

/** Policies of a kind that are candidates for a workload in `namespace`: its own namespace and the root namespace (PA-1, Z-1, J-1). */
export function candidatesFor<T>(byNamespace: ReadonlyMap<string, readonly T[]>, namespace: string, rootNamespace: string): readonly T[] {
  const own = byNamespace.get(namespace) ?? [];
  if (namespace === rootNamespace) return own;
  const root = byNamespace.get(rootNamespace) ?? [];
  if (root.length === 0) return own;
  if (own.length === 0) return root;
  return [...root, ...own];
}
