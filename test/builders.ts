// Builders for snapshot objects, so tests read as specifications: aPod({ ... }), aPeerAuthentication({ ... }).
// Every builder returns a complete, valid object; override only what the test is about.
import {
  SNAPSHOT_KINDS,
  type AuthorizationPolicy,
  type Container,
  type DestinationRule,
  type EnvoyFilter,
  type KindProvenance,
  type MeshConfig,
  type MeshSnapshot,
  type Namespace,
  type ObjectMeta,
  type PeerAuthentication,
  type Pod,
  type ProxyCertificates,
  type RequestAuthentication,
  type Service,
  type ServiceAccount,
  type SnapshotKind,
  type Telemetry,
  type Gateway,
} from '@/lib/snapshot/types';
import { defaultMeshConfig } from '@/lib/snapshot/parse/mesh-config';

export const T0 = '2026-01-01T00:00:00Z';
export const NOW = '2026-06-01T12:00:00Z';

type MetaInput = Partial<Omit<ObjectMeta, 'labels' | 'annotations'>> & {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

export function aMeta(input: MetaInput & { name: string }): ObjectMeta {
  return {
    namespace: 'default',
    creationTimestamp: T0,
    ...input,
    labels: input.labels ?? {},
    annotations: input.annotations ?? {},
  };
}

export function aNamespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { meta: aMeta({ name, namespace: '', labels }) };
}

export function aContainer(input: Partial<Omit<Container, 'ports'>> & { ports?: readonly (number | Container['ports'][number])[] } = {}): Container {
  const ports = (input.ports ?? []).map((p) => (typeof p === 'number' ? { containerPort: p, protocol: 'TCP' } : p));
  return { name: 'app', envValues: [], nativeSidecar: false, ...input, ports };
}

export interface PodInput extends MetaInput {
  name: string;
  /** Container ports of the app container: a number, or a named port. */
  ports?: (number | Container['ports'][number])[];
  /** 'sidecar' injects an istio-proxy container, the status annotation and the tlsMode label. */
  dataplane?: 'sidecar' | 'none' | 'ambient-label';
  serviceAccountName?: string;
  hostNetwork?: boolean;
  envValues?: string[];
}

export function aPod(input: PodInput): Pod {
  const { ports = [8080], dataplane = 'sidecar', serviceAccountName = 'default', hostNetwork = false, envValues = [], ...meta } = input;
  const labels = { ...(meta.labels ?? {}) };
  const annotations = { ...(meta.annotations ?? {}) };
  const containers: Container[] = [aContainer({ ports, envValues })];
  if (dataplane === 'sidecar') {
    labels['security.istio.io/tlsMode'] ??= 'istio';
    annotations['sidecar.istio.io/status'] ??= '{"containers":["istio-proxy"]}';
    containers.push(aContainer({ name: 'istio-proxy', ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }] }));
  }
  if (dataplane === 'ambient-label') labels['istio.io/dataplane-mode'] = 'ambient';
  return {
    meta: aMeta({ ...meta, labels, annotations }),
    serviceAccountName,
    hostNetwork,
    containers,
    initContainers: [],
    phase: 'Running',
  };
}

export function aServiceAccount(name: string, namespace = 'default'): ServiceAccount {
  return { meta: aMeta({ name, namespace }) };
}

export function aService(
  input: MetaInput & { name: string; selector?: Record<string, string> | null; ports?: Service['ports']; headless?: boolean },
): Service {
  const { selector = { app: input.name }, ports = [{ port: 80, targetPort: 8080, protocol: 'TCP', name: 'http' }], headless = false, ...meta } = input;
  return { meta: aMeta(meta), selector, ports, type: 'ClusterIP', headless };
}

export function aPeerAuthentication(
  input: MetaInput & { name: string } & Partial<Pick<PeerAuthentication, 'selector' | 'mode' | 'portLevelMtls'>>,
): PeerAuthentication {
  const { selector = null, mode = 'UNSET', portLevelMtls = null, ...meta } = input;
  return { meta: aMeta(meta), selector, mode, portLevelMtls };
}

export function anAuthorizationPolicy(
  input: MetaInput & { name: string } & Partial<Omit<AuthorizationPolicy, 'meta'>>,
): AuthorizationPolicy {
  const { selector = null, targetRefs = [], action = 'ALLOW', provider, rules = null, dryRun = false, ...meta } = input;
  return { meta: aMeta(meta), selector, targetRefs, action, ...(provider ? { provider } : {}), rules, dryRun };
}

export function aRequestAuthentication(
  input: MetaInput & { name: string } & Partial<Omit<RequestAuthentication, 'meta'>>,
): RequestAuthentication {
  const { selector = null, targetRefs = [], jwtRules = [], ...meta } = input;
  return { meta: aMeta(meta), selector, targetRefs, jwtRules };
}

export function aDestinationRule(input: MetaInput & { name: string } & Partial<Omit<DestinationRule, 'meta'>>): DestinationRule {
  const { host = '*', exportTo = [], workloadSelector = null, trafficPolicy = null, subsets = [], ...meta } = input;
  return { meta: aMeta(meta), host, exportTo, workloadSelector, trafficPolicy, subsets };
}

export function anEnvoyFilter(input: MetaInput & { name: string } & Partial<Omit<EnvoyFilter, 'meta'>>): EnvoyFilter {
  const { workloadSelector = null, patches = [], ...meta } = input;
  return { meta: aMeta(meta), workloadSelector, patches };
}

export function aTelemetry(input: MetaInput & { name: string } & Partial<Omit<Telemetry, 'meta'>>): Telemetry {
  const { selector = null, accessLogging = [], ...meta } = input;
  return { meta: aMeta(meta), selector, accessLogging };
}

/** A waypoint Gateway as `istioctl waypoint generate` writes it (istio.io ambient/usage/waypoint). */
export function aGateway(input: MetaInput & { name: string } & Partial<Omit<Gateway, 'meta'>>): Gateway {
  const {
    gatewayClassName = 'istio-waypoint',
    listeners = [{ name: 'mesh', port: 15008, protocol: 'HBONE', allowedNamespaces: 'Same', namespaceSelector: null, tls: null }],
    statusAddresses = null,
    ...meta
  } = input;
  return { meta: aMeta(meta), gatewayClassName, listeners, statusAddresses };
}

export function aMeshConfig(input: Partial<MeshConfig> = {}): MeshConfig {
  return { ...defaultMeshConfig(), ...input };
}

export function allKinds(status: KindProvenance = { status: 'ok', asOf: NOW }): Record<SnapshotKind, KindProvenance> {
  return Object.fromEntries(SNAPSHOT_KINDS.map((k) => [k, status])) as Record<SnapshotKind, KindProvenance>;
}

export function aProxyCertificates(input: Partial<ProxyCertificates> & { namespace: string; pod: string }): ProxyCertificates {
  return { origin: 'envoy-certs', asOf: NOW, chain: [], roots: [], warmingSecrets: [], ...input };
}

/** A snapshot holding exactly the given objects; namespaces of pods are added when not given. */
export function aSnapshot(input: Partial<Omit<MeshSnapshot, 'kinds'>> & { kinds?: Partial<Record<SnapshotKind, KindProvenance>> } = {}): MeshSnapshot {
  const pods = input.pods ?? [];
  const namespaces = [...(input.namespaces ?? [])];
  const known = new Set(namespaces.map((n) => n.meta.name));
  for (const p of pods) {
    if (!known.has(p.meta.namespace)) {
      known.add(p.meta.namespace);
      namespaces.push(aNamespace(p.meta.namespace));
    }
  }
  return {
    source: 'test',
    namespaces,
    pods,
    services: [],
    serviceAccounts: [],
    peerAuthentications: [],
    authorizationPolicies: [],
    requestAuthentications: [],
    destinationRules: [],
    envoyFilters: [],
    telemetries: [],
    gateways: [],
    istioGateways: [],
    rootCertConfigMaps: [],
    proxyCertificates: [],
    issues: [],
    ...input,
    meshConfig: input.meshConfig ?? aMeshConfig(),
    kinds: { ...allKinds(), ...(input.kinds ?? {}) },
  };
}
