// The pods whose proxy certificates are worth asking for: a sidecar (or native-sidecar init container) named
// istio-proxy. Read from the raw cached pods, before any snapshot is built, so certificates can join the build.
import type { KubeConfig } from '@kubernetes/client-node';
import type { CollectionIssue, ProxyCertificates } from '@/lib/snapshot/types';

export interface ProxyPodRef {
  readonly namespace: string;
  readonly name: string;
  readonly hasProxy: boolean;
}

/** CERTS' collectProxyCertificates, or a stand-in (tests, or certificate reading switched off). */
export type CertificateCollector = (
  kc: KubeConfig,
  pods: readonly ProxyPodRef[],
  opts: { now: Date },
) => Promise<{ certificates: ProxyCertificates[]; issues: CollectionIssue[] }>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function hasIstioProxy(containers: unknown): boolean {
  return Array.isArray(containers) && containers.some((c) => isRecord(c) && c['name'] === 'istio-proxy');
}

export function proxyPods(rawPods: Iterable<unknown>): ProxyPodRef[] {
  const out: ProxyPodRef[] = [];
  for (const raw of rawPods) {
    if (!isRecord(raw) || !isRecord(raw['metadata']) || !isRecord(raw['spec'])) continue;
    const { name, namespace } = raw['metadata'];
    if (typeof name !== 'string' || typeof namespace !== 'string') continue;
    const spec = raw['spec'];
    out.push({ namespace, name, hasProxy: hasIstioProxy(spec['containers']) || hasIstioProxy(spec['initContainers']) });
  }
  return out;
}
