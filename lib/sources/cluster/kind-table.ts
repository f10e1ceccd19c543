// What the reader lists and watches: one entry per API resource the engine reads (lib/snapshot/kind-routes.ts),
// the versions it accepts in order of preference (discovery picks the first one served), and which snapshot
// kinds' provenance depends on it. Secrets are never read.
import type { SnapshotKind } from '@/lib/snapshot/types';
import { ROOT_CERT_CONFIGMAP_NAME } from '@/lib/snapshot/types';

export interface KindSpec {
  /** Stable id: `resource.group` (`pods`, `peerauthentications.security.istio.io`), as RBAC and kubectl name it. */
  readonly id: string;
  readonly group: string;
  readonly versions: readonly string[];
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Snapshot kinds that are unknown when this resource cannot be read. Workload controllers feed none. */
  readonly provenance: readonly SnapshotKind[];
  /** Objects worth caching (the ConfigMaps the engine reads are two names out of many). */
  readonly keep?: (name: string) => boolean;
  /** The only `status` fields the engine reads (the rest, e.g. a pod's conditions and container statuses, is dropped). */
  readonly statusFields?: readonly string[];
  /** What goes missing without it, for collection issues. */
  readonly without?: string;
}

const SECURITY = ['v1', 'v1beta1'];
const NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const TELEMETRY = ['v1', 'v1alpha1'];
const MESH_CONFIGMAP = /^istio(-[a-z0-9-]+)?$/;
const PREDICTION = 'pods it has not created yet (a failed injection, a pending rollout) cannot be predicted';

function spec(group: string, resource: string, kind: string, versions: readonly string[], provenance: readonly SnapshotKind[], extra: Partial<KindSpec> = {}): KindSpec {
  return { id: group ? `${resource}.${group}` : resource, group, versions, resource, kind, namespaced: true, provenance, ...extra };
}

export const KIND_TABLE: readonly KindSpec[] = [
  spec('', 'namespaces', 'Namespace', ['v1'], ['Namespace'], { namespaced: false }),
  spec('', 'pods', 'Pod', ['v1'], ['Pod'], { statusFields: ['podIP', 'phase'] }),
  spec('', 'services', 'Service', ['v1'], ['Service']),
  spec('', 'serviceaccounts', 'ServiceAccount', ['v1'], ['ServiceAccount']),
  spec('', 'configmaps', 'ConfigMap', ['v1'], ['MeshConfig', 'RootCertConfigMap'], {
    keep: (name) => name === ROOT_CERT_CONFIGMAP_NAME || MESH_CONFIGMAP.test(name),
  }),
  spec('security.istio.io', 'peerauthentications', 'PeerAuthentication', SECURITY, ['PeerAuthentication']),
  spec('security.istio.io', 'authorizationpolicies', 'AuthorizationPolicy', SECURITY, ['AuthorizationPolicy']),
  spec('security.istio.io', 'requestauthentications', 'RequestAuthentication', SECURITY, ['RequestAuthentication']),
  spec('networking.istio.io', 'destinationrules', 'DestinationRule', NETWORKING, ['DestinationRule']),
  spec('networking.istio.io', 'envoyfilters', 'EnvoyFilter', ['v1alpha3'], ['EnvoyFilter']),
  spec('telemetry.istio.io', 'telemetries', 'Telemetry', TELEMETRY, ['Telemetry']),
  // Waypoints (istio.io ambient/usage/waypoint); status.addresses tells whether istiod considers the waypoint ready.
  spec('gateway.networking.k8s.io', 'gateways', 'Gateway', ['v1', 'v1beta1'], ['Gateway'], { statusFields: ['addresses'], without: 'waypoints (ambient L7 policy) cannot be seen' }),
  // Istio's own Gateway: the ingress and egress gateways' servers and their TLS.
  spec('networking.istio.io', 'gateways', 'Gateway', NETWORKING, ['IstioGateway'], { without: 'the TLS of Istio ingress and egress gateway servers cannot be judged' }),
  spec('apps', 'deployments', 'Deployment', ['v1'], [], { without: PREDICTION, statusFields: [] }),
  spec('apps', 'statefulsets', 'StatefulSet', ['v1'], [], { without: PREDICTION, statusFields: [] }),
  spec('apps', 'daemonsets', 'DaemonSet', ['v1'], [], { without: PREDICTION, statusFields: [] }),
  spec('apps', 'replicasets', 'ReplicaSet', ['v1'], [], { without: PREDICTION, statusFields: [] }),
  spec('batch', 'jobs', 'Job', ['v1'], [], { without: PREDICTION, statusFields: [] }),
  spec('batch', 'cronjobs', 'CronJob', ['v1'], [], { without: PREDICTION, statusFields: [] }),
];

const ISTIO_GROUPS = new Set(['security.istio.io', 'networking.istio.io', 'telemetry.istio.io']);

export function isIstioGroup(group: string): boolean {
  return ISTIO_GROUPS.has(group);
}

/** `/api/v1/pods` or `/apis/security.istio.io/v1/namespaces/x/peerauthentications`. */
export function resourcePath(spec: KindSpec, version: string, namespace?: string): string {
  const base = spec.group === '' ? `/api/${version}` : `/apis/${spec.group}/${version}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${spec.resource}` : `${base}/${spec.resource}`;
}

export function apiVersionOf(spec: KindSpec, version: string): string {
  return spec.group === '' ? version : `${spec.group}/${version}`;
}
