import 'server-only';
// The server's one long-lived snapshot per process and the posture computed from it. The source is chosen by
// MESH_POSTURE_SOURCE (demo, cluster, or a path of manifests); requests never read the source directly.
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { loadSnapshot, parseSourceSpec } from './load-source';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';

export interface PostureState {
  readonly snapshot: MeshSnapshot;
  readonly computation: PostureComputation;
  readonly loadedAt: string;
}

let current: Promise<PostureState> | null = null;

export function configuredSource(): string {
  return process.env['MESH_POSTURE_SOURCE'] ?? 'demo';
}

async function load(): Promise<PostureState> {
  const now = new Date();
  const loadedAt = toRfc3339Seconds(now);
  const snapshot = await loadSnapshot(parseSourceSpec(configuredSource()), { now });
  return { snapshot, computation: computePostureDetailed(snapshot, { now: loadedAt }), loadedAt };
}

/** The current posture; loaded once, and again after a failed load. */
export function getPostureState(): Promise<PostureState> {
  if (!current) {
    current = load().catch((e: unknown) => {
      current = null;
      throw e;
    });
  }
  return current;
}
