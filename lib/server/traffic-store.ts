import 'server-only';
// Observed traffic on the server: one Prometheus client per process (its cache and concurrency bound shared by every
// request), one traffic snapshot refreshed at most every MESH_POSTURE_TRAFFIC_REFRESH seconds (single flight: a burst of
// requests sends one refresh, 14 queries), reconciled with whichever posture the request is served from. With no
// Prometheus configured, the demo source plays its recorded traffic (lib/sources/demo/demo-traffic.ts) and any other
// source gets a model whose status is `not-configured`.
import { reconcileTrafficWithPosture, type TrafficModel } from '@/lib/mesh/traffic';
import type { PostureComputation } from '@/lib/mesh/compute-posture';
import type { TrafficSnapshot } from '@/lib/snapshot/traffic-types';
import { recordedDemoTraffic } from '@/lib/sources/demo/demo-traffic';
import { prometheusClientFor, type PrometheusClient } from '@/lib/sources/prometheus/client';
import { readTrafficSnapshot } from '@/lib/sources/prometheus/read-traffic';
import { prometheusSettingsFromEnv } from '@/lib/sources/prometheus/settings';
import { configuredSource } from './load-source';

export interface TrafficSettings {
  readonly windowSeconds: number;
  readonly evidenceDays: number;
  readonly refreshMs: number;
}

export class TrafficSettingsError extends Error {
  override readonly name = 'TrafficSettingsError';
}

const DAY = 86_400;

function wholeNumber(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || n < min || n > max) throw new TrafficSettingsError(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 40))}`);
  return n;
}

/** MESH_POSTURE_TRAFFIC_WINDOW_DAYS (14), MESH_POSTURE_EVIDENCE_DAYS (7), MESH_POSTURE_TRAFFIC_REFRESH seconds (300). */
export function trafficSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): TrafficSettings {
  const windowDays = wholeNumber(env, 'MESH_POSTURE_TRAFFIC_WINDOW_DAYS', 14, 1, 400);
  const evidenceDays = wholeNumber(env, 'MESH_POSTURE_EVIDENCE_DAYS', 7, 1, windowDays);
  return { windowSeconds: windowDays * DAY, evidenceDays, refreshMs: wholeNumber(env, 'MESH_POSTURE_TRAFFIC_REFRESH', 300, 30, 86_400) * 1000 };
}

interface Store {
  client: PrometheusClient | null;
  snapshot: TrafficSnapshot | null;
  readAtMs: number;
  refreshing: Promise<TrafficSnapshot> | null;
  reconciled: WeakMap<PostureComputation, { snapshot: TrafficSnapshot; model: TrafficModel }>;
  /** The posture the traffic is prepared for (the newest one offered), and the last model prepared. */
  latest: PostureComputation | null;
  lastModel: TrafficModel | null;
  timer: ReturnType<typeof setInterval> | null;
  /** Called with each snapshot read from Prometheus (the posture store hands it to the history recorder). */
  onRead: ((snapshot: TrafficSnapshot) => void) | null;
}

const STORE_KEY = Symbol.for('mesh-posture.traffic-store');
const store: Store = ((globalThis as Record<symbol, unknown>)[STORE_KEY] as Store | undefined) ?? {
  client: null,
  snapshot: null,
  readAtMs: 0,
  refreshing: null,
  reconciled: new WeakMap(),
  latest: null,
  lastModel: null,
  timer: null,
  onRead: null,
};
(globalThis as Record<symbol, unknown>)[STORE_KEY] = store;

function isFresh(settings: TrafficSettings, now: Date): boolean {
  return store.snapshot !== null && now.getTime() - store.readAtMs < settings.refreshMs && now.getTime() >= store.readAtMs;
}

/** The snapshot at hand without waiting: a fresh one, or the demo's recording (replayed at once); null otherwise. */
function snapshotAtHand(settings: TrafficSettings, now: Date): TrafficSnapshot | null {
  if (isFresh(settings, now) && store.snapshot) return store.snapshot;
  store.client ??= prometheusClientFor(prometheusSettingsFromEnv(process.env));
  if (store.client.configured || configuredSource() !== 'demo') return null;
  store.snapshot = recordedDemoTraffic(now, settings);
  store.readAtMs = now.getTime();
  // Kept as history like a Prometheus read: the demo's plaintext per day (labelled as demo data in the History view).
  store.onRead?.(store.snapshot);
  return store.snapshot;
}

async function currentSnapshot(settings: TrafficSettings, now: Date): Promise<TrafficSnapshot> {
  const atHand = snapshotAtHand(settings, now);
  if (atHand) return atHand;
  const client = store.client ?? prometheusClientFor(prometheusSettingsFromEnv(process.env));
  store.refreshing ??= readTrafficSnapshot(client, { now, windowSeconds: settings.windowSeconds, evidenceSeconds: settings.evidenceDays * DAY })
    .then((snapshot) => {
      store.snapshot = snapshot;
      store.readAtMs = now.getTime();
      // Kept as history too: its daily plaintext counts per workload (docs/history.md).
      store.onRead?.(snapshot);
      return snapshot;
    })
    .finally(() => {
      store.refreshing = null;
    });
  return store.refreshing;
}

function reconcile(computation: PostureComputation, snapshot: TrafficSnapshot, settings: TrafficSettings): TrafficModel {
  const cached = store.reconciled.get(computation);
  if (cached && cached.snapshot === snapshot) return cached.model;
  const model = reconcileTrafficWithPosture(computation, snapshot, { evidenceDays: settings.evidenceDays });
  store.reconciled.set(computation, { snapshot, model });
  if (computation === store.latest) store.lastModel = model;
  return model;
}

/** The traffic model of a posture: the current snapshot (refreshed when due), reconciled once per snapshot and posture. */
export async function getTrafficModel(computation: PostureComputation, now = new Date()): Promise<TrafficModel> {
  const settings = trafficSettingsFromEnv(process.env);
  return reconcile(computation, await currentSnapshot(settings, now), settings);
}

/** Who hears of each snapshot read from Prometheus (one listener: the posture store's history recorder). */
export function onTrafficRead(listener: (snapshot: TrafficSnapshot) => void): void {
  store.onRead = listener;
}

/** Refreshes (when due) and reconciles the newest posture; failures stay in the model's status, never thrown. */
function refreshLatest(): void {
  const computation = store.latest;
  if (!computation) return;
  getTrafficModel(computation).catch((e: unknown) => {
    // A bad MESH_POSTURE_TRAFFIC_* setting: the traffic view answers 503 with this message; the other views go on without traffic.
    process.emitWarning(`observed traffic not prepared: ${e instanceof Error ? e.message : String(e)}`);
  });
}

/**
 * Called with each new posture (at load and after every live change): the traffic model is prepared here, off the
 * request path, and again every MESH_POSTURE_TRAFFIC_REFRESH seconds by a timer, so views never wait for Prometheus
 * and a request never pays for a reconciliation.
 */
export function prepareTrafficModel(computation: PostureComputation): void {
  store.latest = computation;
  let settings: TrafficSettings;
  try {
    settings = trafficSettingsFromEnv(process.env);
  } catch (e) {
    process.emitWarning(`observed traffic not prepared: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  // A snapshot in hand (the demo's recording, or a fresh Prometheus read) is joined at once; otherwise when it arrives.
  // Called from the posture's own path: whatever goes wrong here is a warning, never an exception there.
  try {
    const atHand = snapshotAtHand(settings, new Date());
    if (atHand) reconcile(computation, atHand, settings);
    else refreshLatest();
  } catch (e) {
    process.emitWarning(`observed traffic not prepared: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!store.timer) {
    store.timer = setInterval(refreshLatest, settings.refreshMs);
    store.timer.unref();
  }
}

export interface PreparedTraffic {
  readonly model: TrafficModel;
  /** False when the model was joined with an earlier posture (the newest one is being prepared). */
  readonly current: boolean;
}

/** The prepared traffic model for the synchronous views, without waiting: null until the first one is ready. */
export function peekTrafficModel(computation: PostureComputation): PreparedTraffic | null {
  const own = store.reconciled.get(computation);
  if (own) return { model: own.model, current: true };
  return store.lastModel ? { model: store.lastModel, current: false } : null;
}
