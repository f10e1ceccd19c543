import 'server-only';
// GET /metrics: the posture in Prometheus exposition format, through prom-client (the standard Node client), for the
// user's monitoring stack — the series the shipped rules (deploy/prometheus/) and Grafana dashboard read. Values
// are taken from the posture being served at scrape time; nothing is computed on the scrape beyond counting.
// Label values come from the cluster (namespace names) and from our finding codes; prom-client escapes them.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { CoverageCounts, PostureModel } from '@/lib/mesh/model';
import { HISTORY_STATES } from '@/lib/api/views/history';
import type { HistoryStatus } from './history-recorder';

export interface MetricsInput {
  readonly model: PostureModel;
  /** When the posture was computed (RFC 3339). */
  readonly computedAt: string;
  /** Until when the data is known to match its source (RFC 3339). */
  readonly asOf: string;
  readonly stale: boolean;
  readonly history: HistoryStatus;
  readonly now: Date;
}

const MODE_COUNTS = [
  ['STRICT', 'strict'],
  ['PERMISSIVE', 'permissive'],
  ['DISABLE', 'disable'],
  ['NONE', 'none'],
  ['UNKNOWN', 'unknown'],
] as const satisfies readonly (readonly [string, keyof CoverageCounts])[];

const seconds = (rfc3339: string) => Date.parse(rfc3339) / 1000;

export interface PostureMetrics {
  /** The exposition text for this posture (one scrape). */
  scrape(input: MetricsInput | null): Promise<string>;
  readonly contentType: string;
}

export function createPostureMetrics(options: { readonly processMetrics?: boolean } = {}): PostureMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  let current: MetricsInput | null = null;
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, input: MetricsInput) => void) =>
    new Gauge<L>({
      name, help, labelNames, registers: [registry],
      collect() {
        this.reset();
        if (current) fill(this, current);
      },
    });

  gauge('mesh_posture_up', 'Whether a posture is being served (0: the source could not be read yet).', [], (g) => g.set(1));
  gauge('mesh_posture_workloads', 'Workloads (pods) by namespace and effective workload-level mTLS mode.', ['namespace', 'mode'], (g, { model }) => {
    for (const ns of model.namespaces) for (const [mode, key] of MODE_COUNTS) g.set({ namespace: ns.name, mode }, ns.coverage[key]);
  });
  gauge('mesh_posture_ports', 'Workload ports by namespace and effective mTLS mode.', ['namespace', 'mode'], (g, { model }) => {
    for (const ns of model.namespaces) for (const [mode, key] of MODE_COUNTS) g.set({ namespace: ns.name, mode }, ns.portCoverage[key]);
  });
  gauge('mesh_posture_findings', 'Open findings by code and severity.', ['code', 'severity'], (g, { model }) => {
    const counts = new Map<string, { code: string; severity: string; n: number }>();
    for (const f of model.findings) {
      const key = `${f.code}\u0000${f.severity}`;
      const seen = counts.get(key) ?? { code: f.code, severity: f.severity, n: 0 };
      seen.n += 1;
      counts.set(key, seen);
    }
    for (const c of counts.values()) g.set({ code: c.code, severity: c.severity }, c.n);
  });
  gauge('mesh_posture_namespace_phase', 'Migration phase (0–4) of each namespace.', ['namespace'], (g, { model }) => {
    for (const ns of model.namespaces) g.set({ namespace: ns.name }, ns.phase);
  });
  gauge('mesh_posture_mesh_phase', 'Migration phase (0–4) of the mesh.', [], (g, { model }) => g.set(model.mesh.phase));
  gauge('mesh_posture_certificate_expiry_soonest_timestamp_seconds', 'The soonest notAfter among known proxy certificates, per namespace (Unix seconds).', ['namespace'], (g, { model }) => {
    const soonest = new Map<string, number>();
    for (const c of model.certificates) {
      if (!c.notAfter) continue;
      const t = seconds(c.notAfter);
      if (Number.isFinite(t) && t < (soonest.get(c.namespace) ?? Infinity)) soonest.set(c.namespace, t);
    }
    for (const [namespace, t] of soonest) g.set({ namespace }, t);
  });
  gauge('mesh_posture_computed_timestamp_seconds', 'When the posture being served was computed (Unix seconds).', [], (g, { computedAt }) => g.set(seconds(computedAt)));
  gauge('mesh_posture_age_seconds', 'Seconds since the data behind the posture was last known to match its source.', [], (g, { asOf, now }) =>
    g.set(Math.max(0, Math.round(now.getTime() / 1000 - seconds(asOf)))),
  );
  gauge('mesh_posture_stale', 'Whether the posture is stale (1: some watch is down or the API server unreachable).', [], (g, { stale }) => g.set(stale ? 1 : 0));
  gauge('mesh_posture_history_recording', 'History recording state: 1 for the current state (recording, not-recording, off).', ['state'], (g, { history }) => {
    for (const state of HISTORY_STATES) g.set({ state }, history.state === state ? 1 : 0);
  });

  // One scrape at a time: the gauges read `current` while registry.metrics() awaits between them.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    contentType: registry.contentType,
    scrape(input) {
      const run = queue.then(() => scrapeNow(input));
      queue = run.catch(() => undefined);
      return run;
    },
  };

  async function scrapeNow(input: MetricsInput | null): Promise<string> {
    current = input;
    try {
      // Without a posture every posture series is empty and the unlabelled mesh_posture_up reads 0.
      return await registry.metrics();
    } finally {
      current = null;
    }
  }
}
