// Prometheus text exposition from the agent's :15020/stats/prometheus (or a Prometheus query rendered the same
// way) → the workload certificate's expiry (istio-semantics §5.1, §5.4). `istio_agent_cert_expiry_seconds` is
// the time left at the scrape, negative once expired; it is labelled by SDS `resource_name`.
import { fail, ok, type ParseResult } from '@/lib/snapshot/parse/common';
import { formatUtcSeconds, parseRfc3339 } from './rfc3339';
import { WORKLOAD_SECRET_NAME } from './parse-config-dump';

export const CERT_EXPIRY_METRIC = 'istio_agent_cert_expiry_seconds';
/** The merged Envoy + agent exposition of a busy proxy runs to a few MiB; refuse more. */
export const MAX_METRICS_TEXT_LENGTH = 16 * 1024 * 1024;

export interface AgentCertExpiry {
  /** Seconds left at `scrapedAt` (negative once expired). */
  readonly expirySeconds: number;
  /** scrapedAt + expirySeconds, RFC 3339 UTC. */
  readonly leafNotAfter: string;
}

interface Sample {
  readonly labels: ReadonlyMap<string, string>;
  readonly value: number;
}

/** Parses `{a="x",b="y\"z"}` (exposition escapes: \\, \", \n); null when malformed. */
function parseLabels(text: string): Map<string, string> | null {
  const labels = new Map<string, string>();
  let pos = 0;
  while (pos < text.length) {
    const eq = text.indexOf('=', pos);
    if (eq < 0 || text[eq + 1] !== '"') return null;
    const name = text.slice(pos, eq).trim();
    let value = '';
    let i = eq + 2;
    for (; i < text.length && text[i] !== '"'; i += 1) {
      if (text[i] === '\\') {
        i += 1;
        value += text[i] === 'n' ? '\n' : (text[i] ?? '');
      } else value += text[i];
    }
    if (i >= text.length) return null;
    labels.set(name, value);
    pos = i + 1;
    while (text[pos] === ',' || text[pos] === ' ') pos += 1;
  }
  return labels;
}

function parseSample(line: string): Sample | null {
  let rest = line.slice(CERT_EXPIRY_METRIC.length);
  let labels = new Map<string, string>();
  if (rest.startsWith('{')) {
    const close = rest.lastIndexOf('}');
    const parsed = close < 0 ? null : parseLabels(rest.slice(1, close));
    if (!parsed) return null;
    labels = parsed;
    rest = rest.slice(close + 1);
  } else if (!rest.startsWith(' ') && !rest.startsWith('\t')) {
    return null; // another metric whose name starts with ours
  }
  const valueText = rest.trim().split(/\s+/)[0] ?? '';
  const value = Number(valueText);
  return valueText !== '' && Number.isFinite(value) ? { labels, value } : null;
}

/**
 * Finds the workload certificate's expiry in a metrics text scraped at `scrapedAt` (RFC 3339). Prefers the
 * series with `resource_name="default"`, else an unlabelled one. Fails when the metric is absent or not finite.
 */
export function parseAgentCertExpiry(text: string, scrapedAt: string): ParseResult<AgentCertExpiry> {
  if (text.length > MAX_METRICS_TEXT_LENGTH) return fail(`agent metrics: ${text.length} characters; the limit is ${MAX_METRICS_TEXT_LENGTH}`);
  const scrapedMs = parseRfc3339(scrapedAt);
  if (scrapedMs === null) return fail(`agent metrics: scrape time ${JSON.stringify(scrapedAt.slice(0, 40))} is not RFC 3339`);
  const samples: Sample[] = [];
  let malformed = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith(CERT_EXPIRY_METRIC)) continue;
    const sample = parseSample(line);
    if (sample) samples.push(sample);
    else if (line[CERT_EXPIRY_METRIC.length] === '{' || line[CERT_EXPIRY_METRIC.length] === ' ') malformed += 1;
  }
  const chosen =
    samples.find((s) => s.labels.get('resource_name') === WORKLOAD_SECRET_NAME) ?? samples.find((s) => !s.labels.has('resource_name'));
  if (!chosen) {
    return fail(
      malformed > 0
        ? `agent metrics: ${CERT_EXPIRY_METRIC} has no finite value for the workload certificate`
        : `agent metrics: no ${CERT_EXPIRY_METRIC} sample for resource_name="${WORKLOAD_SECRET_NAME}"`,
    );
  }
  const notAfterMs = scrapedMs + chosen.value * 1000;
  if (!Number.isFinite(notAfterMs) || Math.abs(chosen.value) > 100 * 365 * 86400) {
    return fail(`agent metrics: ${CERT_EXPIRY_METRIC} value ${chosen.value} is out of range`);
  }
  return ok({ expirySeconds: chosen.value, leafNotAfter: formatUtcSeconds(Math.round(notAfterMs / 1000) * 1000) });
}
