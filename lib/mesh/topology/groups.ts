// The representatives the topology evaluates instead of every pod pair: client groups (pods that present the same
// identity from the same dataplane for the same Service) and server targets (a Service port and the endpoints that
// would decide the same way: same dataplane, mode on the port and AuthorizationPolicies). Each is judged by its first
// pod by name; pods of one group that differ in other ways (IP blocks, DestinationRule workload selectors) are
// approximated by that pod.
import { applicableAuthorizationPolicies, isWaypointPod } from '../authz';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';
import { nsName } from '@/lib/snapshot/types';
import { containerPortFor, servicesSelectingPod, type ServiceBinding } from '../ports';

export interface ClientGroup {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly service: string | null;
  readonly representative: EvaluatedWorkload;
  readonly pods: number;
}

export interface ServerTarget {
  readonly binding: ServiceBinding;
  readonly containerPort: number;
  readonly representative: EvaluatedWorkload;
  readonly endpoints: number;
}

const byPodName = (a: EvaluatedWorkload, b: EvaluatedWorkload): number => (a.pod.meta.name < b.pod.meta.name ? -1 : a.pod.meta.name > b.pod.meta.name ? 1 : 0);

function firstServiceName(w: EvaluatedWorkload, index: MeshIndex): string | null {
  let first: string | null = null;
  for (const s of servicesSelectingPod(w.pod, index)) if (first === null || s.meta.name < first) first = s.meta.name;
  return first;
}

/** What makes pods one client group: namespace, service account, dataplane and first Service. */
export function clientGroupKey(w: EvaluatedWorkload, index: MeshIndex): string {
  return JSON.stringify([w.pod.meta.namespace, w.pod.serviceAccountName, w.dataplane, firstServiceName(w, index)]);
}

/**
 * Client groups per namespace, in pod-name order of their representatives, and by clientGroupKey. Waypoint pods are
 * not clients: what they send is the middle hop of the requests they carry, drawn on those edges.
 */
export function clientGroupsByNamespace(workloads: readonly EvaluatedWorkload[], index: MeshIndex): { byNamespace: Map<string, ClientGroup[]>; byKey: Map<string, ClientGroup> } {
  const groups = new Map<string, { group: ClientGroup; members: EvaluatedWorkload[] }>();
  for (const w of [...workloads].sort(byPodName)) {
    if (isWaypointPod(w.pod)) continue;
    const service = firstServiceName(w, index);
    const key = clientGroupKey(w, index);
    const existing = groups.get(key);
    if (existing) existing.members.push(w);
    else groups.set(key, { group: { namespace: w.pod.meta.namespace, serviceAccount: w.pod.serviceAccountName, service, representative: w, pods: 0 }, members: [w] });
  }
  const byNamespace = new Map<string, ClientGroup[]>();
  const byKey = new Map<string, ClientGroup>();
  for (const [key, { group, members }] of groups) {
    const counted = { ...group, pods: members.length };
    const list = byNamespace.get(group.namespace) ?? [];
    list.push(counted);
    byNamespace.set(group.namespace, list);
    byKey.set(key, counted);
  }
  return { byNamespace, byKey };
}

function decisionKey(w: EvaluatedWorkload, containerPort: number, index: MeshIndex): string {
  const mode = w.dataplane === 'none' ? 'NONE' : (w.posture.mtls.ports[String(containerPort)] ?? w.posture.mtls.mode);
  const policies = applicableAuthorizationPolicies({ pod: w.pod, dataplane: w.dataplane, isGateway: w.isGateway }, index).map((p) => nsName(p.meta));
  return JSON.stringify([w.dataplane, w.isGateway, mode, policies]);
}

/** Server targets of one namespace: every Service port with endpoints, one target per distinct way of deciding. */
export function serverTargetsOf(workloads: readonly EvaluatedWorkload[], index: MeshIndex): ServerTarget[] {
  const out: ServerTarget[] = [];
  const sorted = [...workloads].sort(byPodName);
  const bySelectingService = new Map<string, EvaluatedWorkload[]>();
  for (const w of sorted) {
    for (const s of servicesSelectingPod(w.pod, index)) {
      const list = bySelectingService.get(s.meta.name) ?? [];
      list.push(w);
      bySelectingService.set(s.meta.name, list);
    }
  }
  for (const service of [...(index.servicesByNamespace.get(workloads[0]?.pod.meta.namespace ?? '') ?? [])].sort((a, b) => (a.meta.name < b.meta.name ? -1 : 1))) {
    const endpoints = bySelectingService.get(service.meta.name) ?? [];
    for (const port of service.ports) {
      const targets = new Map<string, { binding: ServiceBinding; containerPort: number; representative: EvaluatedWorkload; endpoints: number }>();
      for (const w of endpoints) {
        const containerPort = containerPortFor(port, w.pod);
        if (containerPort === null) continue;
        const key = `${containerPort}|${decisionKey(w, containerPort, index)}`;
        const t = targets.get(key);
        if (t) t.endpoints += 1;
        else targets.set(key, { binding: { service, port }, containerPort, representative: w, endpoints: 1 });
      }
      out.push(...targets.values());
    }
  }
  return out;
}
