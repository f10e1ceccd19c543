// For the standalone simulator (serve.ts --envoy-pods): every pod running an Istio proxy gets a freshly issued,
// healthy workload certificate behind pods/proxy and pods/portforward, answered by CERTS' envoy-pod-responder.
import { createEnvoyPodResponder, issueProxyCertificates, type EnvoyPodResponder, type RecordedEnvoy } from './envoy-pod-responder';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A sidecar (classic, or native in initContainers) or a gateway: a container named istio-proxy. */
function proxyPod(obj: unknown): { namespace: string; name: string; serviceAccount?: string } | null {
  if (!isRecord(obj) || obj.kind !== 'Pod' || !isRecord(obj.metadata) || !isRecord(obj.spec)) return null;
  const { name, namespace } = obj.metadata;
  if (typeof name !== 'string' || typeof namespace !== 'string') return null;
  const containers = [obj.spec.containers, obj.spec.initContainers].flatMap((c) => (Array.isArray(c) ? c : []));
  if (!containers.some((c) => isRecord(c) && c.name === 'istio-proxy')) return null;
  const sa = obj.spec.serviceAccountName;
  return { namespace, name, ...(typeof sa === 'string' ? { serviceAccount: sa } : {}) };
}

export async function envoyPodsFor(objects: readonly unknown[], now: Date): Promise<EnvoyPodResponder> {
  const recorded: Record<string, RecordedEnvoy> = {};
  for (const obj of objects) {
    const pod = proxyPod(obj);
    if (pod) recorded[`${pod.namespace}/${pod.name}`] = (await issueProxyCertificates(pod, { now })).recorded;
  }
  return createEnvoyPodResponder(recorded);
}
