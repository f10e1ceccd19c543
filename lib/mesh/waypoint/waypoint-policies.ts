// The AuthorizationPolicies and RequestAuthentications a waypoint enforces for one request (istio-semantics Z-3, J-1; istio.io
// latest/docs/ambient/usage/waypoint/ "Attach L7 policies to waypoint proxies"; latest/docs/ambient/usage/l4-policy/
// "Authorization policy attachment": targetRefs to the Gateway or to the Service are enforced by the waypoint with
// the client pod's identity). Selector policies are never enforced by a waypoint.
import type { AuthorizationPolicy, ObjectMeta, PolicyTargetRef, RequestAuthentication, Service } from '@/lib/snapshot/types';
import { nsName } from '@/lib/snapshot/types';
import type { MeshIndex } from '../mesh-index';
import { WAYPOINT_CLASS, type Waypoint } from './resolve-waypoint';

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
const isGatewayApi = (ref: PolicyTargetRef): boolean => ref.group === '' || ref.group === GATEWAY_API_GROUP;
const isCore = (ref: PolicyTargetRef): boolean => ref.group === '' || ref.group === 'core';

/** Whether one targetRef of a policy in `policyNamespace` attaches the policy to this waypoint for this Service. */
export function refAttachesAtWaypoint(ref: PolicyTargetRef, policyNamespace: string, waypoint: Waypoint, service: Service | null, rootNamespace: string): boolean {
  const refNamespace = ref.namespace ?? policyNamespace;
  if (refNamespace !== policyNamespace) return false;
  if (isGatewayApi(ref) && ref.kind === 'Gateway') return ref.name === waypoint.name && policyNamespace === waypoint.namespace;
  if (isGatewayApi(ref) && ref.kind === 'GatewayClass') return ref.name === WAYPOINT_CLASS && policyNamespace === rootNamespace && waypoint.gateway.gatewayClassName === WAYPOINT_CLASS;
  if (isCore(ref) && ref.kind === 'Service') return service !== null && ref.name === service.meta.name && policyNamespace === service.meta.namespace;
  return false;
}

interface Attached {
  readonly meta: ObjectMeta;
  readonly targetRefs: readonly PolicyTargetRef[];
}

function attachedAtWaypoint<T extends Attached>(byNamespace: ReadonlyMap<string, readonly T[]>, waypoint: Waypoint, service: Service | null, index: MeshIndex): T[] {
  const namespaces = new Set([waypoint.namespace, index.rootNamespace, ...(service ? [service.meta.namespace] : [])]);
  const out: T[] = [];
  for (const ns of namespaces) {
    for (const p of byNamespace.get(ns) ?? []) {
      if (p.targetRefs.some((ref) => refAttachesAtWaypoint(ref, p.meta.namespace, waypoint, service, index.rootNamespace))) out.push(p);
    }
  }
  return out.sort((a, b) => (nsName(a.meta) < nsName(b.meta) ? -1 : nsName(a.meta) > nsName(b.meta) ? 1 : 0));
}

/** The AuthorizationPolicies in force at `waypoint` for a request addressed to `service` (null: to a pod IP), sorted by ns/name. */
export function waypointAuthorizationPolicies(waypoint: Waypoint, service: Service | null, index: MeshIndex): AuthorizationPolicy[] {
  return attachedAtWaypoint(index.authorizationPoliciesByNamespace, waypoint, service, index);
}

/** The RequestAuthentications (JWT rules, merged: J-1) in force at `waypoint` for a request addressed to `service`. */
export function waypointRequestAuthentications(waypoint: Waypoint, service: Service | null, index: MeshIndex): RequestAuthentication[] {
  return attachedAtWaypoint(index.requestAuthenticationsByNamespace, waypoint, service, index);
}
