// Tier 1 (ARCHITECTURE §1): one instant query to the operator's Prometheus for every proxy's workload certificate
// expiry. `istio_agent_cert_expiry_seconds` is the time left at the scrape (istio-semantics §5.4); adding the
// sample's own `timestamp()` turns it into the expiry instant, so the answer does not drift by up to a scrape
// interval towards "later" (the unsafe direction), as evaluation time + seconds left would.
import { z } from 'zod';
import type { ProxyCertificates } from '@/lib/snapshot/types';
import { CERT_EXPIRY_METRIC } from '@/lib/sources/proxy-certs/parse-agent-metrics';
import { WORKLOAD_SECRET_NAME } from '@/lib/sources/proxy-certs/parse-config-dump';
import { formatUtcSeconds } from '@/lib/sources/proxy-certs/rfc3339';
import { readCapped } from './read-capped';

export const CERT_EXPIRY_QUERY = `${CERT_EXPIRY_METRIC} + timestamp(${CERT_EXPIRY_METRIC})`;
const MAX_SERIES = 500_000;
const MAX_EXPIRY_DISTANCE_MS = 100 * 365 * 86_400_000;

/**
 * Which labels name the pod: Istio's sample Prometheus (samples/addons) and the Prometheus Operator relabel to
 * `namespace`/`pod`; older community charts kept `kubernetes_namespace`/`kubernetes_pod_name`.
 */
export const POD_LABELS = [
  ['namespace', 'pod'],
  ['kubernetes_namespace', 'kubernetes_pod_name'],
] as const;

const sampleValue = z.tuple([z.number(), z.string().max(64)]);
const responseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({
      resultType: z.literal('vector'),
      result: z.array(z.object({ metric: z.record(z.string(), z.string().max(1024)), value: sampleValue })).max(MAX_SERIES),
    }),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().max(256).optional(), error: z.string().max(2048).optional() }),
]);

export interface PrometheusTierOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
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

export function prometheusQueryUrl(base: string): URL {
  const url = new URL(base.endsWith('/') ? base : `${base}/`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Prometheus URL ${JSON.stringify(base)}: expected http or https`);
  const query = new URL('api/v1/query', url);
  query.searchParams.set('query', CERT_EXPIRY_QUERY);
  return query;
}

/**
 * Queries Prometheus once and returns a record for each wanted pod (`namespace/name` keys) it has a series for.
 * Pods without a series are simply absent (the next tier tries them). Throws when the query itself fails.
 */
export async function readCertExpiryFromPrometheus(
  baseUrl: string,
  wanted: ReadonlySet<string>,
  opts: PrometheusTierOptions,
): Promise<Map<string, ProxyCertificates>> {
  const url = prometheusQueryUrl(baseUrl);
  const res = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(opts.timeoutMs) });
  if (!res.body) throw new Error(`HTTP ${res.status} with no body`);
  const text = await readCapped(res.body, opts.maxBytes, 'Prometheus query');
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status}: the answer is not JSON`);
  }
  const parsed = responseSchema.safeParse(parsedJson);
  if (!parsed.success) throw new Error(`HTTP ${res.status}: not an instant-vector answer of the Prometheus query API`);
  if (parsed.data.status === 'error') {
    throw new Error(`HTTP ${res.status} ${parsed.data.errorType ?? 'error'}: ${parsed.data.error ?? 'no message'}`);
  }

  const best = new Map<string, { rank: number; notAfterMs: number; evaluatedMs: number }>();
  for (const { metric, value } of parsed.data.data.result) {
    const key = podOf(metric);
    const rank = rankOf(metric);
    if (key === null || rank === null || !wanted.has(key)) continue;
    const [evaluatedAt, text] = value;
    const notAfterMs = Number(text) * 1000;
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
