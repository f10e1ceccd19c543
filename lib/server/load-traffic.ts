// Observed traffic for one computation: the Prometheus client for the settings (the no-op one without), the traffic
// snapshot, and its reconciliation with the posture. Shared by the CLI and the server (no 'server-only', like
// load-source.ts). Never throws for Prometheus' sake: a failing Prometheus gives a model whose status says why.
import type { PostureComputation } from '@/lib/mesh/compute-posture';
import { reconcileTrafficWithPosture, type TrafficModel } from '@/lib/mesh/traffic';
import { prometheusClientFor, type ClientOptions, type PrometheusClient } from '@/lib/sources/prometheus/client';
import { readTrafficSnapshot } from '@/lib/sources/prometheus/read-traffic';
import type { PrometheusSettings } from '@/lib/sources/prometheus/settings';

export interface TrafficLoadOptions {
  readonly now: Date;
  readonly windowSeconds: number;
  readonly evidenceDays: number;
}

export async function loadObservedTraffic(
  computation: PostureComputation,
  source: PrometheusSettings | PrometheusClient | null,
  options: TrafficLoadOptions,
  clientOptions?: ClientOptions,
): Promise<TrafficModel> {
  const client = source !== null && 'instant' in source ? source : prometheusClientFor(source, clientOptions);
  const snapshot = await readTrafficSnapshot(client, { now: options.now, windowSeconds: options.windowSeconds, evidenceSeconds: options.evidenceDays * 86_400 });
  return reconcileTrafficWithPosture(computation, snapshot, { evidenceDays: options.evidenceDays });
}
