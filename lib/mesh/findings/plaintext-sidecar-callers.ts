// For MP106 ("ready for STRICT"): a client *with* a sidecar can still send plaintext (a DestinationRule tls.mode
// DISABLE, enableAutoMtls off: istio-semantics C-1, C-4), and STRICT would reset it like a client without one. What a
// client sends is the reachability engine's resolveClientTransport, asked as if the server port were STRICT.
// Only the namespace's own sidecar clients are looked at (the likely-client heuristic: same namespace), so the verdict
// depends on that namespace, the root namespace, the mesh config and DestinationRules (whose change recomputes all).
import { nsName } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { serviceBindings } from '../ports';
import { resolveClientTransport } from '../reachability/client-transport';
import type { FindingContext } from './context';
import { servedPorts } from './membership';
import { workloadGroupName } from './workload-groups';

export interface PlaintextSidecarCall {
  readonly client: EvaluatedWorkload;
  readonly server: EvaluatedWorkload;
  /** 'ns/name' of the Service dialled. */
  readonly service: string;
  readonly port: number;
  readonly reason: string;
}

/**
 * The first sidecar client of the namespace that would send plaintext to one of its workloads' Services once STRICT
 * (null when none would); `servers` narrows the servers asked about (default: the workloads themselves). One client per workload group and one server per (Service port, dataplane) are asked:
 * what a sidecar sends depends on the Service, its port and the client's DestinationRule, not on the replica.
 */
export function plaintextSidecarCaller(ctx: FindingContext, workloads: readonly EvaluatedWorkload[], servers: readonly EvaluatedWorkload[] = workloads): PlaintextSidecarCall | null {
  const clients = [...new Map(workloads.filter((w) => w.dataplane === 'sidecar').map((w) => [workloadGroupName(w), w])).values()];
  if (clients.length === 0) return null;
  const asked = new Set<string>();
  for (const server of servers) {
    for (const port of servedPorts(ctx, server)) {
      for (const via of serviceBindings(server.pod, port, ctx.index)) {
        const key = `${nsName(via.service.meta)}\u0000${via.port.port}\u0000${server.dataplane}`;
        if (asked.has(key)) continue;
        asked.add(key);
        for (const client of clients) {
          if (client.pod === server.pod) continue;
          const transport = resolveClientTransport(
            { pod: client.pod, dataplane: client.dataplane },
            { pod: server.pod, dataplane: server.dataplane },
            'STRICT',
            via,
            ctx.index,
          );
          if (transport.sends === 'plaintext') return { client, server, service: nsName(via.service.meta), port: via.port.port, reason: transport.reason };
        }
      }
    }
  }
  return null;
}
