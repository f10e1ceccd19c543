import 'server-only';
// The server's one long-lived posture per process. The source is chosen by MESH_POSTURE_SOURCE (demo, cluster, or
// a path of manifests). Requests never read the source: they get the last complete PostureState, which a live
// source replaces after each change (recomputed off the request path, swapped in whole).
import type { StalenessDto } from '@/lib/api/envelope';
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { loadSnapshot, parseSourceSpec } from './load-source';

export interface PostureState {
  readonly snapshot: MeshSnapshot;
  readonly computation: PostureComputation;
  /** When this posture was computed (RFC 3339). */
  readonly loadedAt: string;
  /** Until when the data is known to match its source. */
  asOf(now: Date): string;
  staleness(now: Date): StalenessDto;
}

const CURRENT: StalenessDto = { stale: false, staleSince: null, ageSeconds: null, reason: null };

export function configuredSource(): string {
  return process.env['MESH_POSTURE_SOURCE'] ?? 'demo';
}

/** A posture over data read once (demo, files): current as of its reading, never stale. */
export function staticPostureState(snapshot: MeshSnapshot, now: Date): PostureState {
  const loadedAt = toRfc3339Seconds(now);
  return {
    snapshot,
    computation: computePostureDetailed(snapshot, { now: loadedAt }),
    loadedAt,
    asOf: () => loadedAt,
    staleness: () => CURRENT,
  };
}

// Next bundles pages and route handlers separately, so a module-level variable would exist once per bundle; the
// store lives on globalThis so the process has exactly one posture (and, for a live source, one set of watches).
const STORE_KEY = Symbol.for('mesh-posture.posture-store');
interface Store {
  current: Promise<PostureState> | null;
}
const store: Store = ((globalThis as Record<symbol, unknown>)[STORE_KEY] as Store | undefined) ?? { current: null };
(globalThis as Record<symbol, unknown>)[STORE_KEY] = store;

async function load(): Promise<PostureState> {
  const now = new Date();
  const snapshot = await loadSnapshot(parseSourceSpec(configuredSource()), { now });
  return staticPostureState(snapshot, now);
}

/** The current posture; loaded once, and again after a failed load. */
export function getPostureState(): Promise<PostureState> {
  if (!store.current) {
    store.current = load().catch((e: unknown) => {
      store.current = null;
      throw e;
    });
  }
  return store.current;
}
