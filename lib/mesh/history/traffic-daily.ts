// Observed traffic kept as history (issue #12 with the observed-traffic issue): per UTC day and destination workload,
// how much arrived in plaintext (and how much could not be told), from the Prometheus snapshot's non-mTLS activity
// per day. Classified as the reconciliation classifies it (classify.ts): an ambient destination's `unknown` is
// plaintext. Pure: a TrafficSnapshot and the dataplane of each workload in, rows out.
import type { Dataplane, PostureModel } from '../model';
import { classifyTransport } from '../traffic/classify';
import { istioWorkloadName } from '../traffic/workload-name';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import type { TrafficSnapshot } from '@/lib/snapshot/traffic-types';

export interface TrafficDay {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly namespace: string;
  readonly workload: string;
  /** HTTP requests and TCP connections that arrived in plaintext. */
  readonly plaintextRequests: number;
  readonly plaintextConnections: number;
  /** Neither mTLS nor plaintext could be told (e.g. `unknown` at a sidecar). */
  readonly unclassifiedRequests: number;
  readonly unclassifiedConnections: number;
}

/** dataplaneOf: the destination's dataplane ('sidecar' when unknown: the conservative reading of `unknown`). */
export function trafficDays(traffic: TrafficSnapshot, dataplaneOf: (namespace: string, workload: string) => Dataplane | undefined): TrafficDay[] {
  if (traffic.status !== 'ok' && traffic.status !== 'incomplete') return [];
  const rows = new Map<string, { -readonly [K in keyof TrafficDay]: TrafficDay[K] }>();
  for (const edge of traffic.edges) {
    if (edge.metric !== 'requests' && edge.metric !== 'connections') continue;
    const transport = classifyTransport(edge, dataplaneOf(edge.destinationNamespace, edge.destinationWorkload) ?? 'sidecar');
    if (transport !== 'plaintext' && transport !== 'unclassified') continue;
    for (const { day, count } of edge.nonMtlsByDay ?? []) {
      if (!(count > 0)) continue;
      const key = JSON.stringify([day, edge.destinationNamespace, edge.destinationWorkload]);
      let row = rows.get(key);
      if (!row) {
        row = { day, namespace: edge.destinationNamespace, workload: edge.destinationWorkload, plaintextRequests: 0, plaintextConnections: 0, unclassifiedRequests: 0, unclassifiedConnections: 0 };
        rows.set(key, row);
      }
      const field = `${transport === 'plaintext' ? 'plaintext' : 'unclassified'}${edge.metric === 'requests' ? 'Requests' : 'Connections'}` as const;
      row[field] += count;
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** The dataplane of each workload as Istio's metrics name it (`destination_workload`), from a posture and its snapshot. */
export function workloadDataplanes(snapshot: MeshSnapshot, model: PostureModel): (namespace: string, workload: string) => Dataplane | undefined {
  const pods = new Map(snapshot.pods.map((p) => [`${p.meta.namespace}/${p.meta.name}`, p]));
  const byWorkload = new Map<string, Dataplane>();
  for (const w of model.workloads) {
    const pod = pods.get(`${w.namespace}/${w.pod}`);
    if (pod) byWorkload.set(`${w.namespace}/${istioWorkloadName(pod)}`, w.dataplane);
  }
  return (namespace, workload) => byWorkload.get(`${namespace}/${workload}`);
}
