// Which waypoint serves a Service (service-addressed traffic) or a pod (workload-addressed traffic), as istiod binds
// it for ztunnel (Istio ≥ 1.22). Sources:
// - istio.io/latest/docs/ambient/usage/waypoint/ ("Deploy a waypoint proxy": `istio.io/waypoint-for` is `service` by
//   default, or `workload`, `all`, `none`; "Use a waypoint proxy": the `istio.io/use-waypoint` label on a namespace,
//   Service or pod; a pod labelled with a waypoint that only processes service traffic gets no waypoint);
// - istio/istio pilot/pkg/serviceregistry/kube/controller/ambient/waypoints.go (`fetchWaypointForTarget`,
//   `fetchWaypointForService`, `fetchWaypointForWorkload`, `getUseWaypoint`, `WaypointsCollection`): the object's own
//   label wins over its namespace's, `none` opts out, `istio.io/use-waypoint-namespace` names another namespace, a
//   waypoint that does not exist (or has no address yet) binds nothing ("WaypointIsNotReady"), the traffic type must
//   match ("UnsupportedTrafficType"), the HBONE listener's allowedRoutes decide which namespaces may use it, and a
//   waypoint's own Services (`gateway.istio.io/managed: istio.io-mesh-controller`) have no waypoint.
// Not modelled: ServiceEntry/WorkloadEntry enrolment, the GatewayClass's own `istio.io/waypoint-for` label, the
// `ambient.istio.io/waypoint-inbound-binding` annotation.
import type { Gateway, GatewayListener, Namespace, ObjectMeta, Pod, Service } from '@/lib/snapshot/types';
import { isSelectedBy } from '../labels';
import { GATEWAY_NAME_LABEL } from '../dataplane';
import type { MeshIndex } from '../mesh-index';

export const USE_WAYPOINT = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
export const WAYPOINT_FOR = 'istio.io/waypoint-for';
export const WAYPOINT_CLASS = 'istio-waypoint';
const MANAGED_LABEL = 'gateway.istio.io/managed';
const MESH_CONTROLLER = 'istio.io-mesh-controller';

/** The traffic a waypoint processes (`istio.io/waypoint-for`). */
export const WAYPOINT_TRAFFIC_TYPES = ['service', 'workload', 'all', 'none'] as const;
export type WaypointTrafficType = (typeof WAYPOINT_TRAFFIC_TYPES)[number];
export type AddressedAs = 'service' | 'workload';

export interface Waypoint {
  readonly gateway: Gateway;
  readonly namespace: string;
  readonly name: string;
  /** The label's value as written (an unknown value serves nothing). */
  readonly trafficType: string;
  /** The waypoint's pods in the snapshot (label gateway.networking.k8s.io/gateway-name). */
  readonly pods: readonly Pod[];
  /**
   * Its service accounts: those of its pods, else the one istiod's deployment controller creates, named after the
   * Gateway (for the istio-waypoint class the name gets no class suffix: `getDefaultName` with disableNameSuffix;
   * the waypoint doc's `ztunnel-config workload` output shows the pod `waypoint-6f7b665c89-6hppr` of Gateway `waypoint`).
   */
  readonly serviceAccounts: readonly string[];
  readonly serviceAccountsFromPods: boolean;
}

export type WaypointBinding =
  | { readonly state: 'none' }
  /** `istio.io/use-waypoint: none` on the object (or its namespace). */
  | { readonly state: 'opted-out'; readonly labelledOn: string }
  | { readonly state: 'bound'; readonly waypoint: Waypoint; readonly labelledOn: string }
  /** Labelled, but no waypoint binds: istiod reports it on the object and ztunnel routes without a waypoint. */
  | { readonly state: 'unresolved'; readonly labelledOn: string; readonly ref: { readonly namespace: string; readonly name: string }; readonly problem: WaypointProblem; readonly reason: string };

export type WaypointProblem = 'missing' | 'not-ready' | 'wrong-traffic-type' | 'attachment-denied';

function hboneListener(gateway: Gateway): GatewayListener | undefined {
  return gateway.listeners.find((l) => l.protocol === 'HBONE' && l.port === 15008);
}

/** `makeAllowedRoutes`: the HBONE listener's allowedRoutes (default Same; no HBONE listener also means Same). */
function allowsNamespace(gateway: Gateway, namespace: Namespace | undefined, namespaceName: string): boolean {
  const l = hboneListener(gateway);
  const from = l?.allowedNamespaces ?? 'Same';
  switch (from) {
    case 'All':
      return true;
    case 'Selector':
      return isSelectedBy(l?.namespaceSelector ?? null, namespace?.meta.labels ?? {});
    case 'Same':
      return gateway.meta.namespace === namespaceName;
  }
}

export function waypointOfGateway(gateway: Gateway, index: MeshIndex): Waypoint {
  const pods = (index.podsByNamespace.get(gateway.meta.namespace) ?? []).filter((p) => p.meta.labels[GATEWAY_NAME_LABEL] === gateway.meta.name);
  const fromPods = [...new Set(pods.map((p) => p.serviceAccountName))].sort();
  return {
    gateway,
    namespace: gateway.meta.namespace,
    name: gateway.meta.name,
    trafficType: gateway.meta.labels[WAYPOINT_FOR] ?? 'service',
    pods,
    serviceAccounts: fromPods.length > 0 ? fromPods : [gateway.meta.name],
    serviceAccountsFromPods: fromPods.length > 0,
  };
}

export function findGateway(index: MeshIndex, namespace: string, name: string): Gateway | undefined {
  return (index.gatewaysByNamespace.get(namespace) ?? []).find((g) => g.meta.name === name);
}

/** Every Gateway of class istio-waypoint. */
export function waypointGateways(index: MeshIndex): Gateway[] {
  return index.snapshot.gateways.filter((g) => g.gatewayClassName === WAYPOINT_CLASS);
}

const serves = (trafficType: string, addressedAs: AddressedAs): boolean => trafficType === 'all' || trafficType === addressedAs;

function readUseWaypointLabel(meta: ObjectMeta, fallbackNamespace: string): { readonly none: true } | { readonly none: false; readonly namespace: string; readonly name: string } | null {
  const value = meta.labels[USE_WAYPOINT];
  if (value === undefined) return null;
  if (value === 'none') return { none: true };
  return { none: false, name: value, namespace: meta.labels[USE_WAYPOINT_NAMESPACE] ?? fallbackNamespace };
}

function bind(index: MeshIndex, ref: { namespace: string; name: string }, labelledOn: string, objectNamespace: string, addressedAs: AddressedAs): WaypointBinding {
  const gateway = findGateway(index, ref.namespace, ref.name);
  const at = `${ref.namespace}/${ref.name}`;
  if (!gateway) {
    return { state: 'unresolved', labelledOn, ref, problem: 'missing', reason: `${labelledOn} names waypoint ${at}, which is not in the source: istiod binds no waypoint (WaypointIsNotReady), so no L7 policy is enforced` };
  }
  if (gateway.statusAddresses === 0) {
    return { state: 'unresolved', labelledOn, ref, problem: 'not-ready', reason: `${labelledOn} names waypoint ${at}, which has no address yet: istiod binds no waypoint (WaypointIsNotReady)` };
  }
  const waypoint = waypointOfGateway(gateway, index);
  if (!allowsNamespace(gateway, index.namespaces.get(objectNamespace), objectNamespace)) {
    return { state: 'unresolved', labelledOn, ref, problem: 'attachment-denied', reason: `${labelledOn} names waypoint ${at}, whose HBONE listener does not allow namespace ${objectNamespace} (allowedRoutes): istiod binds no waypoint` };
  }
  if (!serves(waypoint.trafficType, addressedAs)) {
    return {
      state: 'unresolved', labelledOn, ref, problem: 'wrong-traffic-type',
      reason: `${labelledOn} names waypoint ${at}, which is for ${waypoint.trafficType} traffic (${WAYPOINT_FOR}), not ${addressedAs} traffic: istiod binds no waypoint`,
    };
  }
  return { state: 'bound', waypoint, labelledOn };
}

/** fetchWaypointForTarget: the object's own label, else its namespace's. */
function resolve(meta: ObjectMeta, objectId: string, index: MeshIndex, addressedAs: AddressedAs): WaypointBinding {
  const own = readUseWaypointLabel(meta, meta.namespace);
  if (own?.none) return { state: 'opted-out', labelledOn: objectId };
  if (own) return bind(index, own, objectId, meta.namespace, addressedAs);
  const ns = index.namespaces.get(meta.namespace);
  const fromNs = ns ? readUseWaypointLabel(ns.meta, meta.namespace) : null;
  if (fromNs?.none) return { state: 'opted-out', labelledOn: `Namespace/${meta.namespace}` };
  if (fromNs) return bind(index, fromNs, `Namespace/${meta.namespace}`, meta.namespace, addressedAs);
  return { state: 'none' };
}

/** The waypoint for traffic addressed to the Service (its VIP or hostname). */
export function waypointForService(service: Service, index: MeshIndex): WaypointBinding {
  if (service.meta.labels[MANAGED_LABEL] === MESH_CONTROLLER) return { state: 'none' };
  return resolve(service.meta, `Service/${service.meta.namespace}/${service.meta.name}`, index, 'service');
}

/** The waypoint for traffic addressed to the pod's IP. */
export function waypointForPod(pod: Pod, index: MeshIndex): WaypointBinding {
  return resolve(pod.meta, `Pod/${pod.meta.namespace}/${pod.meta.name}`, index, 'workload');
}

/** 'spiffe://td/ns/<ns>/sa/<sa>' of each of the waypoint's service accounts. */
export function waypointPrincipals(waypoint: Waypoint, trustDomain: string): string[] {
  return waypoint.serviceAccounts.map((sa) => `${trustDomain}/ns/${waypoint.namespace}/sa/${sa}`);
}
