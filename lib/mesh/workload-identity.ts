// How a pod is named so that it survives restarts and rollouts: a Deployment's pods get new names on every rollout,
// so history and baselines key workloads by the pod name without its ReplicaSet suffix, and finding object ids the
// same way. Shared by the report's baseline diff and the posture history.
import type { EffectiveMode } from './model';

/**
 * `<deployment>-<pod-template-hash>-<suffix>` → `<deployment>`. The hash is 5–10 and the suffix 5 lower-case
 * alphanumerics (Kubernetes' generateName). StatefulSet pods (`<sts>-<ordinal>`) keep their stable names.
 */
export function workloadKey(pod: string): string {
  return /^(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}$/.exec(pod)?.[1] ?? pod;
}

/** An object id with a Pod's name reduced to its workload key, so it names the same thing after a restart. */
export function normaliseObjectId(id: string): string {
  const parts = id.split('/');
  return parts[0] === 'Pod' && parts.length === 3 ? `Pod/${parts[1]}/${workloadKey(parts[2] ?? '')}` : id;
}

/** A finding's identity across postures: its code and the (restart-proof) objects it names. */
export function findingKey(f: { readonly code: string; readonly objects: readonly string[] }): string {
  return JSON.stringify([f.code, [...new Set(f.objects.map(normaliseObjectId))].sort()]);
}

/** Weakest first: the mode of a workload with several pods is its weakest pod's (a rollout half done is not STRICT). */
export const MODE_RANK: Readonly<Record<EffectiveMode, number>> = { NONE: 0, DISABLE: 1, PERMISSIVE: 2, UNKNOWN: 3, STRICT: 4 };

/** Modes that accept a plaintext connection. */
export const PLAINTEXT_MODES: ReadonlySet<EffectiveMode> = new Set(['PERMISSIVE', 'DISABLE', 'NONE']);
