// Reads observed traffic from Prometheus into a TrafficSnapshot: a fixed set of aggregated queries whatever the mesh
// size (per metric: the window's total, the evidence period's total and the plaintext activity steps; plus scrape
// coverage and the dry-run statistics: 14 queries). A failure never throws: the snapshot says why in `status`.
import { podOf } from '@/lib/sources/cluster/proxy-certs/prometheus-tier';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { TRAFFIC_METRICS, type DryRunCount, type TrafficEdge, type TrafficMetric, type TrafficSnapshot, type TrafficStatus } from '@/lib/snapshot/traffic-types';
import { PrometheusQueryError, type PrometheusClient, type PromResult } from './client';
import { chooseStep, coverageQuery, dryRunQuery, EDGE_LABELS, edgeTotalQuery, MAX_POINTS, plaintextActivityQuery } from './traffic-queries';

export interface TrafficReadOptions {
  /** End of the window. */
  readonly now: Date;
  readonly windowSeconds: number;
  /** The evidence period, the window's last part (≤ the window). */
  readonly evidenceSeconds: number;
}

const iso = (unixSeconds: number): string => toRfc3339Seconds(new Date(unixSeconds * 1000));

function edgeKey(metric: TrafficMetric, labels: Readonly<Record<string, string>>): string {
  return [metric, ...EDGE_LABELS.map((l) => labels[l] ?? '')].join('\u0000');
}

interface EdgeDraft {
  metric: TrafficMetric;
  labels: Readonly<Record<string, string>>;
  total: number;
  evidenceTotal: number;
  firstActive: number | null;
  lastActive: number | null;
  /** UTC day → the increase of the active steps ending in it (non-mTLS series only). */
  byDay: Map<string, number>;
}

function toEdge(d: EdgeDraft, stepSeconds: number, startSeconds: number): TrafficEdge {
  const l = d.labels;
  const port = l['destination_port'];
  return {
    metric: d.metric,
    reporter: l['reporter'] ?? 'unknown',
    sourceNamespace: l['source_workload_namespace'] || 'unknown',
    sourceWorkload: l['source_workload'] || 'unknown',
    sourcePrincipal: l['source_principal'] || 'unknown',
    destinationNamespace: l['destination_workload_namespace'] || 'unknown',
    destinationWorkload: l['destination_workload'] || 'unknown',
    destinationPort: port && /^\d{1,5}$/.test(port) ? port : null,
    securityPolicy: l['connection_security_policy'] || 'unknown',
    total: Math.round(d.total),
    evidenceTotal: Math.round(d.evidenceTotal),
    // A point at t is the increase over (t - step, t]: the activity began after t - step.
    firstActiveAt: d.firstActive === null ? null : iso(Math.max(startSeconds, d.firstActive - stepSeconds)),
    lastActiveAt: d.lastActive === null ? null : iso(d.lastActive),
    ...(d.byDay.size > 0 ? { nonMtlsByDay: [...d.byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, count]) => ({ day, count: Math.round(count) })) } : {}),
  };
}

function dryRunCounts(result: PromResult): DryRunCount[] {
  const out: DryRunCount[] = [];
  for (const s of result.series) {
    const key = podOf(s.labels);
    const value = s.samples[0]?.[1] ?? 0;
    if (key === null || !(value > 0)) continue;
    const [namespace = '', pod = ''] = key.split('/');
    out.push({ namespace, pod, action: s.labels['authz_dry_run_action'] ?? 'unknown', result: s.labels['authz_dry_run_result'] ?? 'unknown', count: Math.round(value) });
  }
  return out;
}

/** Steps of the evidence period at which no Istio traffic series existed (scrapes missing, or no history yet). */
function coverageGap(result: PromResult, startS: number, evidenceStartS: number, endS: number, step: number): { dataSince: string | null; missing: number; expected: number } {
  const present = new Set<number>();
  for (const s of result.series) for (const [t, v] of s.samples) if (v > 0) present.add(Math.round(t));
  const times = [...present].sort((a, b) => a - b);
  let missing = 0;
  let expected = 0;
  for (let t = startS; t <= endS; t += step) {
    if (t < evidenceStartS) continue;
    expected += 1;
    if (!present.has(t)) missing += 1;
  }
  return { dataSince: times.length > 0 ? iso(times[0]!) : null, missing, expected };
}

export function emptyTrafficSnapshot(status: TrafficStatus, reason: string | null, options: TrafficReadOptions, target: string | null, queries = 0): TrafficSnapshot {
  const endS = Math.floor(options.now.getTime() / 1000);
  return {
    status,
    reason,
    target,
    window: { start: iso(endS - options.windowSeconds), end: iso(endS), stepSeconds: chooseStep(options.windowSeconds) },
    evidenceStart: iso(endS - options.evidenceSeconds),
    asOf: iso(endS),
    dataSince: null,
    edges: [],
    dryRun: null,
    dryRunReason: reason,
    droppedSeries: 0,
    queries,
  };
}

export async function readTrafficSnapshot(client: PrometheusClient, options: TrafficReadOptions): Promise<TrafficSnapshot> {
  if (!client.configured) return emptyTrafficSnapshot('not-configured', 'no Prometheus is configured (--prometheus URL or MESH_POSTURE_PROMETHEUS_URL)', options, null);
  const endS = Math.floor(options.now.getTime() / 1000);
  const step = chooseStep(options.windowSeconds);
  if (options.windowSeconds / step + 1 > MAX_POINTS) throw new Error(`window of ${options.windowSeconds} s at step ${step} s exceeds ${MAX_POINTS} points`);
  const startS = endS - options.windowSeconds;
  const evidenceStartS = endS - options.evidenceSeconds;
  const end = new Date(endS * 1000);
  const start = new Date(startS * 1000);

  // The first failure abandons the other queries of the refresh: a broken Prometheus costs one answer, not fourteen.
  const cancel = new AbortController();
  let firstFailure: unknown = null;
  let queries = 0;
  const ask = <T>(p: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    queries += 1;
    return p(cancel.signal).catch((e: unknown) => {
      if (firstFailure === null) firstFailure = e;
      cancel.abort();
      throw e;
    });
  };
  const perMetric = TRAFFIC_METRICS.map((metric) => ({
    metric,
    total: ask((signal) => client.instant(edgeTotalQuery(metric, options.windowSeconds), end, signal)),
    evidence: ask((signal) => client.instant(edgeTotalQuery(metric, options.evidenceSeconds), end, signal)),
    activity: ask((signal) => client.range(plaintextActivityQuery(metric, step), start, end, step, signal)),
  }));
  const coverage = ask((signal) => client.range(coverageQuery(), start, end, step, signal));
  // The dry-run statistics are optional: their failure leaves the rest standing.
  queries += 1;
  const dryRun = client.instant(dryRunQuery(options.windowSeconds, step), end, cancel.signal);

  const core = await Promise.allSettled([coverage, ...perMetric.flatMap((m) => [m.total, m.evidence, m.activity])]);
  const dry = await Promise.allSettled([dryRun]);
  const failed = core.filter((r) => r.status === 'rejected').length;
  if (failed > 0) {
    if (!(firstFailure instanceof PrometheusQueryError)) throw firstFailure;
    const others = failed > 1 ? ` (${failed} of ${core.length} queries failed or were abandoned)` : '';
    return emptyTrafficSnapshot(firstFailure.kind, `${firstFailure.message}${others}`, options, client.target, queries);
  }

  const drafts = new Map<string, EdgeDraft>();
  let dropped = 0;
  const draftOf = (metric: TrafficMetric, labels: Readonly<Record<string, string>>): EdgeDraft => {
    const key = edgeKey(metric, labels);
    let d = drafts.get(key);
    if (!d) drafts.set(key, (d = { metric, labels, total: 0, evidenceTotal: 0, firstActive: null, lastActive: null, byDay: new Map() }));
    return d;
  };
  for (const m of perMetric) {
    const [total, evidence, activity] = await Promise.all([m.total, m.evidence, m.activity]);
    dropped += total.dropped + evidence.dropped + activity.dropped;
    for (const s of total.series) draftOf(m.metric, s.labels).total += Math.max(0, s.samples[0]?.[1] ?? 0);
    for (const s of evidence.series) draftOf(m.metric, s.labels).evidenceTotal += Math.max(0, s.samples[0]?.[1] ?? 0);
    for (const s of activity.series) {
      const d = draftOf(m.metric, s.labels);
      for (const [t, v] of s.samples) {
        if (!(v > 0)) continue;
        d.firstActive = d.firstActive === null ? t : Math.min(d.firstActive, t);
        d.lastActive = d.lastActive === null ? t : Math.max(d.lastActive, t);
        // A point at t is the increase over (t - step, t]: counted on the UTC day that interval lies in (a point at
        // midnight closes the day before).
        const day = iso(t - 1).slice(0, 10);
        d.byDay.set(day, (d.byDay.get(day) ?? 0) + v);
      }
    }
  }
  const edges = [...drafts.values()].filter((d) => d.total > 0 || d.lastActive !== null).map((d) => toEdge(d, step, startS));

  const gap = coverageGap(await coverage, startS, evidenceStartS, endS, step);
  const incomplete =
    gap.dataSince === null
      ? 'Prometheus holds no Istio traffic series (istio_requests_total, istio_tcp_connections_opened_total) in the window'
      : gap.missing > 0
        ? `Prometheus holds Istio traffic series since ${gap.dataSince} only, or scrapes stopped: none at ${gap.missing} of ${gap.expected} steps of the evidence period`
        : null;
  const dryResult = dry[0]!;
  return {
    status: incomplete ? 'incomplete' : 'ok',
    reason: incomplete,
    target: client.target,
    window: { start: iso(startS), end: iso(endS), stepSeconds: step },
    evidenceStart: iso(evidenceStartS),
    asOf: iso(endS),
    dataSince: gap.dataSince,
    edges,
    dryRun: dryResult.status === 'fulfilled' ? dryRunCounts(dryResult.value) : null,
    dryRunReason: dryResult.status === 'rejected' ? (dryResult.reason instanceof Error ? dryResult.reason.message : String(dryResult.reason)) : null,
    droppedSeries: dropped + (dryResult.status === 'fulfilled' ? dryResult.value.dropped : 0),
    queries,
  };
}
