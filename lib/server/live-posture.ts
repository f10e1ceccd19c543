import 'server-only';
// The posture of a live cluster: a SnapshotFeed (watches) feeds snapshots; each new snapshot is recomputed outside
// any request (coalesced: at most one computation runs, and only the newest pending snapshot is computed next) and
// swapped in whole. Requests always read the last complete PostureState; its staleness comes from the feed's health.
import type { StalenessDto } from '@/lib/api/envelope';
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import { computePostureIncremental } from '@/lib/mesh/compute-posture-incremental';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import type { FeedHealth, SnapshotFeed } from '@/lib/sources/cluster';
import type { PostureState } from './posture-store';

export function stalenessOf(health: FeedHealth, now: Date): StalenessDto {
  if (health.staleSince === null) return { stale: false, staleSince: null, ageSeconds: null, reason: null };
  const notWatching = Object.entries(health.kinds)
    .filter(([, k]) => k.status === 'ok' && !k.watching)
    .map(([kind]) => kind);
  const reason = !health.connected
    ? 'the Kubernetes API server is unreachable'
    : notWatching.length > 0
      ? `watches not running for ${notWatching.join(', ')}`
      : 'some kinds are resynchronising';
  return {
    stale: true,
    staleSince: health.staleSince,
    ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(health.staleSince)) / 1000)),
    reason,
  };
}

/**
 * The posture of `snapshot`, from the previous computation when there is one: only the namespaces whose objects
 * changed are recomputed (identical to a full recompute; global changes are full recomputes).
 */
function liveState(snapshot: MeshSnapshot, feed: SnapshotFeed, computedAt: Date, previous: PostureComputation | null): PostureState {
  const loadedAt = toRfc3339Seconds(computedAt);
  return {
    snapshot,
    computation: previous ? computePostureIncremental(previous, snapshot, { now: loadedAt }) : computePostureDetailed(snapshot, { now: loadedAt }),
    loadedAt,
    // While every watch is healthy the data is current now; otherwise it is as of when it stopped being so.
    asOf: (now) => feed.health().staleSince ?? toRfc3339Seconds(now),
    staleness: (now) => stalenessOf(feed.health(), now),
  };
}

export interface LivePosture {
  current(): PostureState;
  /** Resolves once every snapshot received so far has been computed (tests, benchmarks). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Waits for the feed's first complete snapshot, computes it, and keeps the posture current from then on. */
export async function startLivePosture(feed: SnapshotFeed, clock: () => Date = () => new Date()): Promise<LivePosture> {
  let state = liveState(await feed.ready(), feed, clock(), null);
  let pending: MeshSnapshot | null = null;
  let running: Promise<void> | null = null;

  const drain = (): Promise<void> =>
    new Promise<void>((resolve) => {
      // A macrotask, so the request that was being served when the event arrived finishes first.
      setImmediate(() => {
        const next = pending;
        pending = null;
        if (next && next !== state.snapshot) {
          try {
            state = liveState(next, feed, clock(), state.computation);
          } catch (e) {
            // The previous posture stays served; the failure is logged, never shown as a secure state.
            console.error(`mesh-posture: posture computation failed, keeping the previous one: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        resolve();
      });
    }).then(() => {
      running = pending ? drain() : null;
      return running ?? undefined;
    });

  const unsubscribe = feed.subscribe((snapshot) => {
    pending = snapshot;
    running ??= drain();
  });
  const latest = feed.current();
  if (latest && latest !== state.snapshot) {
    pending = latest;
    running = drain();
  }

  return {
    current: () => state,
    settled: async () => {
      while (running) await running;
    },
    async stop() {
      unsubscribe();
      await feed.stop();
    },
  };
}
