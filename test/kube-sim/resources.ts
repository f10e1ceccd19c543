// The resources the simulator serves and the discovery documents describing them, shaped like kube-apiserver's
// (legacy discovery: APIVersions, APIGroupList, APIGroup, APIResourceList). Istio CRD groups are served at
// several versions with one storage, as the real API server does for multi-version CRDs.

export interface SimResource {
  readonly group: string; // '' for core
  readonly versions: readonly string[]; // preferred first
  readonly plural: string;
  readonly singular: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  /** Subresources listed in discovery (`pods/proxy`...). */
  readonly subresources?: readonly { name: string; kind: string; verbs: readonly string[] }[];
}

const ISTIO_SECURITY = ['v1', 'v1beta1'];
const ISTIO_NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];

export const SIM_RESOURCES: readonly SimResource[] = [
  { group: '', versions: ['v1'], plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
  {
    group: '',
    versions: ['v1'],
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    subresources: [
      { name: 'pods/portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'pods/proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    ],
  },
  { group: '', versions: ['v1'], plural: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'] },
  { group: '', versions: ['v1'], plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  { group: '', versions: ['v1'], plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { group: 'apps', versions: ['v1'], plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'] },
  { group: 'apps', versions: ['v1'], plural: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'] },
  { group: 'apps', versions: ['v1'], plural: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'] },
  { group: 'apps', versions: ['v1'], plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'] },
  { group: 'batch', versions: ['v1'], plural: 'jobs', singular: 'job', kind: 'Job', namespaced: true },
  { group: 'batch', versions: ['v1'], plural: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, shortNames: ['cj'] },
  { group: 'security.istio.io', versions: ISTIO_SECURITY, plural: 'peerauthentications', singular: 'peerauthentication', kind: 'PeerAuthentication', namespaced: true, shortNames: ['pa'] },
  { group: 'security.istio.io', versions: ISTIO_SECURITY, plural: 'authorizationpolicies', singular: 'authorizationpolicy', kind: 'AuthorizationPolicy', namespaced: true, shortNames: ['ap'] },
  { group: 'security.istio.io', versions: ISTIO_SECURITY, plural: 'requestauthentications', singular: 'requestauthentication', kind: 'RequestAuthentication', namespaced: true, shortNames: ['ra'] },
  { group: 'networking.istio.io', versions: ISTIO_NETWORKING, plural: 'destinationrules', singular: 'destinationrule', kind: 'DestinationRule', namespaced: true, shortNames: ['dr'] },
  { group: 'networking.istio.io', versions: ['v1alpha3'], plural: 'envoyfilters', singular: 'envoyfilter', kind: 'EnvoyFilter', namespaced: true },
  { group: 'networking.istio.io', versions: ['v1', 'v1beta1', 'v1alpha3'], plural: 'gateways', singular: 'gateway', kind: 'Gateway', namespaced: true, shortNames: ['gw'] },
  { group: 'gateway.networking.k8s.io', versions: ['v1', 'v1beta1'], plural: 'gateways', singular: 'gateway', kind: 'Gateway', namespaced: true, shortNames: ['gtw'] },
  { group: 'telemetry.istio.io', versions: ['v1', 'v1alpha1'], plural: 'telemetries', singular: 'telemetry', kind: 'Telemetry', namespaced: true, shortNames: ['telemetry'] },
];

/** Storage key of a resource: `pods`, `deployments.apps` (the form RBAC and kubectl use). */
export function resourceKey(r: { group: string; plural: string }): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

export function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function findResourceByPath(group: string, version: string, plural: string): SimResource | undefined {
  return SIM_RESOURCES.find((r) => r.group === group && r.plural === plural && r.versions.includes(version));
}

/** The resource an object belongs to, from its apiVersion and kind (any served version of its group). */
export function findResourceByKind(apiVersion: string, kind: string): SimResource | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return SIM_RESOURCES.find((r) => r.group === group && r.kind === kind && r.versions.includes(version));
}

function groupsServed(absent: ReadonlySet<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of SIM_RESOURCES) {
    if (r.group === '' || absent.has(r.group)) continue;
    const versions = groups.get(r.group) ?? [];
    for (const v of r.versions) if (!versions.includes(v)) versions.push(v);
    groups.set(r.group, versions);
  }
  return groups;
}

function apiGroup(name: string, versions: readonly string[]) {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0]! };
}

export function apiVersionsDocument(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupListDocument(absent: ReadonlySet<string>) {
  const groups = [...groupsServed(absent)].map(([name, versions]) => apiGroup(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupDocument(group: string, absent: ReadonlySet<string>) {
  const versions = groupsServed(absent).get(group);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) } : null;
}

const READ_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function apiResourceListDocument(group: string, version: string, absent: ReadonlySet<string>) {
  if (absent.has(group)) return null;
  const served = SIM_RESOURCES.filter((r) => r.group === group && r.versions.includes(version));
  if (served.length === 0) return null;
  const resources = served.flatMap((r) => [
    {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: READ_VERBS,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.group === '' ? {} : { categories: r.group.endsWith('istio.io') ? ['istio-io', r.group.split('.')[0]] : ['all'] }),
    },
    ...(r.subresources ?? []).map((s) => ({ name: s.name, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}
