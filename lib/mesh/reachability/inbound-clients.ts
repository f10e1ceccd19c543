// Who can open a connection to one pod, and how (istio-semantics §2.2, §2.3): every pod of the mesh and a client
// outside it, checked on every port of the server with checkConnection, then aggregated by client workload so a
// 20,000-pod mesh gives one row per (workload, port, verdict) rather than one per pod. The pods are asked per class of
// clients that decide alike (inbound-client-index.ts), not one by one.
import type { Dataplane } from '../model';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';
import { serviceBindings, type ServiceBinding } from '../ports';
import { rejectInvalidCertificates } from './certificate-validity';
import { buildInboundClientIndex, clientsSeenBy, type ClientClass, type InboundClientIndex } from './inbound-client-index';
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

/** The order of ConnectionOutcome values in localeCompare's collation (the rows' last sort key). */
const OUTCOME_ORDER: Readonly<Record<ConnectionOutcome, number>> = { fails: 0, ok: 1, unknown: 2 };

/** inboundClients over a client index built once per posture: one checkConnection per port and class of clients. */
export function inboundClientsFrom(server: EvaluatedWorkload, clientIndex: InboundClientIndex, index: MeshIndex): InboundClientGroup[] {
  // Each group with its sort key: the rank of its (namespace, workload) by name, -1 for the client outside the mesh.
  const groups = new Map<string, { group: MutableGroup; order: number }>();
  const seen = clientsSeenBy(server.pod, clientIndex);
  for (const port of serverPorts(server)) {
    const via = defaultBinding(server, port, index);
    const service = via ? `${via.service.meta.namespace}/${via.service.meta.name}` : null;
    const serverEndpoint = { pod: server.pod, dataplane: server.dataplane };
    // What a group is told apart by, besides its client: the verdict's fields, as one short id per distinct verdict.
    const verdictIds = new Map<string, number>();
    const judge = (client: EvaluatedWorkload | null): { verdict: ConnectionVerdict; id: number } => {
      const checked = checkConnection({ client: client ? { pod: client.pod, dataplane: client.dataplane } : null, server: serverEndpoint, containerPort: port, via, serverMtls: server.posture.mtls }, index);
      const verdict = rejectInvalidCertificates(checked, client, server);
      const text = [verdict.outcome, verdict.clientSends, verdict.mtls, verdict.destinationRule ?? '', verdict.reason].join('\u0000');
      let id = verdictIds.get(text);
      if (id === undefined) verdictIds.set(text, (id = verdictIds.size));
      return { verdict, id };
    };
    const add = ({ verdict, id }: { verdict: ConnectionVerdict; id: number }, client: { readonly cls: ClientClass; readonly pods: number; readonly examplePod: string } | null) => {
      const key = client ? `${port}\u0000${id}\u0000${client.cls.namespace}\u0000${client.cls.workload}\u0000${client.cls.dataplane}` : `${port}\u0000${id}`;
      const kept = groups.get(key);
      if (kept) {
        const group = kept.group;
        group.pods += client ? client.pods : 0;
        if (client && (group.examplePod === null || client.examplePod < group.examplePod)) group.examplePod = client.examplePod;
        return;
      }
      const group: MutableGroup = {
        namespace: client ? client.cls.namespace : null,
        workload: client ? client.cls.workload : null,
        clientDataplane: client?.cls.dataplane ?? 'none',
        port,
        service,
        outcome: verdict.outcome,
        mtls: verdict.mtls,
        clientSends: verdict.clientSends,
        destinationRule: verdict.destinationRule,
        reason: verdict.reason,
        inference: verdict.inference,
        pods: client ? client.pods : 0,
        examplePod: client ? client.examplePod : null,
      };
      groups.set(key, { group, order: client ? client.cls.order : -1 });
    };
    add(judge(null), null);
    // Classes with one verdict key are judged once (their members differ only in the workload they are counted under).
    const verdicts = new Map<string, { verdict: ConnectionVerdict; id: number }>();
    for (const entry of seen) {
      let judged = verdicts.get(entry.cls.verdictKey);
      if (!judged) verdicts.set(entry.cls.verdictKey, (judged = judge(entry.cls.representative)));
      add(judged, entry);
    }
  }
  // By port, outside the mesh first, namespace and workload by name (the classes' rank), outcome; a stable sort, so
  // groups equal on all of these stay in the order their first client was met.
  return [...groups.values()]
    .sort((a, b) => a.group.port - b.group.port || a.order - b.order || OUTCOME_ORDER[a.group.outcome] - OUTCOME_ORDER[b.group.outcome])
    .map((g) => g.group);
}
