// Which AuthorizationPolicies and RequestAuthentications apply to a pod (istio-semantics Z-1..Z-3, J-1).
import type { AuthorizationPolicy, LabelSelector, PolicyTargetRef, Pod, RequestAuthentication } from '@/lib/snapshot/types';
import type { Dataplane } from '@/lib/mesh/model';
import { candidatesFor, type MeshIndex } from '@/lib/mesh/mesh-index';
import { isSelectedBy } from '@/lib/mesh/labels';
import { GATEWAY_NAME_LABEL } from '@/lib/mesh/dataplane';

const GATEWAY_CLASS_LABEL = 'gateway.networking.k8s.io/gateway-class-name';
const WAYPOINT_CLASS = 'istio-waypoint';
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export interface AuthzTarget {
  readonly pod: Pod;
  readonly dataplane: Dataplane;
  readonly isGateway: boolean;
}

interface Attachable {
  readonly meta: { readonly namespace: string; readonly name: string };
  readonly selector: LabelSelector;
  readonly targetRefs: readonly PolicyTargetRef[];
}

/** A waypoint pod (Z-3): selector policies are ignored there; targetRefs decide. */
export function isWaypointPod(pod: Pod): boolean {
  return pod.meta.labels[GATEWAY_CLASS_LABEL] === WAYPOINT_CLASS || pod.meta.labels['gateway.istio.io/managed'] === 'istio.io-mesh-controller';
}

function refMatchesGateway(ref: PolicyTargetRef, policyNamespace: string, pod: Pod, rootNamespace: string): boolean {
  const gatewayName = pod.meta.labels[GATEWAY_NAME_LABEL];
  const group = ref.group === '' || ref.group === GATEWAY_API_GROUP;
  const refNamespace = ref.namespace ?? policyNamespace;
  if (group && ref.kind === 'Gateway') {
    return gatewayName !== undefined && ref.name === gatewayName && refNamespace === pod.meta.namespace && policyNamespace === pod.meta.namespace;
  }
  // Waypoints: a GatewayClass istio-waypoint target in the root namespace applies to every waypoint.
  if (group && ref.kind === 'GatewayClass') {
    return ref.name === WAYPOINT_CLASS && policyNamespace === rootNamespace && isWaypointPod(pod);
  }
  return false;
}

/**
 * Z-2/Z-3 (ShouldAttachPolicy): on an ordinary workload only selector policies apply and any policy with targetRefs
 * is ignored; on a Gateway-API gateway pod selector policies still apply (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY
 * defaults to true) and targetRefs apply when they name its Gateway in its namespace; on waypoints selector policies
 * are ignored. A root-namespace selector applies in every namespace.
 */
function attaches(policy: Attachable, pod: Pod, rootNamespace: string): boolean {
  if (policy.targetRefs.length > 0) {
    if (pod.meta.labels[GATEWAY_NAME_LABEL] === undefined) return false;
    return policy.targetRefs.some((ref) => refMatchesGateway(ref, policy.meta.namespace, pod, rootNamespace));
  }
  if (isWaypointPod(pod)) return false;
  return isSelectedBy(policy.selector, pod.meta.labels);
}

function byNamespaceThenName(a: Attachable, b: Attachable): number {
  return a.meta.namespace === b.meta.namespace ? (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0) : a.meta.namespace < b.meta.namespace ? -1 : 1;
}

/** Z-1..Z-3: the AuthorizationPolicies that apply to the target (root namespace and own namespace), sorted by ns/name. */
const applicableCache = new WeakMap<MeshIndex, WeakMap<Pod, readonly AuthorizationPolicy[]>>();

/**
 * Depends only on the pod and the index, and the summary, the phase checklist and the findings all ask for it, so it
 * is memoised per index.
 */
export function applicableAuthorizationPolicies(target: AuthzTarget, index: MeshIndex): readonly AuthorizationPolicy[] {
  let perPod = applicableCache.get(index);
  if (!perPod) applicableCache.set(index, (perPod = new WeakMap()));
  let list = perPod.get(target.pod);
  if (!list) {
    const candidates = candidatesFor(index.authorizationPoliciesByNamespace, target.pod.meta.namespace, index.rootNamespace);
    list = candidates.filter((p) => attaches(p, target.pod, index.rootNamespace)).sort(byNamespaceThenName);
    perPod.set(target.pod, list);
  }
  return list;
}

/** J-1: the RequestAuthentications that apply to the target, by the same attachment rules; their jwtRules merge. */
export function applicableRequestAuthentications(target: AuthzTarget, index: MeshIndex): readonly RequestAuthentication[] {
  const candidates = candidatesFor(index.requestAuthenticationsByNamespace, target.pod.meta.namespace, index.rootNamespace);
  return candidates.filter((p) => attaches(p, target.pod, index.rootNamespace)).sort(byNamespaceThenName);
}
