// Tier 1 (ARCHITECTURE §1): one instant query to the operator's Prometheus for every proxy's workload certificate
// expiry. `istio_agent_cert_expiry_seconds` is the time left at the scrape (istio-semantics §5.4); adding the
// sample's own `timestamp()` turns it into the expiry instant, so the answer does not drift by up to a scrape
// interval towards "later" (the unsafe direction), as evaluation time + seconds left would.
import type { ProxyCertificates } from '@/lib/snapshot/types';
import { createPrometheusClient } from '@/lib/sources/prometheus/client';
import { DEFAULT_PROMETHEUS_TIMEOUT_MS, validatePrometheusUrl, type PrometheusSettings } from '@/lib/sources/prometheus/settings';
import { CERT_EXPIRY_METRIC } from '@/lib/sources/proxy-certs/parse-agent-metrics';
import { WORKLOAD_SECRET_NAME } from '@/lib/sources/proxy-certs/parse-config-dump';
import { formatUtcSeconds } from '@/lib/sources/proxy-certs/rfc3339';

export const CERT_EXPIRY_QUERY = `${CERT_EXPIRY_METRIC} + timestamp(${CERT_EXPIRY_METRIC})`;
const MAX_EXPIRY_DISTANCE_MS = 100 * 365 * 86_400_000;

/**
 * Which labels name the pod: Istio's sample Prometheus (samples/addons) and the Prometheus Operator relabel to
 * `namespace`/`pod`; older community charts kept `kubernetes_namespace`/`kubernetes_pod_name`.
 */
export const POD_LABELS = [
  ['namespace', 'pod'],
  ['kubernetes_namespace', 'kubernetes_pod_name'],
] as const;


export interface PrometheusTierOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Evaluation time of the query (default: the clock). */
  readonly now?: Date;
}

export function podOf(metric: Readonly<Record<string, string>>): string | null {
  for (const [nsLabel, podLabel] of POD_LABELS) {
    const namespace = metric[nsLabel];
    const pod = metric[podLabel];
    if (namespace !== undefined && pod !== undefined) return `${namespace}/${pod}`;
  }
  return null;
}

/** The series of the workload certificate (`resource_name="default"`), else one with no resource_name (older agents). */
function rankOf(metric: Readonly<Record<string, string>>): number | null {
  const resource = metric['resource_name'];
  if (resource === WORKLOAD_SECRET_NAME) return 0;
  return resource === undefined ? 1 : null;
}

/**
 * Queries Prometheus once and returns a record for each wanted pod (`namespace/name` keys) it has a series for.
 * Pods without a series are simply absent (the next tier tries them). Throws when the query itself fails.
 */
export async function readCertExpiryFromPrometheus(
  prometheus: string | PrometheusSettings,
  wanted: ReadonlySet<string>,
  opts: PrometheusTierOptions,
): Promise<Map<string, ProxyCertificates>> {
  // The one Prometheus configuration (lib/sources/prometheus/settings.ts): auth, tenant, headers and CA apply here too.
  const settings: PrometheusSettings =
    typeof prometheus === 'string'
      ? { url: validatePrometheusUrl(prometheus, 'Prometheus URL'), tenant: null, auth: { kind: 'none' }, headers: {}, caFile: null, timeoutMs: DEFAULT_PROMETHEUS_TIMEOUT_MS }
      : prometheus;
  const client = createPrometheusClient({ ...settings, timeoutMs: opts.timeoutMs }, { maxBytes: opts.maxBytes, cacheTtlMs: 0 });
  const answer = await client.instant(CERT_EXPIRY_QUERY, opts.now ?? new Date());

  const best = new Map<string, { rank: number; notAfterMs: number; evaluatedMs: number }>();
  for (const { labels, samples } of answer.series) {
    const key = podOf(labels);
    const rank = rankOf(labels);
    const sample = samples[0];
    if (key === null || rank === null || !sample || !wanted.has(key)) continue;
    const [evaluatedAt, value] = sample;
    const notAfterMs = value * 1000;
    const evaluatedMs = evaluatedAt * 1000;
    if (!Number.isFinite(notAfterMs) || !Number.isFinite(evaluatedMs) || Math.abs(notAfterMs - evaluatedMs) > MAX_EXPIRY_DISTANCE_MS) continue;
    const previous = best.get(key);
    // Two series of the same rank for one pod (scraped by two jobs): keep the earlier expiry, never the kinder one.
    if (!previous || rank < previous.rank || (rank === previous.rank && notAfterMs < previous.notAfterMs)) {
      best.set(key, { rank, notAfterMs, evaluatedMs });
    }
  }

  const out = new Map<string, ProxyCertificates>();
  for (const [key, { notAfterMs, evaluatedMs }] of best) {
    const [namespace = '', pod = ''] = key.split('/');
    out.set(key, {
      namespace,
      pod,
      origin: 'prometheus',
      asOf: formatUtcSeconds(evaluatedMs),
      chain: [],
      roots: [],
      leafNotAfter: formatUtcSeconds(Math.round(notAfterMs / 1000) * 1000),
      warmingSecrets: [],
    });
  }
  return out;
}
