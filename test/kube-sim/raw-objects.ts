// Raw Kubernetes objects as the API server stores them (not the snapshot types of test/builders.ts), for feeding
// the simulator in tests.

export interface RawObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export function rawNamespace(name: string, labels: Record<string, string> = {}): RawObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function rawPod(namespace: string, name: string, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): RawObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { serviceAccountName: 'default', containers: [{ name: 'app', image: 'app:1' }] },
    status: { phase: 'Running', podIP: '10.0.0.1' },
    ...extra,
  };
}

export function rawPeerAuthentication(namespace: string, name: string, mode: string, apiVersion = 'security.istio.io/v1'): RawObject {
  return { apiVersion, kind: 'PeerAuthentication', metadata: { name, namespace }, spec: { mtls: { mode } } };
}

export function rawConfigMap(namespace: string, name: string, data: Record<string, string> = {}): RawObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}
