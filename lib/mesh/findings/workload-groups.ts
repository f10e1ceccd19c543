// Aggregation of pods into workload groups, so one misconfiguration of a Deployment gives one finding, not one per replica.
import { workloadObjectId } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';

/** How many object ids of one sort a finding lists before it says "and N more". */
export const MAX_LISTED = 10;

export interface WorkloadGroup {
  readonly namespace: string;
  /** The `app` label, else the owning controller's name, else the pod name. */
  readonly name: string;
  readonly workloads: readonly EvaluatedWorkload[];
}

export function workloadGroupName(w: Pick<EvaluatedWorkload, 'pod'>): string {
  return w.pod.meta.labels['app'] ?? w.pod.owner?.name ?? w.pod.meta.name;
}

/** Groups by namespace + workload name, in first-seen order; pods inside a group sorted by name. */
export function groupWorkloads(workloads: readonly EvaluatedWorkload[]): WorkloadGroup[] {
  const groups = new Map<string, { namespace: string; name: string; workloads: EvaluatedWorkload[] }>();
  for (const w of workloads) {
    const name = workloadGroupName(w);
    const key = `${w.pod.meta.namespace}\u0000${name}`;
    const g = groups.get(key);
    if (g) g.workloads.push(w);
    else groups.set(key, { namespace: w.pod.meta.namespace, name, workloads: [w] });
  }
  return [...groups.values()].map((g) => ({ ...g, workloads: [...g.workloads].sort((a, b) => (a.pod.meta.name < b.pod.meta.name ? -1 : 1)) }));
}

/** The object a workload's finding names: the pod, or the controller of a predicted pod. */
export const podId = (w: Pick<EvaluatedWorkload, 'pod'>): string => workloadObjectId(w.pod);

/** At most MAX_LISTED ids. */
export function capped(ids: readonly string[], max = MAX_LISTED): string[] {
  return ids.slice(0, max);
}

/** "a, b, c" or "a, b, c and 4 more", for messages. */
export function listForMessage(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** "1 pod" / "3 pods". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How a group is named in messages: "workload reviews (3 pods) in namespace bookinfo". */
export function describeGroup(g: WorkloadGroup): string {
  return `workload ${g.name} (${plural(g.workloads.length, 'pod')}) in namespace ${g.namespace}`;
}
