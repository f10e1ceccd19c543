// The MeshIndex of a new snapshot from the previous one: the per-namespace tables of untouched namespaces are kept,
// those of the dirty namespaces are rebuilt from the new snapshot (in snapshot order, as buildMeshIndex does).
// A collection the snapshot did not replace (same array) keeps its whole table. Nothing here copies a table entry
// per pod: the tables are keyed by namespace, so an update costs the dirty namespaces plus one pass over the
// collections that changed.
// Only valid when the change is confined to `dirty` (snapshotChanges): mesh config and root namespace unchanged.
import type { MeshSnapshot, Namespace } from '@/lib/snapshot/types';
import { groupProxyCertificates, podsByNameOf, type MeshIndex } from '../mesh-index';

type Namespaced = { readonly meta: { readonly namespace: string } };

function regroup<T extends Namespaced>(
  previous: ReadonlyMap<string, readonly T[]>,
  before: readonly T[],
  items: readonly T[],
  dirty: ReadonlySet<string>,
): ReadonlyMap<string, readonly T[]> {
  if (before === items) return previous;
  const out = new Map(previous);
  for (const ns of dirty) out.delete(ns);
  for (const item of items) {
    const ns = item.meta.namespace;
    if (!dirty.has(ns)) continue;
    const list = out.get(ns) as T[] | undefined;
    if (list) list.push(item);
    else out.set(ns, [item]);
  }
  return out;
}

export function updateMeshIndex(previous: MeshIndex, snapshot: MeshSnapshot, dirty: ReadonlySet<string>): MeshIndex {
  if (dirty.size === 0) return { ...previous, snapshot };
  const before = previous.snapshot;
  let namespaces = previous.namespaces;
  if (before.namespaces !== snapshot.namespaces) {
    const next = new Map<string, Namespace>(previous.namespaces);
    for (const ns of dirty) next.delete(ns);
    for (const ns of snapshot.namespaces) if (dirty.has(ns.meta.name)) next.set(ns.meta.name, ns);
    namespaces = next;
  }

  const podsByNamespace = regroup(previous.podsByNamespace, before.pods, snapshot.pods, dirty);
  let podsByName = previous.podsByName;
  if (podsByNamespace !== previous.podsByNamespace) {
    const next = new Map(previous.podsByName);
    for (const ns of dirty) {
      const pods = podsByNamespace.get(ns);
      if (pods) next.set(ns, podsByNameOf(pods));
      else next.delete(ns);
    }
    podsByName = next;
  }

  let namespaceNames = previous.namespaceNames;
  const present = (ns: string) => namespaces.has(ns) || podsByNamespace.has(ns);
  const known = new Set(previous.namespaceNames);
  if ([...dirty].some((ns) => present(ns) !== known.has(ns))) {
    for (const ns of dirty) {
      if (present(ns)) known.add(ns);
      else known.delete(ns);
    }
    namespaceNames = [...known].sort();
  }

  return {
    snapshot,
    rootNamespace: snapshot.meshConfig.rootNamespace,
    namespaces,
    namespaceNames,
    podsByNamespace,
    podsByName,
    servicesByNamespace: regroup(previous.servicesByNamespace, before.services, snapshot.services, dirty),
    peerAuthenticationsByNamespace: regroup(previous.peerAuthenticationsByNamespace, before.peerAuthentications, snapshot.peerAuthentications, dirty),
    authorizationPoliciesByNamespace: regroup(previous.authorizationPoliciesByNamespace, before.authorizationPolicies, snapshot.authorizationPolicies, dirty),
    requestAuthenticationsByNamespace: regroup(previous.requestAuthenticationsByNamespace, before.requestAuthentications, snapshot.requestAuthentications, dirty),
    destinationRulesByNamespace: previous.destinationRulesByNamespace,
    envoyFiltersByNamespace: regroup(previous.envoyFiltersByNamespace, before.envoyFilters, snapshot.envoyFilters, dirty),
    telemetriesByNamespace: regroup(previous.telemetriesByNamespace, before.telemetries, snapshot.telemetries, dirty),
    // A changed Gateway makes the step a full recompute (snapshot-changes), so here they are the previous ones.
    gatewaysByNamespace: previous.gatewaysByNamespace,
    // Proxy certificates arrive all at once from the collector (not per event): regrouped whole when they change.
    proxyCertificatesByPod: before.proxyCertificates === snapshot.proxyCertificates ? previous.proxyCertificatesByPod : groupProxyCertificates(snapshot.proxyCertificates),
  };
}
