// Who can open a connection to one pod, and how (istio-semantics §2.2, §2.3): every pod of the mesh and a client
// outside it, checked on every port of the server with checkConnection, then aggregated by client workload so a
// 20,000-pod mesh gives one row per (workload, port, verdict) rather than one per pod. The pods are asked per class of
// clients that decide alike (inbound-client-index.ts), not one by one.
import type { Dataplane } from '../model';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';
import { serviceBindings, type ServiceBinding } from '../ports';
import { rejectInvalidCertificates } from './certificate-validity';
import { buildInboundClientIndex, clientsSeenBy, type InboundClientIndex } from './inbound-client-index';
import { checkConnection, type ConnectionOutcome, type ConnectionVerdict } from './check-connection';
import type { ClientSends } from './client-transport';

export interface InboundClientGroup {
  /** null: a client outside the mesh (no dataplane, no identity). */
  readonly namespace: string | null;
  /** The client workload's name (`app` label, else its controller, else the pod), null outside the mesh. */
  readonly workload: string | null;
  readonly clientDataplane: Dataplane;
  /** The server's container port. */
  readonly port: number;
  /** 'ns/name' of the Service dialled (the first by name reaching the port), null when the client dials the pod IP. */
  readonly service: string | null;
  readonly outcome: ConnectionOutcome;
  /** The connection is mutually authenticated with mesh identities. */
  readonly mtls: boolean;
  readonly clientSends: ClientSends;
  readonly destinationRule: string | null;
  readonly reason: string;
  readonly inference: boolean;
  /** Client pods with this verdict. */
  readonly pods: number;
  /** The first of those pods by name (for a handshake link), null outside the mesh. */
  readonly examplePod: string | null;
}

/** The server's ports: every port the engine resolved a mode for (declared container ports and portLevelMtls ports). */
export function serverPorts(server: EvaluatedWorkload): number[] {
  return Object.keys(server.posture.mtls.ports)
    .map(Number)
    .filter((p) => Number.isInteger(p) && p > 0)
    .sort((a, b) => a - b);
}

/** The Service a client dials by default: the first by name whose port reaches the container port (as can-i chooses). */
function defaultBinding(server: EvaluatedWorkload, port: number, index: MeshIndex): ServiceBinding | null {
  const bindings = serviceBindings(server.pod, port, index).sort((a, b) => (a.service.meta.name < b.service.meta.name ? -1 : 1));
  return bindings[0] ?? null;
}

type MutableGroup = { -readonly [K in keyof InboundClientGroup]: InboundClientGroup[K] };

/**
 * Every client group of the server, one row per (client namespace, workload, port, verdict), ordered by port, then
 * outside-the-mesh first, then namespace and workload. The server pod itself is not its own client. Builds the client
 * index of `clients` for this one call; a caller asking for many servers of one posture keeps the index
 * (buildInboundClientIndex) and calls inboundClientsFrom.
 */
export function inboundClients(server: EvaluatedWorkload, clients: readonly EvaluatedWorkload[], index: MeshIndex): InboundClientGroup[] {
  return inboundClientsFrom(server, buildInboundClientIndex(clients, index), index);
}

/** inboundClients over a client index built once per posture: one checkConnection per port and class of clients. */
export function inboundClientsFrom(server: EvaluatedWorkload, clientIndex: InboundClientIndex, index: MeshIndex): InboundClientGroup[] {
  const groups = new Map<string, MutableGroup>();
  const seen = clientsSeenBy(server.pod, clientIndex);
  for (const port of serverPorts(server)) {
    const via = defaultBinding(server, port, index);
    const service = via ? `${via.service.meta.namespace}/${via.service.meta.name}` : null;
    const serverEndpoint = { pod: server.pod, dataplane: server.dataplane };
    const judge = (client: EvaluatedWorkload | null): ConnectionVerdict => {
      const checked = checkConnection({ client: client ? { pod: client.pod, dataplane: client.dataplane } : null, server: serverEndpoint, containerPort: port, via, serverMtls: server.posture.mtls }, index);
      return rejectInvalidCertificates(checked, client, server);
    };
    const add = (verdict: ConnectionVerdict, client: { readonly namespace: string; readonly workload: string; readonly dataplane: Dataplane; readonly pods: number; readonly examplePod: string } | null) => {
      const namespace = client ? client.namespace : null;
      const workload = client ? client.workload : null;
      const key = [port, namespace ?? '', workload ?? '', client?.dataplane ?? 'none', verdict.outcome, verdict.clientSends, verdict.mtls, verdict.destinationRule ?? '', verdict.reason].join('\u0000');
      const group = groups.get(key);
      const podName = client ? client.examplePod : null;
      if (group) {
        group.pods += client ? client.pods : 0;
        if (podName !== null && (group.examplePod === null || podName < group.examplePod)) group.examplePod = podName;
        return;
      }
      groups.set(key, {
        namespace,
        workload,
        clientDataplane: client?.dataplane ?? 'none',
        port,
        service,
        outcome: verdict.outcome,
        mtls: verdict.mtls,
        clientSends: verdict.clientSends,
        destinationRule: verdict.destinationRule,
        reason: verdict.reason,
        inference: verdict.inference,
        pods: client ? client.pods : 0,
        examplePod: podName,
      });
    };
    add(judge(null), null);
    // Classes with one verdict key are judged once (their members differ only in the workload they are counted under).
    const verdicts = new Map<string, ConnectionVerdict>();
    for (const { cls, pods, examplePod } of seen) {
      let verdict = verdicts.get(cls.verdictKey);
      if (!verdict) verdicts.set(cls.verdictKey, (verdict = judge(cls.representative)));
      add(verdict, { namespace: cls.namespace, workload: cls.workload, dataplane: cls.dataplane, pods, examplePod });
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.port - b.port ||
      Number(a.namespace !== null) - Number(b.namespace !== null) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
      (a.workload ?? '').localeCompare(b.workload ?? '') ||
      a.outcome.localeCompare(b.outcome),
  );
}
