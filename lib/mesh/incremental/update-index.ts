// The MeshIndex of a new snapshot from the previous one: the per-namespace tables of untouched namespaces are kept,
// those of the dirty namespaces are rebuilt from the new snapshot (in snapshot order, as buildMeshIndex does).
// Only valid when the change is confined to `dirty` (snapshotChanges): mesh config and root namespace unchanged.
import type { MeshSnapshot, Namespace, ProxyCertificates } from '@/lib/snapshot/types';
import { podKey, type MeshIndex } from '../mesh-index';

type Namespaced = { readonly meta: { readonly namespace: string } };

function regroup<T extends Namespaced>(previous: ReadonlyMap<string, readonly T[]>, items: readonly T[], dirty: ReadonlySet<string>): Map<string, readonly T[]> {
  const out = new Map(previous);
  for (const ns of dirty) out.delete(ns);
  const rebuilt = new Map<string, T[]>();
  for (const item of items) {
    const ns = item.meta.namespace;
    if (!dirty.has(ns)) continue;
    const list = rebuilt.get(ns);
    if (list) list.push(item);
    else rebuilt.set(ns, [item]);
  }
  for (const [ns, list] of rebuilt) out.set(ns, list);
  return out;
}

/** Same preference as buildMeshIndex: a full chain over an expiry-only record, then the most recent read. */
function prefer(prev: ProxyCertificates | undefined, pc: ProxyCertificates): boolean {
  return !prev || (pc.chain.length > 0 && prev.chain.length === 0) || (pc.chain.length > 0 === prev.chain.length > 0 && pc.asOf > prev.asOf);
}

export function updateMeshIndex(previous: MeshIndex, snapshot: MeshSnapshot, dirty: ReadonlySet<string>): MeshIndex {
  if (dirty.size === 0) return { ...previous, snapshot };
  const namespaces = new Map<string, Namespace>(previous.namespaces);
  for (const ns of dirty) namespaces.delete(ns);
  for (const ns of snapshot.namespaces) if (dirty.has(ns.meta.name)) namespaces.set(ns.meta.name, ns);

  const podsByNamespace = regroup(previous.podsByNamespace, snapshot.pods, dirty);
  const podByKey = new Map(previous.podByKey);
  for (const ns of dirty) for (const p of previous.podsByNamespace.get(ns) ?? []) podByKey.delete(podKey(ns, p.meta.name));
  for (const ns of dirty) for (const p of podsByNamespace.get(ns) ?? []) podByKey.set(podKey(ns, p.meta.name), p);

  const proxyCertificatesByPod = new Map(previous.proxyCertificatesByPod);
  for (const pc of previous.snapshot.proxyCertificates) if (dirty.has(pc.namespace)) proxyCertificatesByPod.delete(podKey(pc.namespace, pc.pod));
  for (const pc of snapshot.proxyCertificates) {
    if (!dirty.has(pc.namespace)) continue;
    const key = podKey(pc.namespace, pc.pod);
    if (prefer(proxyCertificatesByPod.get(key), pc)) proxyCertificatesByPod.set(key, pc);
  }

  let namespaceNames = previous.namespaceNames;
  const present = (ns: string) => namespaces.has(ns) || podsByNamespace.has(ns);
  const before = new Set(previous.namespaceNames);
  if ([...dirty].some((ns) => present(ns) !== before.has(ns))) {
    for (const ns of dirty) {
      if (present(ns)) before.add(ns);
      else before.delete(ns);
    }
    namespaceNames = [...before].sort();
  }

  return {
    snapshot,
    rootNamespace: snapshot.meshConfig.rootNamespace,
    namespaces,
    namespaceNames,
    podsByNamespace,
    podByKey,
    servicesByNamespace: regroup(previous.servicesByNamespace, snapshot.services, dirty),
    peerAuthenticationsByNamespace: regroup(previous.peerAuthenticationsByNamespace, snapshot.peerAuthentications, dirty),
    authorizationPoliciesByNamespace: regroup(previous.authorizationPoliciesByNamespace, snapshot.authorizationPolicies, dirty),
    requestAuthenticationsByNamespace: regroup(previous.requestAuthenticationsByNamespace, snapshot.requestAuthentications, dirty),
    destinationRulesByNamespace: previous.destinationRulesByNamespace,
    envoyFiltersByNamespace: regroup(previous.envoyFiltersByNamespace, snapshot.envoyFilters, dirty),
    telemetriesByNamespace: regroup(previous.telemetriesByNamespace, snapshot.telemetries, dirty),
    proxyCertificatesByPod,
  };
}
