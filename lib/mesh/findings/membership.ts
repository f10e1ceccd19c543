// Lookups over the evaluated workloads that several families share, computed once per context.
import type { Pod } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { podKey } from '../mesh-index';
import { containerPortFor, servicesSelectingPod } from '../ports';
import type { FindingContext } from './context';

const byPodCache = new WeakMap<FindingContext, ReadonlyMap<string, EvaluatedWorkload>>();

export function workloadByPod(ctx: FindingContext): ReadonlyMap<string, EvaluatedWorkload> {
  let map = byPodCache.get(ctx);
  if (!map) {
    map = new Map(ctx.workloads.map((w) => [podKey(w.pod.meta.namespace, w.pod.meta.name), w] as const));
    byPodCache.set(ctx, map);
  }
  return map;
}

/** Lets a caller that keeps the workloads by pod already (the incremental engine) hand them to `ctx`'s checks. */
export function provideWorkloadByPod(ctx: FindingContext, byPod: ReadonlyMap<string, EvaluatedWorkload>): void {
  byPodCache.set(ctx, byPod);
}

export function workloadOf(ctx: FindingContext, pod: Pod): EvaluatedWorkload | undefined {
  return workloadByPod(ctx).get(podKey(pod.meta.namespace, pod.meta.name));
}

/** A pod is in the mesh when a sidecar or ztunnel captures it; istioctl's IST0127 counts only those (util.PodInMesh). */
export function isInMesh(ctx: FindingContext, pod: Pod): boolean {
  const w = workloadOf(ctx, pod);
  return w !== undefined && w.dataplane !== 'none';
}

/** "app=foo,version=v1", for messages. */
export function formatSelector(selector: Readonly<Record<string, string>> | null): string {
  return selector ? Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
}

const servedCache = new WeakMap<FindingContext, WeakMap<EvaluatedWorkload, readonly number[]>>();

/** Container ports a workload serves: declared ones, portLevelMtls ones and those its Services forward to (memoised). */
export function servedPorts(ctx: FindingContext, w: EvaluatedWorkload): readonly number[] {
  let perWorkload = servedCache.get(ctx);
  if (!perWorkload) servedCache.set(ctx, (perWorkload = new WeakMap()));
  const cached = perWorkload.get(w);
  if (cached) return cached;
  const ports = new Set<number>(Object.keys(w.posture.mtls.ports).map(Number));
  for (const s of servicesSelectingPod(w.pod, ctx.index)) {
    for (const p of s.ports) {
      const target = containerPortFor(p, w.pod);
      if (target !== null) ports.add(target);
    }
  }
  const list = [...ports].filter((p) => Number.isInteger(p) && p > 0).sort((a, b) => a - b);
  perWorkload.set(w, list);
  return list;
}
