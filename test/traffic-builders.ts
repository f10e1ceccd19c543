// Builders for observed traffic (TrafficSnapshot, TrafficEdge), beside test/builders.ts for the mesh snapshot.
import type { TrafficEdge, TrafficSnapshot } from '@/lib/snapshot/traffic-types';

/** The window of these specs: 14 days to NOW (2026-06-01T12:00:00Z), evidence period the last 7 days. */
export const WINDOW = { start: '2026-05-18T12:00:00Z', end: '2026-06-01T12:00:00Z', stepSeconds: 900 } as const;
export const EVIDENCE_START = '2026-05-25T12:00:00Z';

export type EdgeInput = Partial<TrafficEdge> & { from: string; to: string };

/** `from`/`to` as `ns/workload` (or `unknown`); an mTLS request edge reported by the destination by default. */
export function anEdge({ from, to, ...rest }: EdgeInput): TrafficEdge {
  const [sourceNamespace = 'unknown', sourceWorkload = 'unknown'] = from === 'unknown' ? [] : from.split('/');
  const [destinationNamespace = '', destinationWorkload = ''] = to.split('/');
  const mtls = (rest.securityPolicy ?? 'mutual_tls') === 'mutual_tls';
  return {
    metric: 'requests',
    reporter: 'destination',
    sourceNamespace,
    sourceWorkload,
    sourcePrincipal: mtls && from !== 'unknown' ? `spiffe://cluster.local/ns/${sourceNamespace}/sa/${sourceWorkload}` : 'unknown',
    destinationNamespace,
    destinationWorkload,
    destinationPort: null,
    securityPolicy: 'mutual_tls',
    total: 100,
    evidenceTotal: 50,
    firstActiveAt: null,
    lastActiveAt: null,
    ...rest,
  };
}

export function aTrafficSnapshot(input: Partial<TrafficSnapshot> = {}): TrafficSnapshot {
  return {
    status: 'ok',
    reason: null,
    target: 'http://prometheus.test:9090',
    window: WINDOW,
    evidenceStart: EVIDENCE_START,
    asOf: WINDOW.end,
    dataSince: WINDOW.start,
    edges: [],
    dryRun: [],
    dryRunReason: null,
    droppedSeries: 0,
    queries: 14,
    ...input,
  };
}
