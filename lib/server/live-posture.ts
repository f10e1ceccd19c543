import 'server-only';
// The posture of a live cluster: a SnapshotFeed (watches) feeds snapshots; each new snapshot is recomputed outside
// any request (coalesced: at most one computation runs, and only the newest pending snapshot is computed next) and
// swapped in whole. Requests always read the last complete PostureState; its staleness comes from the feed's health.
import type { StalenessDto } from '@/lib/api/envelope';
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import { computePostureIncremental, prepareIncremental } from '@/lib/mesh/compute-posture-incremental';
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
 * Verdicts that depend on time (certificate expiry, JWT checks) are judged to the minute: events within one minute
 * then recompute only what they changed, instead of every namespace holding certificate data.
 */
export const JUDGEMENT_STEP_MS = 60_000;

export function judgementTime(at: Date): string {
  return toRfc3339Seconds(new Date(Math.floor(at.getTime() / JUDGEMENT_STEP_MS) * JUDGEMENT_STEP_MS));
}

/**
 * The posture of `snapshot`, from the previous computation when there is one: only the namespaces whose objects
 * changed are recomputed (identical to a full recompute; global changes are full recomputes).
 */
function liveState(snapshot: MeshSnapshot, feed: SnapshotFeed, computedAt: Date, previous: PostureComputation | null): { state: PostureState; full: boolean } {
  const loadedAt = toRfc3339Seconds(computedAt);
  const now = judgementTime(computedAt);
  let full = previous === null;
  const computation = previous ? computePostureIncremental(previous, snapshot, { now, onStrategy: (reason) => (full = reason !== null) }) : computePostureDetailed(snapshot, { now });
  const state: PostureState = {
    snapshot,
    computation,
    loadedAt,
    // While every watch is healthy the data is current now; otherwise it is as of when it stopped being so.
    asOf: (now) => feed.health().staleSince ?? toRfc3339Seconds(now),
    staleness: (now) => stalenessOf(feed.health(), now),
  };
  return { state, full };
}

export interface LivePosture {
  current(): PostureState;
  /** Resolves once every snapshot received so far has been computed (tests, benchmarks). */
  settled(): Promise<void>;
  /** Called with each new state once it is served. */
  subscribe(listener: (state: PostureState) => void): () => void;
  stop(): Promise<void>;
}

/** Waits for the feed's first complete snapshot, computes it, and keeps the posture current from then on. */
export async function startLivePosture(feed: SnapshotFeed, clock: () => Date = () => new Date(), tickMs = JUDGEMENT_STEP_MS / 4): Promise<LivePosture> {
  const first = liveState(await feed.ready(), feed, clock(), null);
  let state = first.state;
  // After a full recompute, what the next event's incremental step needs is prepared in idle time (unless a newer
  // posture has replaced this one by then): on a big mesh that step would otherwise take a few hundred ms more.
  const prepareWhenIdle = (computed: PostureState) =>
    setImmediate(() => {
      if (state !== computed) return;
      try {
        prepareIncremental(computed.computation);
      } catch (e) {
        // Only an optimisation: the next incremental step builds what it needs itself.
        console.error(`mesh-posture: preparing the incremental posture failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  const adopt = (next: { state: PostureState; full: boolean }) => {
    state = next.state;
    if (next.full) prepareWhenIdle(next.state);
  };
  prepareWhenIdle(first.state);
  let pending: MeshSnapshot | null = null;
  let running: Promise<void> | null = null;
  const listeners = new Set<(state: PostureState) => void>();

  const drain = (): Promise<void> =>
    new Promise<void>((resolve) => {
      // A macrotask, so the request that was being served when the event arrived finishes first.
      setImmediate(() => {
        const next = pending;
        pending = null;
        // A new snapshot, or the same one judged at a later minute (a certificate may have expired since).
        if (next && (next !== state.snapshot || judgementTime(clock()) !== state.computation.model.now)) {
          const served = state;
          try {
            adopt(liveState(next, feed, clock(), state.computation));
          } catch (e) {
            // The previous posture stays served; the failure is logged, never shown as a secure state.
            console.error(`mesh-posture: posture computation failed, keeping the previous one: ${e instanceof Error ? e.message : String(e)}`);
          }
          for (const listener of state === served ? [] : listeners) {
            try {
              listener(state);
            } catch {
              // A subscriber's failure is its own; the others are still told.
            }
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
  // Without events the posture must still age: re-judge the current snapshot when the minute changes.
  const ticker = setInterval(() => {
    if (judgementTime(clock()) === state.computation.model.now) return;
    pending ??= state.snapshot;
    running ??= drain();
  }, tickMs);
  ticker.unref?.();
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
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      clearInterval(ticker);
      unsubscribe();
      await feed.stop();
    },
  };
}
