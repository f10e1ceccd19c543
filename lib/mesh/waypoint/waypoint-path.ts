// The path of a request through a waypoint (istio.io latest/docs/ambient/usage/l4-policy/ "Authorization policy
// attachment"): client → client ztunnel → waypoint → destination ztunnel → pod. The waypoint enforces the policies
// attached to it by targetRefs, with the client's identity and the full request (L7); the destination ztunnel
// enforces the selector (and namespace-wide) policies at L4, and there the source identity is the **waypoint's**,
// because "waypoint proxies do not impersonate src identity on behalf of the client".
import type { Pod } from '@/lib/snapshot/types';
import { evaluateAuthorization, evaluateAuthorizationWithPolicies, type AuthzDecision, type RequestAttributes } from '../authz';
import { GATEWAY_NAME_LABEL } from '../dataplane';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';
import type { ServiceBinding } from '../ports';
import { WAYPOINT_CLASS, waypointPrincipals, type Waypoint } from './resolve-waypoint';
import { waypointAuthorizationPolicies, waypointRequestAuthentications } from './waypoint-policies';

export const HOP_PLACES = ['sidecar(source)', 'ztunnel(source)', 'waypoint', 'ztunnel(destination)', 'sidecar(destination)', 'gateway', 'pod'] as const;
export type HopPlace = (typeof HOP_PLACES)[number];
export const HOP_VERDICTS = ['forwarded', 'allowed', 'denied', 'unauthenticated', 'unknown', 'not-reached'] as const;
export type HopVerdict = (typeof HOP_VERDICTS)[number];

/** One proxy on the request's way, what identity it sees from its peer and what it decides. */
export interface CanIHop {
  readonly at: HopPlace;
  /** 'ns/name' of the pod, or of the waypoint Gateway. */
  readonly proxy: string;
  /** The peer principal the hop sees ('td/ns/x/sa/y'); null without mTLS. */
  readonly identitySeen: string | null;
  readonly verdict: HopVerdict;
  readonly reason: string;
  readonly policies: readonly string[];
}

export interface WaypointPathDecision {
  readonly authorization: AuthzDecision;
  readonly hops: readonly CanIHop[];
}

/** The waypoint's pod (its labels and service account), or a stand-in when the source has none. */
function waypointPod(waypoint: Waypoint): Pod {
  return (
    waypoint.pods[0] ?? {
      meta: {
        name: waypoint.name, namespace: waypoint.namespace, creationTimestamp: null, annotations: {},
        labels: { [GATEWAY_NAME_LABEL]: waypoint.name, 'gateway.networking.k8s.io/gateway-class-name': WAYPOINT_CLASS },
      },
      serviceAccountName: waypoint.serviceAccounts[0] ?? waypoint.name,
      hostNetwork: false, containers: [], initContainers: [],
    }
  );
}

const hopVerdict = (d: AuthzDecision): HopVerdict => (d.unknownReason && d.outcome === 'allowed' ? 'unknown' : d.outcome);

export function evaluateThroughWaypoint(
  client: EvaluatedWorkload,
  server: EvaluatedWorkload,
  via: ServiceBinding | null,
  waypoint: Waypoint,
  request: RequestAttributes,
  index: MeshIndex,
): WaypointPathDecision {
  const wpId = `${waypoint.namespace}/${waypoint.name}`;
  const clientPrincipal = request.sourcePrincipal;
  const source: CanIHop = {
    at: 'ztunnel(source)', proxy: `${client.pod.meta.namespace}/${client.pod.meta.name}`, identitySeen: null, verdict: 'forwarded', policies: [],
    reason: `the client's ztunnel sends the connection over HBONE to waypoint ${wpId} (${via ? 'service' : 'workload'}-addressed traffic)`,
  };
  // 1. The waypoint: targetRef policies, the client's identity, L7 attributes.
  const atWaypoint = evaluateAuthorizationWithPolicies(
    { pod: waypointPod(waypoint), dataplane: 'sidecar', isGateway: true },
    { ...request, mtls: true, sourcePrincipal: clientPrincipal },
    index,
    { policies: waypointAuthorizationPolicies(waypoint, via?.service ?? null, index), requestAuthentications: waypointRequestAuthentications(waypoint, via?.service ?? null, index) },
    `waypoint ${wpId}`,
  );
  const wpHop: CanIHop = { at: 'waypoint', proxy: wpId, identitySeen: clientPrincipal, verdict: hopVerdict(atWaypoint), reason: atWaypoint.reason, policies: atWaypoint.policies };
  const destination = `${server.pod.meta.namespace}/${server.pod.meta.name}`;
  if (atWaypoint.outcome !== 'allowed') {
    const skipped: CanIHop = { at: 'ztunnel(destination)', proxy: destination, identitySeen: null, verdict: 'not-reached', reason: 'the waypoint refused the request', policies: [] };
    return { authorization: atWaypoint, hops: [source, wpHop, skipped] };
  }
  // 2. The destination ztunnel: L4 selector policies, with the waypoint's identity (l4-policy attachment table).
  const principals = waypointPrincipals(waypoint, index.snapshot.meshConfig.trustDomain);
  const wpPrincipal = principals[0] ?? null;
  const wpIp = waypoint.pods[0]?.podIP;
  const { sourceIp: _clientIp, ...rest } = request;
  void _clientIp;
  const atZtunnel = evaluateAuthorization(
    { pod: server.pod, dataplane: 'ambient', isGateway: false },
    { ...rest, mtls: true, sourcePrincipal: wpPrincipal, ...(wpIp ? { sourceIp: wpIp } : {}) },
    index,
  );
  const identityNote = waypoint.serviceAccountsFromPods ? '' : ` (its service account ${waypoint.serviceAccounts[0] ?? waypoint.name} as istiod's deployment controller names it; no waypoint pod in the source)`;
  const ztHop: CanIHop = {
    at: 'ztunnel(destination)', proxy: destination, identitySeen: wpPrincipal, verdict: hopVerdict(atZtunnel), policies: atZtunnel.policies,
    reason: `${atZtunnel.reason} The source identity is the waypoint's${identityNote}.`,
  };
  const hops = [source, wpHop, ztHop];
  const unknownReason = [atWaypoint.unknownReason, atZtunnel.unknownReason].filter((r): r is string => r !== undefined).join('; ');
  if (atZtunnel.outcome !== 'allowed') {
    return { authorization: { ...atZtunnel, reason: `Allowed at waypoint ${wpId}, then: ${ztHop.reason}`, ...(unknownReason ? { unknownReason } : {}) }, hops };
  }
  return {
    authorization: {
      outcome: 'allowed',
      reason: `${atWaypoint.reason} Then at ztunnel (destination): ${ztHop.reason}`,
      policies: [...new Set([...atWaypoint.policies, ...atZtunnel.policies])],
      audited: atWaypoint.audited,
      ...(atWaypoint.customProvider ? { customProvider: atWaypoint.customProvider } : {}),
      ...(unknownReason ? { unknownReason } : {}),
    },
    hops,
  };
}
