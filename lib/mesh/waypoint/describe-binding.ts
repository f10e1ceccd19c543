// What an object's `istio.io/use-waypoint` binding comes to, in the words every view uses (can-i, the pod view):
// bound, opted out, unresolved (istiod binds nothing) or unknown (the Gateways could not be read).
import type { MeshIndex } from '../mesh-index';
import type { WaypointBinding } from './resolve-waypoint';

export interface WaypointBindingSummary {
  readonly state: 'bound' | 'opted-out' | 'unresolved' | 'unknown';
  /** 'ns/name' of the waypoint (bound) or of the one the label names (unresolved). */
  readonly name: string | null;
  readonly labelledOn: string;
  readonly reason: string;
}

/** null: no label applies (no waypoint, and nothing to say). */
export function describeWaypointBinding(binding: WaypointBinding, index: MeshIndex): WaypointBindingSummary | null {
  if (binding.state === 'none') return null;
  const gateways = index.snapshot.kinds.Gateway;
  if (binding.state === 'opted-out') return { state: 'opted-out', name: null, labelledOn: binding.labelledOn, reason: `${binding.labelledOn} opts out of waypoints (istio.io/use-waypoint: none)` };
  // 'absent': the Gateway API is not installed, so no waypoint exists and the label binds nothing (known, not unknown).
  if (gateways.status !== 'ok' && gateways.status !== 'absent') {
    return { state: 'unknown', name: null, labelledOn: binding.labelledOn, reason: `${binding.labelledOn} uses a waypoint, but Gateway could not be read (${gateways.status}${gateways.reason ? `: ${gateways.reason}` : ''}): the path and the policies enforced on it are unknown` };
  }
  if (binding.state === 'bound') {
    const name = `${binding.waypoint.namespace}/${binding.waypoint.name}`;
    return { state: 'bound', name, labelledOn: binding.labelledOn, reason: `${binding.labelledOn} uses waypoint ${name} (istio.io/use-waypoint)` };
  }
  return { state: 'unresolved', name: `${binding.ref.namespace}/${binding.ref.name}`, labelledOn: binding.labelledOn, reason: binding.reason };
}
