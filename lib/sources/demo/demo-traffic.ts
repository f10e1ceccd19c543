// The demo mesh's recorded traffic (demo/traffic.ts) as the TrafficSnapshot a Prometheus would give for the window
// ending at `now`: totals over the window and the evidence period, and for edges that are not mutual_tls the first and
// last active step, and their increase per UTC day (as the Prometheus reader counts it: each step of the window on the
// day it ends in), which the history keeps as daily plaintext. Used by the server when the source is the demo and no
// Prometheus is configured; the History view labels those days as the demo's (DEMO_TRAFFIC_NOTE).
import { DEMO_DRY_RUN, DEMO_TRAFFIC, type RecordedEdge } from '@/demo/traffic';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import type { TrafficEdge, TrafficSnapshot } from '@/lib/snapshot/traffic-types';

const HOUR = 3600;
const STEP = 900;

function hoursWithin(e: RecordedEdge, windowHours: number): number {
  return Math.max(0, Math.min(e.fromHoursAgo, windowHours) - e.toHoursAgo);
}

/** The edge's increase per UTC day of the window: each active step counted on the day it ends in (read-traffic.ts). */
function perDay(e: RecordedEdge, endS: number, windowHours: number): { day: string; count: number }[] {
  const startS = endS - Math.min(e.fromHoursAgo, windowHours) * HOUR;
  const stopS = endS - e.toHoursAgo * HOUR;
  const byDay = new Map<string, number>();
  for (let stepEnd = (Math.floor(startS / STEP) + 1) * STEP; stepEnd <= stopS; stepEnd += STEP) {
    // A step is the interval (end - step, end]: one ending at midnight closes the day before (as read-traffic.ts counts).
    const day = new Date((stepEnd - 1) * 1000).toISOString().slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + (e.perHour * STEP) / HOUR);
  }
  return [...byDay].map(([day, count]) => ({ day, count: Math.round(count) })).filter((d) => d.count > 0);
}

function toEdge(e: RecordedEdge, endS: number, windowHours: number, evidenceHours: number): TrafficEdge | null {
  const total = hoursWithin(e, windowHours) * e.perHour;
  if (total <= 0) return null;
  const [sourceNamespace = 'unknown', sourceWorkload = 'unknown'] = e.from === 'unknown' ? [] : e.from.split('/');
  const [destinationNamespace = '', destinationWorkload = ''] = e.to.split('/');
  const aligned = (hoursAgo: number) => toRfc3339Seconds(new Date(Math.floor((endS - hoursAgo * HOUR) / STEP) * STEP * 1000));
  const plaintextish = e.securityPolicy !== 'mutual_tls';
  return {
    metric: e.metric,
    reporter: 'destination',
    sourceNamespace,
    sourceWorkload,
    sourcePrincipal: e.securityPolicy === 'mutual_tls' && e.from !== 'unknown' ? `spiffe://cluster.local/ns/${sourceNamespace}/sa/${sourceWorkload}` : 'unknown',
    destinationNamespace,
    destinationWorkload,
    destinationPort: null,
    securityPolicy: e.securityPolicy,
    total,
    evidenceTotal: hoursWithin(e, evidenceHours) * e.perHour,
    firstActiveAt: plaintextish ? aligned(Math.min(e.fromHoursAgo, windowHours)) : null,
    lastActiveAt: plaintextish ? aligned(e.toHoursAgo) : null,
    ...(plaintextish ? { nonMtlsByDay: perDay(e, endS, windowHours) } : {}),
  };
}

export function recordedDemoTraffic(now: Date, options: { readonly windowSeconds: number; readonly evidenceDays: number }): TrafficSnapshot {
  const endS = Math.floor(now.getTime() / 1000);
  const windowHours = options.windowSeconds / HOUR;
  const evidenceHours = options.evidenceDays * 24;
  const iso = (s: number) => toRfc3339Seconds(new Date(s * 1000));
  return {
    status: 'ok',
    reason: null,
    target: 'demo (recorded traffic)',
    window: { start: iso(endS - options.windowSeconds), end: iso(endS), stepSeconds: STEP },
    evidenceStart: iso(endS - evidenceHours * HOUR),
    asOf: iso(endS),
    dataSince: iso(endS - options.windowSeconds),
    edges: DEMO_TRAFFIC.map((e) => toEdge(e, endS, windowHours, evidenceHours)).filter((e): e is TrafficEdge => e !== null),
    dryRun: DEMO_DRY_RUN.map((d) => ({ ...d })),
    dryRunReason: null,
    droppedSeries: 0,
    queries: 0,
  };
}
