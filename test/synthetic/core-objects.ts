// Core Kubernetes objects of the synthetic mesh (Namespace, ConfigMap, ServiceAccount, Service) exactly as
// `kubectl get -o json` writes them: apiVersion and kind on every item, server-set metadata, spec and status.
import type { Prng } from './prng';
import { ROOT_NAMESPACE, type NamespacePlan, type WorkloadPlan } from './mesh-plan';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: JsonObject;
  readonly [key: string]: Json;
}

/** Every timestamp is relative to this instant, so the output never depends on the clock. */
export const SYNTHETIC_EPOCH_MS = Date.parse('2026-05-01T00:00:00Z');
const DAY_MS = 86_400_000;

/** An RFC 3339 time (seconds precision, as the API server writes) `daysAgo` days before the epoch, plus jitter. */
export function timestamp(prng: Prng, maxDaysAgo: number, minDaysAgo = 0): string {
  const ms = SYNTHETIC_EPOCH_MS - Math.floor((minDaysAgo + prng.next() * (maxDaysAgo - minDaysAgo)) * DAY_MS);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function resourceVersion(prng: Prng): string {
  return String(prng.int(40_000_000, 99_999_999));
}

export function namespaceObject(prng: Prng, ns: NamespacePlan): KubeObject {
  const labels: Record<string, string> = { 'kubernetes.io/metadata.name': ns.name, team: ns.team };
  if (ns.dataplane === 'sidecar') labels['istio-injection'] = 'enabled';
  if (ns.dataplane === 'ambient') labels['istio.io/dataplane-mode'] = 'ambient';
  if (ns.name === ROOT_NAMESPACE) labels['topology.istio.io/network'] = 'network1';
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      annotations: { 'owner.example.com/contact': `${ns.team}-oncall@example.com` },
      creationTimestamp: timestamp(prng, 900, 200),
      labels,
      name: ns.name,
      resourceVersion: resourceVersion(prng),
      uid: prng.uid(),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

const MESH_CONFIG_TEXT = `accessLogFile: /dev/stdout
defaultConfig:
  discoveryAddress: istiod.istio-system.svc:15012
  holdApplicationUntilProxyStarts: true
  tracing:
    zipkin:
      address: zipkin.istio-system:9411
defaultProviders:
  metrics:
  - prometheus
enablePrometheusMerge: true
extensionProviders:
- name: otel-tracing
  opentelemetry:
    port: 4317
    service: opentelemetry-collector.observability.svc.cluster.local
rootNamespace: istio-system
trustDomain: cluster.local
`;

/** The `istio` ConfigMap in istiod's namespace: the mesh config as YAML text under `data.mesh`. */
export function meshConfigMap(prng: Prng): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    data: { mesh: MESH_CONFIG_TEXT, meshNetworks: 'networks: {}' },
    metadata: {
      creationTimestamp: timestamp(prng, 800, 200),
      labels: { app: 'istiod', 'install.operator.istio.io/owning-resource': 'unknown', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot', release: 'istiod' },
      name: 'istio',
      namespace: ROOT_NAMESPACE,
      resourceVersion: resourceVersion(prng),
      uid: prng.uid(),
    },
  };
}

export function serviceAccountObject(prng: Prng, namespace: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { creationTimestamp: timestamp(prng, 600, 30), name, namespace, resourceVersion: resourceVersion(prng), uid: prng.uid() },
  };
}

/** Container port name of the app port, Istio-style (`<protocol>[-suffix]`, istio-semantics protocol selection). */
export function appPortName(w: WorkloadPlan): string {
  return w.flavor === 'http' ? 'http' : w.flavor === 'grpc' ? 'grpc' : w.appPort === 5432 ? 'tcp-postgres' : w.appPort === 9092 ? 'tcp-kafka' : 'tcp-redis';
}

export function clusterIp(serviceIndex: number): string {
  return `10.96.${(serviceIndex >> 8) & 255}.${serviceIndex & 255}`;
}

/** A Service selecting the workload's pods; gRPC services use a named targetPort, the others a number. */
export function serviceObject(prng: Prng, ns: NamespacePlan, w: WorkloadPlan, serviceIndex: number): KubeObject {
  const ip = clusterIp(serviceIndex);
  const ports: JsonObject[] = [
    w.flavor === 'http'
      ? { name: 'http', port: 80, protocol: 'TCP', targetPort: w.appPort }
      : w.flavor === 'grpc'
        ? { appProtocol: 'grpc', name: 'grpc', port: w.appPort, protocol: 'TCP', targetPort: 'grpc' }
        : { name: appPortName(w), port: w.appPort, protocol: 'TCP', targetPort: w.appPort },
  ];
  if (w.metricsPort !== null) ports.push({ name: 'http-metrics', port: w.metricsPort, protocol: 'TCP', targetPort: w.metricsPort });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      creationTimestamp: timestamp(prng, 500, 30),
      labels: { app: w.name, 'app.kubernetes.io/part-of': ns.team },
      name: w.name,
      namespace: ns.name,
      resourceVersion: resourceVersion(prng),
      uid: prng.uid(),
    },
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports,
      selector: { app: w.name },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}
