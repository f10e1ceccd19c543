// Tier 2 (ARCHITECTURE §1): the istio-agent's metrics through the API server's pods/proxy, one pod at a time.
// Only `{pod}:15020/proxy/stats/prometheus` is ever requested (pod-ref.ts builds it from validated names).
import type { KubeConfig } from '@kubernetes/client-node';
import type { ProxyCertificates } from '@/lib/snapshot/types';
import { MAX_METRICS_TEXT_LENGTH, parseAgentCertExpiry } from '@/lib/sources/proxy-certs/parse-agent-metrics';
import { formatUtcSeconds } from '@/lib/sources/proxy-certs/rfc3339';
import { getThroughApiServer } from './api-server-get';
import { agentMetricsProxyPath, type PodRef } from './pod-ref';

/** Reads one pod's workload certificate expiry; throws (ApiServerGetError or Error) with the reason otherwise. */
export async function readAgentMetricsViaPodProxy(kc: KubeConfig, pod: PodRef, opts: { timeoutMs: number; now: Date }): Promise<ProxyCertificates> {
  const text = await getThroughApiServer(kc, agentMetricsProxyPath(pod), { timeoutMs: opts.timeoutMs, maxBytes: MAX_METRICS_TEXT_LENGTH });
  // The read happens within this collection pass, so its `now` is the scrape time (to the second).
  const asOf = formatUtcSeconds(opts.now.getTime());
  const reading = parseAgentCertExpiry(text, asOf);
  if (!reading.ok) throw new Error(reading.reason);
  return { namespace: pod.namespace, pod: pod.name, origin: 'agent-metrics', asOf, chain: [], roots: [], leafNotAfter: reading.value.leafNotAfter, warmingSecrets: [] };
}
