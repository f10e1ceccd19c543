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
import { configuredSource, getHistoryRecorder } from './posture-store';

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
}

const STORE_KEY = Symbol.for('mesh-posture.traffic-store');
const store: Store = ((globalThis as Record<symbol, unknown>)[STORE_KEY] as Store | undefined) ?? { client: null, snapshot: null, readAtMs: 0, refreshing: null, reconciled: new WeakMap() };
(globalThis as Record<symbol, unknown>)[STORE_KEY] = store;

async function currentSnapshot(settings: TrafficSettings, now: Date): Promise<TrafficSnapshot> {
  const fresh = store.snapshot && now.getTime() - store.readAtMs < settings.refreshMs && now.getTime() >= store.readAtMs;
  if (fresh && store.snapshot) return store.snapshot;
  store.client ??= prometheusClientFor(prometheusSettingsFromEnv(process.env));
  if (!store.client.configured && configuredSource() === 'demo') {
    store.snapshot = recordedDemoTraffic(now, settings);
    store.readAtMs = now.getTime();
    return store.snapshot;
  }
  store.refreshing ??= readTrafficSnapshot(store.client, { now, windowSeconds: settings.windowSeconds, evidenceSeconds: settings.evidenceDays * DAY })
    .then((snapshot) => {
      store.snapshot = snapshot;
      store.readAtMs = now.getTime();
      // Kept as history too: its daily plaintext counts per workload (docs/history.md).
      getHistoryRecorder().offerTraffic(snapshot);
      return snapshot;
    })
    .finally(() => {
      store.refreshing = null;
    });
  return store.refreshing;
}

/** The traffic model of a posture: the current snapshot (refreshed when due), reconciled once per snapshot and posture. */
export async function getTrafficModel(computation: PostureComputation, now = new Date()): Promise<TrafficModel> {
  const settings = trafficSettingsFromEnv(process.env);
  const snapshot = await currentSnapshot(settings, now);
  const cached = store.reconciled.get(computation);
  if (cached && cached.snapshot === snapshot) return cached.model;
  const model = reconcileTrafficWithPosture(computation, snapshot, { evidenceDays: settings.evidenceDays });
  store.reconciled.set(computation, { snapshot, model });
  return model;
}
