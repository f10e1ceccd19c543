// The posture of a snapshot computed from the previous computation: only the namespaces whose objects changed
// (by identity, see ./incremental/snapshot-changes) have their workloads, namespace posture and findings
// recomputed; a global change (mesh config, root namespace, provenance, DestinationRules) is a full recompute.
// The result is the one computePostureDetailed gives for the same snapshot and `now` (property-tested).
import { computePostureDetailed, postureModel, type ComputeOptions, type PostureComputation } from './compute-posture';
import { evaluateWorkload, type EvaluatedWorkload } from './evaluate-workloads';
import { computeFindingsIncremental, prepareIncrementalFindings } from './incremental/incremental-findings';
import { snapshotChanges } from './incremental/snapshot-changes';
import { updateMeshIndex } from './incremental/update-index';
import type { NamespacePosture } from './model';
import { assessNamespace } from './phases/assess-phases';
import type { MeshSnapshot, Pod } from '@/lib/snapshot/types';

export interface IncrementalOptions extends ComputeOptions {
  /** Called with why a full recompute was needed (for logs and the benchmark), or null when it was incremental. */
  readonly onStrategy?: (fullReason: string | null) => void;
}

function previousWorkloadOf(previous: PostureComputation): (pod: Pod, position: number) => EvaluatedWorkload | undefined {
  const before = previous.workloads;
  let byPod: Map<Pod, EvaluatedWorkload> | null = null;
  // Unchanged pods keep their order: after an insertion or deletion they sit a few places off, so follow the shift.
  let shift = 0;
  return (pod, position) => {
    const at = position + shift;
    if (before[at]?.pod === pod) return before[at];
    if (before[at - 1]?.pod === pod) {
      shift -= 1;
      return before[at - 1];
    }
    if (before[at + 1]?.pod === pod) {
      shift += 1;
      return before[at + 1];
    }
    byPod ??= new Map(before.map((w) => [w.pod, w] as const));
    return byPod.get(pod);
  };
}

/**
 * Prepares what the first incremental step from a full computation would build first (the findings' per-namespace
 * state), so that step costs what the others do. Optional, idempotent; for idle time after a full recompute.
 */
export function prepareIncremental(computation: PostureComputation): void {
  prepareIncrementalFindings(computation);
}

export function computePostureIncremental(previous: PostureComputation, snapshot: MeshSnapshot, options: IncrementalOptions): PostureComputation {
  const changes = snapshotChanges(previous, snapshot, options.now);
  if (changes.type === 'full') {
    options.onStrategy?.(changes.reason);
    return computePostureDetailed(snapshot, options);
  }
  options.onStrategy?.(null);
  const { dirty } = changes;
  const index = updateMeshIndex(previous.index, snapshot, dirty);

  const reuse = previousWorkloadOf(previous);
  const dirtyWorkloads = new Map<string, EvaluatedWorkload[]>([...dirty].map((ns) => [ns, []]));
  const workloads = snapshot.pods.map((pod, i) => {
    const recomputed = dirtyWorkloads.get(pod.meta.namespace);
    const kept = recomputed ? undefined : reuse(pod, i);
    if (kept) return kept;
    const w = evaluateWorkload(pod, index, options.now);
    recomputed?.push(w);
    return w;
  });

  const previousNamespaces = new Map(previous.model.namespaces.map((ns) => [ns.name, ns] as const));
  const namespaces = index.namespaceNames.map((ns): NamespacePosture => {
    const kept = dirty.has(ns) ? undefined : previousNamespaces.get(ns);
    return kept ?? assessNamespace(ns, dirtyWorkloads.get(ns) ?? workloads.filter((w) => w.pod.meta.namespace === ns), index);
  });

  const findings = computeFindingsIncremental({
    index,
    workloads,
    namespaces,
    now: options.now,
    previousIndex: previous.index,
    previousWorkloads: previous.workloads,
    previousFindings: previous.model.findings,
    dirty,
    dirtyWorkloads,
  });
  return { index, workloads, model: postureModel(index, workloads, namespaces, findings, options.now) };
}
