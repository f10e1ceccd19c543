// "Can this client make this request to that pod and port?": the connection (transport, §2) and then the
// request (JWT §4, authorization §3), as the server's proxy would decide it.
import { evaluateAuthorization, type AuthzDecision, type JwtPresented, type RequestAttributes } from './authz';
import { evaluateWorkload, type EvaluatedWorkload } from './evaluate-workloads';
import { findPod, type MeshIndex } from './mesh-index';
import { portProtocol, serviceBindings, serviceFqdn, servicePortProtocol, type ServiceBinding } from './ports';
import { checkConnection, type ConnectionVerdict } from './reachability/check-connection';
import { rejectInvalidCertificates } from './reachability/certificate-validity';
import { describeWaypointBinding, type WaypointBindingSummary } from './waypoint/describe-binding';
import { waypointForPod, waypointForService } from './waypoint/resolve-waypoint';
import { evaluateThroughWaypoint, type CanIHop } from './waypoint/waypoint-path';

export type { CanIHop } from './waypoint/waypoint-path';

export const CAN_I_OUTCOMES = ['allowed', 'denied', 'unauthenticated', 'connection-failed', 'unknown'] as const;
/** unknown: the data that decides it could not be read (never reported as allowed or denied). */
export type CanIOutcome = (typeof CAN_I_OUTCOMES)[number];

export interface PodRef {
  readonly namespace: string;
  readonly pod: string;
}

export interface CanIQuery {
  readonly to: PodRef;
  /** Container port (istio-semantics PA-8, Z-12). */
  readonly port: number;
  /** null: a client outside the mesh (no dataplane, no identity). */
  readonly from: PodRef | null;
  /** The Service dialled; default: the first (by name) selecting the pod with a port that targets the container port. */
  readonly service?: { readonly namespace: string; readonly name: string };
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly jwt?: JwtPresented;
  readonly now: string;
}

export interface CanIResult {
  readonly outcome: CanIOutcome;
  readonly reason: string;
  /** 'ns/name' of the policies that decided (DestinationRule for a failed connection, authorization/authentication otherwise). */
  readonly policies: readonly string[];
  readonly mtls: boolean;
  readonly protocol: 'http' | 'tcp';
  readonly service: string | null;
  readonly connection: ConnectionVerdict;
  readonly authorization: AuthzDecision | null;
  /** Each proxy on the way (source, waypoint, destination): the identity it sees and what it decides. */
  readonly hops: readonly CanIHop[];
  /** The ambient destination's waypoint binding (istio.io/use-waypoint), when it has a label; absent otherwise. */
  readonly waypoint?: CanIWaypoint;
}

/** What the destination's `istio.io/use-waypoint` binding came to. */
export type CanIWaypoint = WaypointBindingSummary;

export class CanIQueryError extends Error {
  override readonly name = 'CanIQueryError';
}

function findWorkload(ref: PodRef, index: MeshIndex, now: string, role: string): EvaluatedWorkload {
  const pod = findPod(index, ref.namespace, ref.pod);
  if (!pod) throw new CanIQueryError(`${role} pod ${ref.namespace}/${ref.pod} is not in the source`);
  return evaluateWorkload(pod, index, now);
}

function chooseBinding(server: EvaluatedWorkload, port: number, query: CanIQuery, index: MeshIndex): ServiceBinding | null {
  const bindings = serviceBindings(server.pod, port, index).sort((a, b) => (a.service.meta.name < b.service.meta.name ? -1 : 1));
  if (!query.service) return bindings[0] ?? null;
  const { namespace, name } = query.service;
  const chosen = bindings.find((b) => b.service.meta.namespace === namespace && b.service.meta.name === name);
  if (!chosen) throw new CanIQueryError(`Service ${namespace}/${name} does not select pod ${server.pod.meta.namespace}/${server.pod.meta.name} with a port targeting container port ${port}`);
  return chosen;
}

export function canI(query: CanIQuery, index: MeshIndex): CanIResult {
  const server = findWorkload(query.to, index, query.now, 'target');
  const client = query.from ? findWorkload(query.from, index, query.now, 'client') : null;
  return canIBetween(client, server, query.port, chooseBinding(server, query.port, query, index), query, index);
}

/** The request attributes of a can-i query (everything but who and where). */
export type CanIRequest = Pick<CanIQuery, 'method' | 'path' | 'host' | 'headers' | 'jwt' | 'now'>;

/**
 * The decision for workloads already evaluated and a Service binding already chosen (null: the pod IP). The topology
 * asks it for many representative pairs, reusing the posture's evaluated workloads instead of evaluating them again.
 */
export function canIBetween(
  client: EvaluatedWorkload | null,
  server: EvaluatedWorkload,
  port: number,
  via: ServiceBinding | null,
  query: CanIRequest,
  index: MeshIndex,
): CanIResult {
  const checked = checkConnection(
    {
      client: client ? { pod: client.pod, dataplane: client.dataplane } : null,
      server: { pod: server.pod, dataplane: server.dataplane },
      containerPort: port,
      via,
      serverMtls: server.posture.mtls,
    },
    index,
  );
  const connection = rejectInvalidCertificates(checked, client, server);
  // The Service port dialled decides the protocol (its appProtocol or name); without one, what the pod's port declares.
  const declared = via ? servicePortProtocol(via.port) : 'auto';
  const protocol = (declared === 'auto' ? portProtocol(server.pod, port, index) : declared) === 'tcp' ? 'tcp' : 'http';
  const service = via ? `${via.service.meta.namespace}/${via.service.meta.name}` : null;
  const base = { protocol, service, connection } as const;
  if (connection.outcome !== 'ok') {
    return {
      ...base,
      outcome: connection.outcome === 'fails' ? 'connection-failed' : 'unknown',
      reason: connection.reason,
      policies: connection.destinationRule ? [connection.destinationRule] : [],
      mtls: false,
      authorization: null,
      hops: [],
    };
  }
  // The server sees the client's mesh identity only over mTLS (Z-10).
  const principal = connection.mtls && client?.posture.spiffeId ? client.posture.spiffeId.replace(/^spiffe:\/\//, '') : null;
  const request: RequestAttributes = {
    protocol,
    port,
    mtls: connection.mtls,
    sourcePrincipal: principal,
    ...(client?.pod.podIP ? { sourceIp: client.pod.podIP } : {}),
    ...(server.pod.podIP ? { destinationIp: server.pod.podIP } : {}),
    method: query.method ?? 'GET',
    path: query.path ?? '/',
    host: query.host ?? (via ? serviceFqdn(via.service) : (server.pod.podIP ?? server.pod.meta.name)),
    headers: Object.fromEntries(Object.entries(query.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    jwt: query.jwt ?? { state: 'none' },
    now: query.now,
  };
  const binding = server.dataplane === 'ambient' ? (via ? waypointForService(via.service, index) : waypointForPod(server.pod, index)) : ({ state: 'none' } as const);
  const waypoint = describeWaypointBinding(binding, index);
  const withWaypoint = waypoint ? { waypoint } : {};
  if (waypoint?.state === 'unknown') {
    return { ...base, outcome: 'unknown', reason: waypoint.reason, policies: [], mtls: connection.mtls, authorization: null, hops: [], ...withWaypoint };
  }
  // Sidecars (and gateways, unless the Service sets istio.io/ingress-use-waypoint) send HBONE straight to the
  // destination and skip its waypoint and the policies attached to it (istio/istio#51445, the open tracking issue for
  // sidecar → waypoint interop; istio/istio#57729 states today's behaviour).
  const skipsWaypoint = binding.state === 'bound' && client?.dataplane === 'sidecar' && !(client.isGateway && via && ingressUsesWaypoint(via));
  if (binding.state === 'bound' && !skipsWaypoint) {
    if (!client || client.dataplane !== 'ambient') {
      // Out of mesh, or a gateway the Service asks to use the waypoint (istio.io/ingress-use-waypoint): not modelled.
      const what = !client || client.dataplane === 'none' ? 'a client outside the mesh' : 'an ingress gateway with istio.io/ingress-use-waypoint';
      const reason = `The destination is served by waypoint ${binding.waypoint.namespace}/${binding.waypoint.name}; the path of ${what} through a waypoint is not modelled`;
      return { ...base, outcome: 'unknown', reason, policies: [], mtls: connection.mtls, authorization: null, hops: [], ...withWaypoint };
    }
    const path = evaluateThroughWaypoint(client, server, via, binding.waypoint, request, index);
    return { ...base, ...decide(path.authorization), policies: path.authorization.policies, mtls: connection.mtls, authorization: path.authorization, hops: path.hops, ...withWaypoint };
  }
  const authorization = evaluateAuthorization({ pod: server.pod, dataplane: server.dataplane, isGateway: server.isGateway }, request, index);
  const unbound =
    binding.state === 'unresolved'
      ? ` Note: ${binding.reason}; the request goes straight to the destination.`
      : binding.state === 'bound' && skipsWaypoint
        ? ` Note: the ${client?.isGateway ? 'gateway' : 'sidecar'} client bypasses waypoint ${binding.waypoint.namespace}/${binding.waypoint.name} (sidecars do not send to waypoints: istio/istio#51445), so the policies attached to the waypoint are not enforced for it.`
        : '';
  const decided = decide(authorization);
  return {
    ...base,
    outcome: decided.outcome,
    reason: `${decided.reason}${unbound}`,
    policies: authorization.policies,
    mtls: connection.mtls,
    authorization,
    hops: directHops(client, server, principal, authorization),
    ...withWaypoint,
  };
}

/** `istio.io/ingress-use-waypoint: "true"` on the Service: ingress gateways send its traffic to its waypoint. */
const INGRESS_USE_WAYPOINT = 'istio.io/ingress-use-waypoint';
function ingressUsesWaypoint(via: ServiceBinding): boolean {
  return via.service.meta.labels[INGRESS_USE_WAYPOINT] === 'true';
}

function decide(authorization: AuthzDecision): { outcome: CanIOutcome; reason: string } {
  const outcome: CanIOutcome = authorization.unknownReason && authorization.outcome === 'allowed' ? 'unknown' : authorization.outcome;
  const reason = authorization.unknownReason && outcome === 'unknown' ? `${authorization.reason}; ${authorization.unknownReason}` : authorization.reason;
  return { outcome, reason };
}

const podId = (w: EvaluatedWorkload): string => `${w.pod.meta.namespace}/${w.pod.meta.name}`;

/** Without a waypoint: the client's proxy forwards, the destination's proxy decides. */
function directHops(client: EvaluatedWorkload | null, server: EvaluatedWorkload, principal: string | null, authorization: AuthzDecision): CanIHop[] {
  const hops: CanIHop[] = [];
  if (client && client.dataplane !== 'none') {
    hops.push({ at: client.dataplane === 'ambient' ? 'ztunnel(source)' : 'sidecar(source)', proxy: podId(client), identitySeen: null, verdict: 'forwarded', reason: 'the client-side proxy originates the connection', policies: [] });
  }
  const at: CanIHop['at'] = server.isGateway ? 'gateway' : server.dataplane === 'ambient' ? 'ztunnel(destination)' : server.dataplane === 'sidecar' ? 'sidecar(destination)' : 'pod';
  const verdict = authorization.unknownReason && authorization.outcome === 'allowed' ? 'unknown' : authorization.outcome;
  hops.push({ at, proxy: podId(server), identitySeen: principal, verdict, reason: authorization.reason, policies: authorization.policies });
  return hops;
}
