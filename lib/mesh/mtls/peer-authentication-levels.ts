// Sorting PeerAuthentications into mesh / namespace / workload levels and picking one per level
// (istio-semantics PA-1..PA-6). Shared by the server-side mode (§1.3), the client-side namespace mode and findings.
import type { PeerAuthentication, Pod } from '@/lib/snapshot/types';
import { nsName } from '@/lib/snapshot/types';
import { isEmptySelector, isSelectedBy } from '../labels';
import { candidatesFor, type MeshIndex } from '../mesh-index';
import type { IgnoredPolicy } from '../model';

/**
 * PA-5: istiod sorts by creationTimestamp, then name, then namespace. A missing timestamp (hand-written manifests)
 * sorts first, like Go's zero time.
 */
export function compareByCreation(a: PeerAuthentication, b: PeerAuthentication): number {
  const ta = a.meta.creationTimestamp ? Date.parse(a.meta.creationTimestamp) : Number.NEGATIVE_INFINITY;
  const tb = b.meta.creationTimestamp ? Date.parse(b.meta.creationTimestamp) : Number.NEGATIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.meta.name !== b.meta.name) return a.meta.name < b.meta.name ? -1 : 1;
  if (a.meta.namespace !== b.meta.namespace) return a.meta.namespace < b.meta.namespace ? -1 : 1;
  return 0;
}

/** The oldest policy of a level and the ones it shadows (PA-4). */
export interface LevelChoice {
  readonly winner: PeerAuthentication | null;
  readonly shadowed: readonly PeerAuthentication[];
}

function chooseOldest(list: PeerAuthentication[]): LevelChoice {
  if (list.length === 0) return { winner: null, shadowed: [] };
  const sorted = list.length === 1 ? list : [...list].sort(compareByCreation);
  return { winner: sorted[0] ?? null, shadowed: sorted.slice(1) };
}

export interface PeerAuthenticationLevels {
  readonly mesh: LevelChoice;
  readonly namespace: LevelChoice;
  readonly workload: LevelChoice;
  /** Root-namespace policies with a selector: ignored (PA-3). */
  readonly rootSelectorIgnored: readonly PeerAuthentication[];
}

const namespaceLevelsCache = new WeakMap<MeshIndex, Map<string, Omit<PeerAuthenticationLevels, 'workload'>>>();

/** The mesh-level and namespace-level choice of a namespace, which do not depend on the pod (memoised per index). */
export function namespaceLevels(namespace: string, index: MeshIndex): Omit<PeerAuthenticationLevels, 'workload'> {
  let perNamespace = namespaceLevelsCache.get(index);
  if (!perNamespace) namespaceLevelsCache.set(index, (perNamespace = new Map()));
  let levels = perNamespace.get(namespace);
  if (!levels) perNamespace.set(namespace, (levels = computeNamespaceLevels(namespace, index)));
  return levels;
}

function computeNamespaceLevels(namespace: string, index: MeshIndex): Omit<PeerAuthenticationLevels, 'workload'> {
  const root = index.rootNamespace;
  const mesh: PeerAuthentication[] = [];
  const ns: PeerAuthentication[] = [];
  const rootSelectorIgnored: PeerAuthentication[] = [];
  for (const pa of candidatesFor(index.peerAuthenticationsByNamespace, namespace, root)) {
    const empty = isEmptySelector(pa.selector);
    if (pa.meta.namespace === root) {
      if (empty) mesh.push(pa);
      else rootSelectorIgnored.push(pa);
    } else if (empty) {
      ns.push(pa);
    }
  }
  return { mesh: chooseOldest(mesh), namespace: chooseOldest(ns), rootSelectorIgnored };
}

/** PA-1..PA-6 for one pod. */
export function peerAuthenticationLevels(pod: Pod, index: MeshIndex): PeerAuthenticationLevels {
  const levels = namespaceLevels(pod.meta.namespace, index);
  const workload: PeerAuthentication[] = [];
  if (pod.meta.namespace !== index.rootNamespace) {
    for (const pa of index.peerAuthenticationsByNamespace.get(pod.meta.namespace) ?? []) {
      if (!isEmptySelector(pa.selector) && isSelectedBy(pa.selector, pod.meta.labels)) workload.push(pa);
    }
  }
  // Only the ignored root policies that would have selected this pod are worth telling its owner about.
  const rootSelectorIgnored = levels.rootSelectorIgnored.filter((pa) => isSelectedBy(pa.selector, pod.meta.labels));
  return { ...levels, rootSelectorIgnored, workload: chooseOldest(workload) };
}

/** Why each candidate that does not count was left out, for the drill-down. */
export function ignoredPeerAuthentications(levels: PeerAuthenticationLevels): IgnoredPolicy[] {
  const out: IgnoredPolicy[] = [];
  const shadow = (choice: LevelChoice, level: string, rule: string) => {
    for (const pa of choice.shadowed) {
      out.push({ policy: nsName(pa.meta), reason: `newer ${level}-level PeerAuthentication; the oldest, ${nsName(choice.winner!.meta)}, wins (${rule})` });
    }
  };
  shadow(levels.mesh, 'mesh', 'PA-4, PA-6');
  shadow(levels.namespace, 'namespace', 'PA-4, PA-6');
  shadow(levels.workload, 'workload', 'PA-4');
  for (const pa of levels.rootSelectorIgnored) {
    out.push({ policy: nsName(pa.meta), reason: 'PeerAuthentication with a selector in the root namespace is ignored (PA-3)' });
  }
  return out;
}
