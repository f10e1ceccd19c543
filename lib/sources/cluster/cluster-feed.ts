import 'server-only';
// The live cluster as a stream of snapshots: one supervised list+watch per kind, and a snapshot rebuilt (throttled,
// on a timer, never on a request) whenever the cached objects or a kind's provenance change. Readers get the last
// complete snapshot: an outage keeps it (health says since when it is stale), never an empty or partial one.
// A rebuild reads again only the objects changed since the last one (each kind's change log, createSnapshotAssembler).
import type { KubeConfig } from '@kubernetes/client-node';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import type { CollectionIssue, KindStatus, MeshSnapshot, ProxyCertificates } from '@/lib/snapshot/types';
import { createSnapshotAssembler, type KindDelta } from './assemble-snapshot';
import { DiscoveryCache } from './discovery-cache';
import { KIND_TABLE } from './kind-table';
import { KindSupervisor, type KindState, type SupervisorTuning } from './kind-supervisor';
import { KubeClient } from './kube-client';
import { clusterLabel, loadKubeConfig, type ClusterConnectOptions } from './kubeconfig';
import { proxyPods, type CertificateCollector } from './proxy-pods';

export interface FeedTuning {
  /** A watch silent (no event, no bookmark) for longer than this is restarted. */
  readonly watchdogMs?: number;
  readonly relistIntervalMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** How often a forbidden (403) or absent (404) kind is tried again. */
  readonly forbiddenRetryMs?: number;
  /** Rebuilds are at least this far apart: changes within it are folded into one (an isolated change is built at once). */
  readonly recomputeDebounceMs?: number;
  readonly clock?: () => Date;
}

export interface FeedOptions extends ClusterConnectOptions, FeedTuning {
  /** Proxy certificate reading, repeated every certificateIntervalMs; absent: not collected. */
  readonly collectCertificates?: CertificateCollector;
  readonly certificateIntervalMs?: number;
  readonly pageSize?: number;
  readonly watchTimeoutSeconds?: number;
  /** For tests and the benchmark: an already loaded kubeconfig. */
  readonly kubeConfig?: KubeConfig;
}

export interface FeedKindHealth {
  readonly status: KindStatus;
  readonly lastSyncOk: string | null;
  readonly watching: boolean;
  readonly reason?: string;
}

export interface FeedHealth {
  /** False while the API server is unreachable. */
  readonly connected: boolean;
  readonly kinds: Readonly<Record<string, FeedKindHealth>>;
  /** Earliest time some kind stopped being in sync (null if all in sync). */
  readonly staleSince: string | null;
}

export interface SnapshotFeed {
  ready(): Promise<MeshSnapshot>;
  current(): MeshSnapshot | null;
  subscribe(listener: (snapshot: MeshSnapshot) => void): () => void;
  health(): FeedHealth;
  /** Requests made to the API server so far (lists and watches; discovery excluded). */
  requestCount(): number;
  stop(): Promise<void>;
}

export const FEED_DEFAULTS = {
  watchdogMs: 150_000, // the API server sends a bookmark about once a minute
  relistIntervalMs: 30 * 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  forbiddenRetryMs: 5 * 60_000,
  // A build costs the changed objects only (the assembler), and the live posture computes only the newest snapshot:
  // the gap folds a burst (an apply of many objects, a rollout) without holding a lone event back for long.
  recomputeDebounceMs: 5,
  certificateIntervalMs: 5 * 60_000,
  watchTimeoutSeconds: 300,
} as const;

const MAX_IDLE_MS = 250;

/**
 * How long a change waits for its rebuild (ms; 0: the next macrotask). Leading-edge throttle: a change after a quiet
 * spell is built at once; builds are at least debounceMs apart, so changes arriving during or right after a build are
 * folded into the next one; and after a build the feed idles for as long as it took (at most MAX_IDLE_MS: a full
 * re-parse after a relist must not hold the next event back for seconds), so an event storm on a big mesh leaves the
 * event loop half free. The first snapshot is built at once.
 */
export function rebuildDelay(at: { readonly now: number; readonly lastBuildEnd: number; readonly lastBuildMs: number; readonly debounceMs: number; readonly first: boolean }): number {
  if (at.first) return 0;
  return Math.max(0, at.lastBuildEnd + Math.max(at.debounceMs, Math.min(at.lastBuildMs, MAX_IDLE_MS)) - at.now);
}

function kindHealth(state: KindState): FeedKindHealth {
  const status: KindStatus = state.status === 'pending' ? 'not-collected' : state.status;
  return {
    status,
    lastSyncOk: state.lastSyncOk === null ? null : toRfc3339Seconds(new Date(state.lastSyncOk)),
    watching: state.watching,
    ...(state.reason ? { reason: state.reason } : {}),
  };
}

/** The kind as the assembler reads it; drains the kind's change log. */
function delta(s: KindSupervisor): KindDelta {
  const { status, reason, lastSyncOk } = s.current;
  const changed = s.drainChanges();
  if (status === 'ok') return { spec: s.spec, status, lastSyncOk, objects: s.objects, unnamed: s.unnamed, changed };
  return { spec: s.spec, status: status === 'pending' ? 'error' : status, ...(reason ? { reason } : {}), lastSyncOk, objects: s.objects, changed };
}

export function startClusterFeed(opts: FeedOptions = {}): SnapshotFeed {
  const kc = opts.kubeConfig ?? loadKubeConfig(opts);
  const clock = opts.clock ?? (() => new Date());
  const now = () => clock().getTime();
  const client = new KubeClient(kc);
  const discovery = new DiscoveryCache(client, KIND_TABLE, now);
  const tuning: SupervisorTuning = {
    watchdogMs: opts.watchdogMs ?? FEED_DEFAULTS.watchdogMs,
    relistIntervalMs: opts.relistIntervalMs ?? FEED_DEFAULTS.relistIntervalMs,
    backoffBaseMs: opts.backoffBaseMs ?? FEED_DEFAULTS.backoffBaseMs,
    backoffMaxMs: opts.backoffMaxMs ?? FEED_DEFAULTS.backoffMaxMs,
    forbiddenRetryMs: opts.forbiddenRetryMs ?? FEED_DEFAULTS.forbiddenRetryMs,
    watchTimeoutSeconds: opts.watchTimeoutSeconds ?? FEED_DEFAULTS.watchTimeoutSeconds,
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    now,
  };
  const debounceMs = opts.recomputeDebounceMs ?? FEED_DEFAULTS.recomputeDebounceMs;
  const source = clusterLabel(kc);
  const listeners = new Set<(snapshot: MeshSnapshot) => void>();
  let snapshot: MeshSnapshot | null = null;
  /** Cancels the rebuild scheduled, if any. */
  let cancelRebuild: (() => void) | null = null;
  let lastBuildMs = 0;
  let lastBuildEnd = 0;
  let stopped = false;
  let certificates: { certificates: ProxyCertificates[]; issues: CollectionIssue[] } | null = null;
  let certTimer: ReturnType<typeof setInterval> | null = null;
  let certRun: Promise<void> | null = null;
  let resolveReady: (s: MeshSnapshot) => void = () => undefined;
  const readyPromise = new Promise<MeshSnapshot>((resolve) => (resolveReady = resolve));

  // Unchanged objects keep their parsed identity across rebuilds: only what an event changed is parsed again, and the
  // engine recomputes only the namespaces whose objects changed (computePostureIncremental).
  let assembler = createSnapshotAssembler();
  const supervisors = KIND_TABLE.map((spec) => new KindSupervisor(spec, client, discovery, tuning, () => scheduleRebuild()));
  const allSettled = () => supervisors.every((s) => s.current.settled);

  function rebuild(): void {
    cancelRebuild = null;
    if (stopped || !allSettled()) return;
    const started = performance.now();
    let next: MeshSnapshot;
    try {
      next = assembler.assemble(
        supervisors.map(delta),
        { source, now: now(), ...(certificates ? { proxyCertificates: certificates.certificates, issues: certificates.issues } : {}) },
      );
    } catch (e) {
      // A bug, not bad input (a malformed object is an issue in the snapshot). The last snapshot stays served; the
      // change logs were drained, so the next change is assembled from every object by a new assembler.
      assembler = createSnapshotAssembler();
      console.error(`mesh-posture: snapshot assembly failed, keeping the previous snapshot: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    lastBuildEnd = performance.now();
    lastBuildMs = lastBuildEnd - started;
    const first = snapshot === null;
    snapshot = next;
    if (first) {
      resolveReady(next);
      startCertificates();
    }
    for (const listener of listeners) {
      try {
        listener(next);
      } catch {
        // A subscriber's failure is its own; the feed keeps serving the others.
      }
    }
  }

  function scheduleRebuild(): void {
    if (stopped || cancelRebuild || !allSettled()) return;
    const wait = rebuildDelay({ now: performance.now(), lastBuildEnd, lastBuildMs, debounceMs, first: snapshot === null });
    if (wait > 0) {
      const timer = setTimeout(rebuild, wait);
      cancelRebuild = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(rebuild);
      cancelRebuild = () => clearImmediate(immediate);
    }
  }

  function collectCertificates(): void {
    const collector = opts.collectCertificates;
    const pods = supervisors.find((s) => s.spec.resource === 'pods');
    if (!collector || !pods || certRun || stopped) return;
    certRun = collector(kc, proxyPods(pods.objects.values()), { now: clock() })
      .then((result) => {
        certificates = result;
        scheduleRebuild();
      })
      .catch((e: unknown) => {
        certificates = { certificates: [], issues: [{ kind: 'ProxyCertificates', reason: `proxy certificates: ${e instanceof Error ? e.message : String(e)}` }] };
      })
      .finally(() => (certRun = null));
  }

  function startCertificates(): void {
    if (!opts.collectCertificates) return;
    collectCertificates();
    certTimer = setInterval(collectCertificates, opts.certificateIntervalMs ?? FEED_DEFAULTS.certificateIntervalMs);
    certTimer.unref?.();
  }

  for (const s of supervisors) s.start();

  return {
    ready: () => readyPromise,
    current: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    health(): FeedHealth {
      const states = supervisors.map((s) => s.current);
      const since = states.map((s) => s.outOfSyncSince).filter((t): t is number => t !== null);
      return {
        connected: states.every((s) => s.reachable),
        kinds: Object.fromEntries(supervisors.map((s) => [s.spec.id, kindHealth(s.current)])),
        staleSince: since.length ? toRfc3339Seconds(new Date(Math.min(...since))) : null,
      };
    },
    requestCount: () => supervisors.reduce((n, s) => n + s.requests, 0),
    async stop() {
      stopped = true;
      cancelRebuild?.();
      if (certTimer) clearInterval(certTimer);
      await Promise.all(supervisors.map((s) => s.stop()));
      await certRun;
    },
  };
}
