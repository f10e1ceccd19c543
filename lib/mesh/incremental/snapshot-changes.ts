// What changed between two snapshots, by object identity: the namespaces whose objects were added, removed,
// replaced or reordered, or the reason the change is global (then only a full recompute is right).
// Identity is the contract with the sources: an unchanged object keeps its reference (parse cache), so this is
// a reference scan, not a deep comparison. A changed object with a new reference is always detected; an object
// mutated in place is not (snapshots are immutable data).
import type { MeshSnapshot } from '@/lib/snapshot/types';
import type { PostureComputation } from '../compute-posture';

export type SnapshotChanges =
  | { readonly type: 'full'; readonly reason: string }
  | { readonly type: 'namespaces'; readonly dirty: ReadonlySet<string> };

/** Past this many positional mismatches, a set comparison is cheaper (and says more precisely what moved). */
const POSITIONAL_LIMIT = 16;

/**
 * Adds to `out` the namespace of every object of `next` not in `prev` and vice versa, and of objects whose relative
 * order changed (the engine's output order follows snapshot order, e.g. the clients a finding lists).
 */
export function collectChangedNamespaces<T>(prev: readonly T[], next: readonly T[], namespaceOf: (item: T) => string, out: Set<string>): void {
  if (prev === next) return;
  if (alignedChanges(prev, next, namespaceOf, out)) return;
  const prevSet = new Set(prev);
  const nextSet = new Set(next);
  for (const item of next) if (!prevSet.has(item)) out.add(namespaceOf(item));
  for (const item of prev) if (!nextSet.has(item)) out.add(namespaceOf(item));
  // Objects kept on both sides must keep their relative order.
  const keptPrev = prev.filter((item) => nextSet.has(item));
  const keptNext = next.filter((item) => prevSet.has(item));
  for (let i = 0; i < keptNext.length; i++) {
    if (keptPrev[i] !== keptNext[i]) {
      out.add(namespaceOf(keptPrev[i]!));
      out.add(namespaceOf(keptNext[i]!));
    }
  }
}

/** How far ahead a mismatch is looked for its match (an insertion or deletion of up to this many objects). */
const WINDOW = 8;

/**
 * The cheap path: walks both lists in step, resynchronising after a few inserted, deleted or replaced objects, and
 * marks the namespace of every object left unmatched. Matched objects are in the same relative order on both sides.
 * Returns false (having marked only a superset of what it saw) when the lists differ too much for this.
 */
function alignedChanges<T>(prev: readonly T[], next: readonly T[], namespaceOf: (item: T) => string, out: Set<string>): boolean {
  let i = 0;
  let j = 0;
  let edits = 0;
  const found = new Set<string>();
  while (i < prev.length && j < next.length) {
    if (prev[i] === next[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > POSITIONAL_LIMIT) return false;
    let resynced = false;
    for (let k = 1; k <= WINDOW && !resynced; k++) {
      if (prev[i + k] === next[j]) {
        for (let d = i; d < i + k; d++) found.add(namespaceOf(prev[d]!));
        i += k;
        resynced = true;
      } else if (next[j + k] === prev[i]) {
        for (let d = j; d < j + k; d++) found.add(namespaceOf(next[d]!));
        j += k;
        resynced = true;
      }
    }
    if (!resynced) {
      // Replaced in place (or moved): both sides' objects are changes.
      found.add(namespaceOf(prev[i]!));
      found.add(namespaceOf(next[j]!));
      i++;
      j++;
    }
  }
  if (prev.length - i + next.length - j > WINDOW) return false;
  for (; i < prev.length; i++) found.add(namespaceOf(prev[i]!));
  for (; j < next.length; j++) found.add(namespaceOf(next[j]!));
  for (const ns of found) out.add(ns);
  return true;
}

const byMeta = (o: { readonly meta: { readonly namespace: string } }): string => o.meta.namespace;
const byName = (o: { readonly meta: { readonly name: string } }): string => o.meta.name;
const byField = (o: { readonly namespace: string }): string => o.namespace;

const sameJson = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The engine reads each kind's status and reason, never its asOf (which moves with every resync). */
function sameProvenance(a: MeshSnapshot['kinds'], b: MeshSnapshot['kinds']): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof MeshSnapshot['kinds'])[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => sameJson({ ...a[k], asOf: null }, { ...b[k], asOf: null }));
}

/**
 * The namespaces a change touches, or why it is global. Global: the source label, the kinds' provenance, the mesh
 * config (root namespace, trust domain, providers...), any object of the root namespace (its policies apply to every
 * namespace: PA-1, Z-1, J-1) and any DestinationRule (exportTo and host lookup cross namespaces, C-1..C-4) and any Gateway (waypoints serve other
 * namespaces).
 * A new `now` re-judges every proxy certificate: the namespaces holding proxy certificate data become dirty.
 */
export function snapshotChanges(previous: PostureComputation, next: MeshSnapshot, now: string): SnapshotChanges {
  const prev = previous.index.snapshot;
  if (prev === next && previous.model.now === now) return { type: 'namespaces', dirty: new Set() };
  if (prev.source !== next.source) return { type: 'full', reason: 'the source changed' };
  if (!sameProvenance(prev.kinds, next.kinds)) return { type: 'full', reason: 'the provenance of a kind changed' };
  if (!sameJson(prev.meshConfig, next.meshConfig)) return { type: 'full', reason: 'the mesh config changed' };
  const drs = new Set<string>();
  collectChangedNamespaces(prev.destinationRules, next.destinationRules, byMeta, drs);
  if (drs.size > 0) return { type: 'full', reason: 'a DestinationRule changed' };
  // A waypoint serves Services and pods of other namespaces (istio.io/use-waypoint-namespace): global.
  const gateways = new Set<string>();
  collectChangedNamespaces(prev.gateways, next.gateways, byMeta, gateways);
  if (gateways.size > 0) return { type: 'full', reason: 'a Gateway (waypoint) changed' };

  const dirty = new Set<string>();
  collectChangedNamespaces(prev.namespaces, next.namespaces, byName, dirty);
  collectChangedNamespaces(prev.pods, next.pods, byMeta, dirty);
  collectChangedNamespaces(prev.services, next.services, byMeta, dirty);
  collectChangedNamespaces(prev.serviceAccounts, next.serviceAccounts, byMeta, dirty);
  collectChangedNamespaces(prev.peerAuthentications, next.peerAuthentications, byMeta, dirty);
  collectChangedNamespaces(prev.authorizationPolicies, next.authorizationPolicies, byMeta, dirty);
  collectChangedNamespaces(prev.requestAuthentications, next.requestAuthentications, byMeta, dirty);
  collectChangedNamespaces(prev.envoyFilters, next.envoyFilters, byMeta, dirty);
  collectChangedNamespaces(prev.telemetries, next.telemetries, byMeta, dirty);
  collectChangedNamespaces(prev.istioGateways, next.istioGateways, byMeta, dirty);
  collectChangedNamespaces(prev.rootCertConfigMaps, next.rootCertConfigMaps, byField, dirty);
  collectChangedNamespaces(prev.proxyCertificates, next.proxyCertificates, byField, dirty);
  if (previous.model.now !== now) {
    for (const pc of prev.proxyCertificates) dirty.add(pc.namespace);
    for (const pc of next.proxyCertificates) dirty.add(pc.namespace);
  }
  if (dirty.has(next.meshConfig.rootNamespace)) return { type: 'full', reason: 'an object of the root namespace changed' };
  return { type: 'namespaces', dirty };
}
