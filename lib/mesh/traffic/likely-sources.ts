// Who probably sent the plaintext that arrived with `source_workload="unknown"`: a client without a proxy sends no
// peer metadata, so telemetry cannot name it (istio.io docs/reference/config/metrics: "unknown if the source
// information is missing"). From configuration only, and marked inferred: the workloads without a dataplane that can
// reach the destination (same namespace, or whose env names one of its Services: the MP105/MP106 heuristic), and a
// sidecar client of the namespace whose DestinationRule makes it send plaintext (istio-semantics C-4).
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { FindingContext } from '../findings/context';
import { plaintextClients } from '../findings/likely-clients';
import { plaintextSidecarCaller } from '../findings/plaintext-sidecar-callers';
import { workloadsInNamespace } from '../findings/context';
import type { LikelySource } from './traffic-model';
import { istioWorkloadName } from './workload-name';

const nameOf = (w: EvaluatedWorkload): string => `${w.pod.meta.namespace}/${istioWorkloadName(w.pod)}`;

export function likelySourcesOf(ctx: FindingContext, destination: readonly EvaluatedWorkload[]): LikelySource[] {
  const out = new Map<string, LikelySource>();
  for (const server of destination) {
    for (const client of plaintextClients(ctx, server)) {
      const workload = nameOf(client.workload);
      if (!out.has(workload)) out.set(workload, { workload, reason: `no sidecar or ztunnel (${client.reason})`, inferred: true });
    }
  }
  const first = destination[0];
  if (first) {
    const namespaceWorkloads = workloadsInNamespace(ctx, first.pod.meta.namespace);
    const servers = new Set(destination);
    // The namespace's sidecar clients, asked about the destination's own Services only.
    const caller = plaintextSidecarCaller(ctx, [...destination, ...namespaceWorkloads.filter((w) => !servers.has(w) && w.dataplane === 'sidecar')], destination);
    if (caller) {
      const workload = nameOf(caller.client);
      if (!out.has(workload)) out.set(workload, { workload, reason: `sends plaintext to ${caller.service}:${caller.port}: ${caller.reason}`, inferred: true });
    }
  }
  return [...out.values()].sort((a, b) => (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : 0));
}
