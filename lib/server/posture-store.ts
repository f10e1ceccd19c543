import 'server-only';
// The server's one long-lived posture per process. The source is chosen by MESH_POSTURE_SOURCE (demo, cluster, or
// a path of manifests). Requests never read the source: they get the last complete PostureState. A live cluster's
// state is replaced after each change (lib/server/live-posture.ts); demo and files are read once.
import type { StalenessDto } from '@/lib/api/envelope';
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { certificateCollectorFromEnv, startClusterFeed } from '@/lib/sources/cluster';
import { scriptedDemoHistory } from '@/lib/sources/demo/scripted-history';
import { historyDatabaseFromEnv, historyRetentionFromEnv, offHistoryRecorder, startHistoryRecorder, type HistoryRecorder } from './history-recorder';
import { startLivePosture, type LivePosture } from './live-posture';
import { createPostureMetrics, type PostureMetrics } from './metrics';
import { configuredSource, loadSnapshot, parseSourceSpec } from './load-source';
import { onTrafficRead, prepareTrafficModel } from './traffic-store';
import { unreadableLogger } from './unreadable-summary';

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

export { configuredSource };

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
  loading: Promise<() => PostureState> | null;
  live: LivePosture | null;
  history: HistoryRecorder | null;
  metrics: PostureMetrics | null;
}
const store: Store = ((globalThis as Record<symbol, unknown>)[STORE_KEY] as Store | undefined) ?? { loading: null, live: null, history: null, metrics: null };
(globalThis as Record<symbol, unknown>)[STORE_KEY] = store;

/** The process's history recorder (MESH_POSTURE_DATABASE_URL / DATABASE_URL; see docs/history.md). */
export function getHistoryRecorder(): HistoryRecorder {
  if (!store.history) {
    const db = historyDatabaseFromEnv(process.env, process.cwd());
    const retention = historyRetentionFromEnv(process.env);
    store.history =
      'off' in db ? offHistoryRecorder(db.off)
      : 'error' in retention ? offHistoryRecorder(`history is not being recorded: ${retention.error}`)
      : startHistoryRecorder({ db: db.db, retention: retention.policy });
  }
  return store.history;
}

async function load(): Promise<() => PostureState> {
  const spec = parseSourceSpec(configuredSource(), process.env['MESH_POSTURE_CONTEXT'] || undefined);
  // Each read of observed traffic is kept as history too: its daily plaintext counts per workload (docs/history.md).
  onTrafficRead((snapshot) => getHistoryRecorder().offerTraffic(snapshot));
  if (spec.kind === 'cluster') {
    const collectCertificates = certificateCollectorFromEnv(process.env);
    const feed = startClusterFeed({ ...(spec.context ? { context: spec.context } : {}), ...(collectCertificates ? { collectCertificates } : {}) });
    const live = await startLivePosture(feed);
    store.live = live;
    const logUnreadable = unreadableLogger();
    logUnreadable(live.current().snapshot);
    // Each new posture is offered to the history; the recorder writes later, in a timer, never on this path.
    getHistoryRecorder().offer(live.current());
    prepareTrafficModel(live.current().computation);
    live.subscribe((state) => {
      logUnreadable(state.snapshot);
      getHistoryRecorder().offer(state);
      prepareTrafficModel(state.computation);
    });
    return () => live.current();
  }
  const now = new Date();
  const state = staticPostureState(await loadSnapshot(spec, { now }), now);
  unreadableLogger()(state.snapshot);
  if (spec.kind === 'demo') {
    // A new database gets the demo's scripted history first (labelled as such in the History view), off this path.
    // Judged now (the demo's certificates are issued at load), recorded at the scripted times.
    const scripted = scriptedDemoHistory(state.snapshot, now).map((p): PostureState => ({ ...staticPostureState(p.snapshot, now), loadedAt: toRfc3339Seconds(p.at) }));
    void getHistoryRecorder().replay(scripted);
  }
  getHistoryRecorder().offer(state);
  prepareTrafficModel(state.computation);
  return () => state;
}

/** The metrics registry of the process (one, whichever bundle asks: prom-client's process metrics register once). */
export function getPostureMetrics(): PostureMetrics {
  store.metrics ??= createPostureMetrics();
  return store.metrics;
}

/** The current posture; loaded on first use, and again after a failed load. */
export async function getPostureState(): Promise<PostureState> {
  if (!store.loading) {
    store.loading = load().catch((e: unknown) => {
      store.loading = null;
      throw e;
    });
  }
  return (await store.loading)();
}
