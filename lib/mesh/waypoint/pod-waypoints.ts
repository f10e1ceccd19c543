// Which waypoint carries the traffic into one ambient pod, per way of addressing it (istio.io latest/docs/ambient/
// usage/waypoint/ "Use a waypoint proxy"): through each Service that selects it (service-addressed) and to its own IP
// (workload-addressed), with the policies the waypoint enforces there and the identity the pod's ztunnel then sees.
import { nsName, type Pod, type Service } from '@/lib/snapshot/types';
import type { Dataplane } from '../model';
import type { MeshIndex } from '../mesh-index';
import { servicesSelectingPod } from '../ports';
import { describeWaypointBinding, type WaypointBindingSummary } from './describe-binding';
import { waypointForPod, waypointForService, waypointPrincipals, type AddressedAs, type WaypointBinding } from './resolve-waypoint';
import { waypointAuthorizationPolicies } from './waypoint-policies';

export interface PodWaypointRoute {
  readonly addressedAs: AddressedAs;
  /** 'ns/name' of the Service dialled; null for the pod's own IP. */
  readonly service: string | null;
  /** null: no istio.io/use-waypoint label applies, so ztunnel alone enforces (L4). */
  readonly binding: WaypointBindingSummary | null;
  /** 'ns/name' of the AuthorizationPolicies the waypoint enforces for this traffic (targetRefs); empty unless bound. */
  readonly policiesAtWaypoint: readonly string[];
  /** spiffe:// identity the pod's ztunnel sees as the source of this traffic (the waypoint's), when bound. */
  readonly sourceSeenByZtunnel: string | null;
}

function route(service: Service | null, binding: WaypointBinding, index: MeshIndex): PodWaypointRoute {
  const summary = describeWaypointBinding(binding, index);
  // Bound only when the Gateways were read: describeWaypointBinding says 'unknown' otherwise.
  const waypoint = binding.state === 'bound' && summary?.state === 'bound' ? binding.waypoint : null;
  const principal = waypoint ? waypointPrincipals(waypoint, index.snapshot.meshConfig.trustDomain)[0] : undefined;
  return {
    addressedAs: service ? 'service' : 'workload',
    service: service ? nsName(service.meta) : null,
    binding: summary,
    policiesAtWaypoint: waypoint ? waypointAuthorizationPolicies(waypoint, service, index).map((p) => nsName(p.meta)) : [],
    sourceSeenByZtunnel: principal ? `spiffe://${principal}` : null,
  };
}

/** The routes into an ambient pod, Services by name then the pod IP; empty for other dataplanes. */
export function podWaypointRoutes(pod: Pod, dataplane: Dataplane, index: MeshIndex): PodWaypointRoute[] {
  if (dataplane !== 'ambient') return [];
  const services = [...servicesSelectingPod(pod, index)].sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  return [...services.map((svc) => route(svc, waypointForService(svc, index), index)), route(null, waypointForPod(pod, index), index)];
}
