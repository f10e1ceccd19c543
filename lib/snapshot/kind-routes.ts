// Which documents the engine reads, by API group and kind, and which it knowingly skips. An unknown kind, or a
// known kind at a version Istio does not serve, is reported: it usually means a typo or a wrong apiVersion.
import { showValue } from './parse/common';

export type CollectionKey =
  | 'namespaces'
  | 'pods'
  | 'services'
  | 'serviceAccounts'
  | 'peerAuthentications'
  | 'authorizationPolicies'
  | 'requestAuthentications'
  | 'destinationRules'
  | 'envoyFilters'
  | 'telemetries'
  | 'gateways'
  | 'istioGateways'
  | 'workloadTemplates';

export type KindRoute =
  | { readonly type: 'collection'; readonly collection: CollectionKey }
  | { readonly type: 'configmap' }
  | { readonly type: 'ignored' }
  /** Another product's kind (a CRD the engine does not read): listed at info level, no gap in the report. */
  | { readonly type: 'skipped'; readonly reason: string }
  | { readonly type: 'error'; readonly reason: string };

interface RouteSpec {
  readonly versions: readonly string[];
  readonly route: KindRoute;
}

const SECURITY = ['v1', 'v1beta1'];
const NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const TELEMETRY = ['v1', 'v1alpha1'];

const ROUTES: Readonly<Record<string, RouteSpec>> = {
  '/Namespace': { versions: ['v1'], route: { type: 'collection', collection: 'namespaces' } },
  '/Pod': { versions: ['v1'], route: { type: 'collection', collection: 'pods' } },
  '/Service': { versions: ['v1'], route: { type: 'collection', collection: 'services' } },
  '/ServiceAccount': { versions: ['v1'], route: { type: 'collection', collection: 'serviceAccounts' } },
  '/ConfigMap': { versions: ['v1'], route: { type: 'configmap' } },
  'security.istio.io/PeerAuthentication': { versions: SECURITY, route: { type: 'collection', collection: 'peerAuthentications' } },
  'security.istio.io/AuthorizationPolicy': { versions: SECURITY, route: { type: 'collection', collection: 'authorizationPolicies' } },
  'security.istio.io/RequestAuthentication': { versions: SECURITY, route: { type: 'collection', collection: 'requestAuthentications' } },
  'networking.istio.io/DestinationRule': { versions: NETWORKING, route: { type: 'collection', collection: 'destinationRules' } },
  'networking.istio.io/EnvoyFilter': { versions: ['v1alpha3'], route: { type: 'collection', collection: 'envoyFilters' } },
  // Istio's own Gateway: the ingress and egress gateways' servers and TLS (istio.io reference/config/networking/gateway).
  'networking.istio.io/Gateway': { versions: NETWORKING, route: { type: 'collection', collection: 'istioGateways' } },
  'telemetry.istio.io/Telemetry': { versions: TELEMETRY, route: { type: 'collection', collection: 'telemetries' } },
  // Gateway API Gateways: waypoints (istio.io ambient/usage/waypoint). Routes, classes and the rest of the group are skipped.
  'gateway.networking.k8s.io/Gateway': { versions: ['v1', 'v1beta1'], route: { type: 'collection', collection: 'gateways' } },
  // Workload controllers: their pod templates become predicted pods when the source holds no pods of theirs.
  'apps/Deployment': { versions: ['v1'], route: { type: 'collection', collection: 'workloadTemplates' } },
  'apps/StatefulSet': { versions: ['v1'], route: { type: 'collection', collection: 'workloadTemplates' } },
  'apps/DaemonSet': { versions: ['v1'], route: { type: 'collection', collection: 'workloadTemplates' } },
  'apps/ReplicaSet': { versions: ['v1'], route: { type: 'collection', collection: 'workloadTemplates' } },
  'batch/Job': { versions: ['v1'], route: { type: 'collection', collection: 'workloadTemplates' } },
  'batch/CronJob': { versions: ['v1'], route: { type: 'collection', collection: 'workloadTemplates' } },
};

/** Kinds a cluster dump or manifest repository commonly holds that the engine does not need. Secrets are never read. */
const SKIPPED_GROUPS = new Set(['apps', 'batch', 'autoscaling', 'policy', 'rbac.authorization.k8s.io', 'discovery.k8s.io', 'apiextensions.k8s.io',
  'admissionregistration.k8s.io', 'networking.k8s.io', 'gateway.networking.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io',
  'events.k8s.io', 'monitoring.coreos.com', 'extensions.istio.io', 'install.istio.io']);
const SKIPPED_CORE = new Set(['Secret', 'Endpoints', 'Event', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange',
  'ReplicationController', 'PodTemplate', 'ComponentStatus', 'Binding']);
const SKIPPED_ISTIO = new Set(['networking.istio.io/VirtualService', 'networking.istio.io/ServiceEntry',
  'networking.istio.io/Sidecar', 'networking.istio.io/WorkloadEntry', 'networking.istio.io/WorkloadGroup', 'networking.istio.io/ProxyConfig']);

export function routeKind(apiVersion: unknown, kind: unknown): KindRoute {
  if (typeof kind !== 'string' || kind === '') return { type: 'error', reason: 'kind: missing' };
  if (typeof apiVersion !== 'string' || apiVersion === '') return { type: 'error', reason: 'apiVersion: missing' };
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const spec = ROUTES[`${group}/${kind}`];
  if (spec) {
    if (!spec.versions.includes(version)) {
      return { type: 'error', reason: `apiVersion: ${showValue(apiVersion)} is not served for ${kind} (expected ${group ? `${group}/` : ''}${spec.versions.join(' | ')})` };
    }
    return spec.route;
  }
  if (group === '' ? SKIPPED_CORE.has(kind) : SKIPPED_GROUPS.has(group) || SKIPPED_ISTIO.has(`${group}/${kind}`)) return { type: 'ignored' };
  // An unknown kind in the core group or an Istio group is most likely a typo of one the engine reads: an error. Any
  // other group is another product's CRD kept in the same folder (cert-manager Certificate, Argo Rollout): skipped.
  if (group !== '' && group !== 'istio.io' && !group.endsWith('.istio.io')) {
    return { type: 'skipped', reason: `skipped: ${showValue(kind)} (apiVersion ${showValue(apiVersion)}) is not a kind the engine reads` };
  }
  return { type: 'error', reason: `kind: unknown kind ${showValue(kind)} (apiVersion ${showValue(apiVersion)}); the engine does not read it` };
}
