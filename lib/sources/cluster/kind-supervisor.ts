import 'server-only';
// One resource kept in sync by list-then-watch, and the supervisor around it. The loop is sequential, so at most
// one restart per kind is ever in flight; what each failure leads to is failure-policy.ts. A forbidden or absent
// kind drops its data (unknown, never stale-but-trusted). A relist fills a fresh map and swaps it in whole, so a
// snapshot never mixes a half-done relist with old data. The keys changed since the feed last read the kind are
// logged (drainChanges), so the feed's assembler reads only those objects again.
import type { ChangedKeys, KeyChange } from './assemble-snapshot';
import { backoffDelay } from './backoff';
import type { DiscoveryCache } from './discovery-cache';
import { onFailure, ResourceVersionRegressedError, SilentStreamError } from './failure-policy';
import { KubeApiError, type KubeClient, type WatchEvent, type WatchHandle } from './kube-client';
import { resourcePath, type KindSpec } from './kind-table';
import { listKind, objectKey, resourceVersionOf, trimObject } from './list-kind';

export interface SupervisorTuning {
  readonly watchdogMs: number;
  readonly relistIntervalMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly forbiddenRetryMs: number;
  readonly pageSize?: number;
  /** Server-side watch timeout; jittered ±25% so watches do not all expire together. */
  readonly watchTimeoutSeconds: number;
  readonly now: () => number;
  readonly random?: () => number;
}

export type SupervisedStatus = 'pending' | 'ok' | 'forbidden' | 'absent' | 'error';

export interface KindState {
  readonly status: SupervisedStatus;
  readonly reason?: string;
  /** Last instant the cache was known to match the server (a completed list, an event, a bookmark); ms. */
  readonly lastSyncOk: number | null;
  readonly watching: boolean;
  /** Since when the kind is out of sync after an error (ms), null while in sync. */
  readonly outOfSyncSince: number | null;
  /** False after a request that got no answer at all. */
  readonly reachable: boolean;
  /** The first outcome is known (ok, forbidden, absent, or repeated errors). */
  readonly settled: boolean;
}

/** What changed: 'data' (objects), 'status' (provenance). Liveness (bookmarks) does not notify. */
export type ChangeKind = 'data' | 'status';

const SETTLE_AFTER_ERRORS = 3;
/** A change log longer than this (and than the map) is dropped for 'all': reading everything is then as cheap. */
const CHANGE_LOG_LIMIT = 1024;

/**
 * Whether resourceVersion `a` is older than `b`. They are opaque strings to clients, but every API server backed by
 * etcd issues increasing integers (etcd revisions); anything else is never compared, so it never forces a relist.
 */
export function isOlderResourceVersion(a: string, b: string): boolean {
  if (!/^\d{1,30}$/.test(a) || !/^\d{1,30}$/.test(b)) return false;
  return BigInt(a) < BigInt(b);
}

export class KindSupervisor {
  objects: Map<string, unknown> = new Map();
  unnamed: readonly unknown[] = [];
  private state: KindState = { status: 'pending', lastSyncOk: null, watching: false, outOfSyncSince: null, reachable: true, settled: false };
  private version: string | null = null;
  private resourceVersion = '';
  private needList = true;
  /** After a lost connection: the server may have been restored or replaced; check before resuming the watch. */
  private verifyResume = false;
  private stopped = false;
  private watch: WatchHandle | null = null;
  private sleeper: { timer: ReturnType<typeof setTimeout>; wake: () => void } | null = null;
  private relistTimer: ReturnType<typeof setInterval> | null = null;
  private discoveryFresherThan = 0;
  private loop: Promise<void> | null = null;
  /** Requests this kind made (lists pages, watches, discovery not included). */
  requests = 0;
  /** Keys set or deleted since the last drain, in the order of their last change; 'all' when the map was replaced. */
  private changes: Map<string, KeyChange> | 'all' = 'all';

  constructor(
    readonly spec: KindSpec,
    private readonly client: KubeClient,
    private readonly discovery: DiscoveryCache,
    private readonly tuning: SupervisorTuning,
    private readonly onChange: (change: ChangeKind) => void,
  ) {}

  get current(): KindState {
    return this.state;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run();
    this.relistTimer = setInterval(() => this.requestRelist(), this.tuning.relistIntervalMs);
    this.relistTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relistTimer) clearInterval(this.relistTimer);
    this.watch?.close(); // an explicit close does not report the end: settle the pending watch here
    this.watchEnded?.(null);
    this.wake();
    await this.loop;
  }

  /**
   * The keys of `objects` changed since the last call (a key deleted, or deleted and added again, is 'moved': a Map
   * puts a re-added key last); 'all' after a relist, a reset or a status change, and at first.
   */
  drainChanges(): ChangedKeys {
    const changes = this.changes;
    this.changes = new Map();
    return changes;
  }

  private logChange(key: string, change: 'written' | 'added' | 'deleted'): void {
    if (this.changes === 'all') return;
    const log = this.changes;
    if (change === 'written') {
      if (!log.has(key)) log.set(key, 'updated');
    } else {
      // Added or deleted: the key is now last in the map (or gone), so last in the log.
      const mark = change === 'deleted' ? 'moved' : (log.get(key) ?? 'updated');
      log.delete(key);
      log.set(key, mark);
    }
    if (log.size > Math.max(CHANGE_LOG_LIMIT, this.objects.size)) this.changes = 'all';
  }

  /** The periodic full relist: ends the current watch cleanly; the loop then lists before watching again. */
  requestRelist(): void {
    if (this.state.status !== 'ok') return; // a failing kind relists on its own restart
    this.needList = true;
    this.watch?.close();
    this.watchEnded?.(null);
  }

  private watchEnded: ((err: Error | null) => void) | null = null;

  private set(patch: Partial<KindState>, notify: ChangeKind | null = null): void {
    this.state = { ...this.state, ...patch };
    if (notify) this.onChange(notify);
  }

  private wake(): void {
    if (!this.sleeper) return;
    clearTimeout(this.sleeper.timer);
    this.sleeper.wake();
    this.sleeper = null;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeper = null;
        resolve();
      }, ms);
      this.sleeper = { timer, wake: resolve };
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.version) {
          const resolution = await this.discovery.resolve(this.spec, this.discoveryFresherThan);
          if (resolution.type === 'absent') {
            this.unavailable('absent', resolution.reason);
            this.discoveryFresherThan = this.tuning.now() + 1;
            await this.sleep(this.tuning.forbiddenRetryMs);
            continue;
          }
          this.version = resolution.version;
        }
        if (!this.needList && this.verifyResume) await this.checkResumable(this.version);
        if (this.needList) await this.relist(this.version);
        const productive = await this.watchOnce(this.version);
        failures = productive ? 0 : failures + 1;
        // A stream that closes at once with nothing in it must not turn into a tight reconnect loop.
        if (!productive && !this.needList) await this.sleep(backoffDelay(failures, this.tuning, this.tuning.random));
      } catch (e) {
        if (this.stopped) break;
        failures++;
        await this.sleep(this.decide(e, failures));
      }
    }
  }

  private async relist(version: string): Promise<void> {
    const result = await listKind(this.client, this.spec, version, this.tuning.pageSize ? { pageSize: this.tuning.pageSize } : {});
    this.requests += result.requests;
    if (this.stopped) return;
    this.objects = result.objects;
    this.unnamed = result.unnamed;
    this.changes = 'all';
    this.resourceVersion = result.resourceVersion;
    this.needList = false;
    this.verifyResume = false; // a fresh list is what the check would have led to
    const now = this.tuning.now();
    const { reason: _previous, ...rest } = this.state;
    void _previous;
    this.state = { ...rest, status: 'ok', lastSyncOk: now, outOfSyncSince: null, reachable: true, settled: true };
    this.onChange('data');
  }

  /**
   * Before resuming a watch after a lost connection: one list of a single object gives the collection's current
   * resourceVersion. Lower than the last one seen, the server was restored from a backup or replaced (its counter
   * reset): a resumed watch would replay nothing and leave deleted objects in place, so list again instead.
   */
  private async checkResumable(version: string): Promise<void> {
    this.requests++;
    const list = await this.client.getJson(resourcePath(this.spec, version), { limit: 1 });
    this.verifyResume = false;
    const current = resourceVersionOf(list);
    if (current !== null && isOlderResourceVersion(current, this.resourceVersion)) this.needList = true;
  }

  /** Resolves when the stream ended cleanly (true if it delivered anything); rejects on an error. */
  private async watchOnce(version: string): Promise<boolean> {
    const path = resourcePath(this.spec, version);
    const jitter = 0.75 + (this.tuning.random ?? Math.random)() / 2;
    let delivered = false;
    let watchdog: ReturnType<typeof setTimeout> | null = null;
    const ended = new Promise<void>((resolve, reject) => {
      this.watchEnded = (err) => {
        this.watchEnded = null;
        if (watchdog) clearTimeout(watchdog);
        this.set({ watching: false });
        if (err) reject(err);
        else resolve();
      };
    });
    const arm = () => {
      if (watchdog) clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        this.watch?.close();
        this.watchEnded?.(new SilentStreamError(`watch ${path}: nothing received for ${this.tuning.watchdogMs} ms`));
      }, this.tuning.watchdogMs);
    };
    const onEvent = (event: WatchEvent) => {
      if (!this.watchEnded) return;
      try {
        this.apply(event, version);
        delivered = true;
        arm();
      } catch (e) {
        this.watch?.close();
        this.watchEnded(e instanceof Error ? e : new Error(String(e)));
      }
    };
    this.requests++;
    const query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: Math.round(this.tuning.watchTimeoutSeconds * jitter) };
    try {
      this.watch = await this.client.watch(path, query, onEvent, (err) => this.watchEnded?.(err));
    } catch (e) {
      this.watchEnded?.(null); // settle the pending promise; the open failure is what counts
      throw e;
    }
    if (this.stopped) {
      this.watch.close();
      this.watchEnded?.(null);
    }
    const { reason: _stale, ...rest } = this.state; // back in sync: the last error no longer applies
    void _stale;
    this.state = { ...rest, watching: !this.stopped, reachable: true, outOfSyncSince: null };
    arm();
    await ended;
    return delivered;
  }

  private apply(event: WatchEvent, version: string): void {
    const now = this.tuning.now();
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const obj = trimObject(this.spec, version, event.object);
        const key = objectKey(event.object);
        this.bumpResourceVersion(event.object);
        this.state = { ...this.state, lastSyncOk: now };
        if (obj === null || key === null) return; // not a kept ConfigMap, or unnamed (cannot be keyed)
        const existed = this.objects.has(key);
        this.objects.set(key, obj);
        this.logChange(key, existed ? 'written' : 'added');
        this.onChange('data');
        return;
      }
      case 'DELETED': {
        const key = objectKey(event.object);
        this.bumpResourceVersion(event.object);
        this.state = { ...this.state, lastSyncOk: now };
        if (key !== null && this.objects.delete(key)) {
          this.logChange(key, 'deleted');
          this.onChange('data');
        }
        return;
      }
      case 'BOOKMARK':
        this.bumpResourceVersion(event.object);
        this.state = { ...this.state, lastSyncOk: now };
        return;
      case 'ERROR': {
        const status = event.object as { code?: unknown; reason?: unknown; message?: unknown } | null;
        const code = typeof status?.code === 'number' ? status.code : 500;
        const reason = typeof status?.reason === 'string' ? status.reason.slice(0, 100) : null;
        const message = typeof status?.message === 'string' ? status.message.slice(0, 300) : 'watch error';
        throw new KubeApiError(`watch: ERROR event ${code}${reason ? ` ${reason}` : ''}: ${message}`, code, reason);
      }
      default:
        return; // unknown event types are ignored, as client-go does
    }
  }

  private bumpResourceVersion(obj: unknown): void {
    const rv = resourceVersionOf(obj);
    if (!rv) return;
    if (isOlderResourceVersion(rv, this.resourceVersion)) {
      throw new ResourceVersionRegressedError(`watch: resourceVersion went back from ${this.resourceVersion.slice(0, 40)} to ${rv.slice(0, 40)} (API server restored or replaced): listing again`);
    }
    this.resourceVersion = rv;
  }

  private unavailable(status: 'forbidden' | 'absent', reason: string): void {
    const changed = this.state.status !== status || this.state.reason !== reason || this.objects.size > 0;
    this.objects = new Map();
    this.unnamed = [];
    this.changes = 'all';
    this.needList = true;
    this.state = { status, reason, lastSyncOk: null, watching: false, outOfSyncSince: null, reachable: true, settled: true };
    if (changed) this.onChange('status');
  }

  /** Applies the failure policy to this kind's state; returns how long to wait before the next attempt. */
  private decide(e: unknown, failures: number): number {
    const action = onFailure(e, failures, this.tuning);
    switch (action.type) {
      case 'forbidden':
        this.unavailable('forbidden', action.reason);
        break;
      case 'absent':
        this.version = null; // the resource may be served at another version now, or not at all: rediscover
        this.discoveryFresherThan = this.tuning.now() + 1;
        this.unavailable('absent', action.reason);
        break;
      case 'retry':
        if (action.relist) this.needList = true;
        if (action.connectionLost) this.verifyResume = true;
        this.markOutOfSync(action.reason, action.reachable, failures);
        break;
    }
    return action.delayMs;
  }

  private markOutOfSync(reason: string, reachable: boolean, failures: number): void {
    const neverSynced = this.state.lastSyncOk === null;
    const wasUnavailable = this.state.status === 'forbidden' || this.state.status === 'absent';
    const status = neverSynced || wasUnavailable ? 'error' : this.state.status;
    const settled = this.state.settled || failures >= SETTLE_AFTER_ERRORS;
    const statusChanged = status !== this.state.status || settled !== this.state.settled;
    this.state = {
      ...this.state,
      status,
      reason,
      watching: false,
      reachable,
      settled,
      outOfSyncSince: this.state.outOfSyncSince ?? this.tuning.now(),
    };
    if (statusChanged) {
      this.changes = 'all';
      this.onChange('status');
    }
  }
}
