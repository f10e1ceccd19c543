// Each proxy's certificate state from a live cluster, through the tiers of ARCHITECTURE §1, cheapest first:
// (1) one Prometheus query if a URL is configured, (2) pods/proxy to the agent's :15020/stats/prometheus for the
// pods Prometheus did not cover, (3) opt-in pods/portforward to Envoy's admin :15000 for the full chain. Every
// record says its tier and when: `origin` 'prometheus' (1), 'agent-metrics' (2), 'config-dump' or 'envoy-certs' (3),
// and `asOf`. A pod no tier could read becomes a collection issue naming the pod and every reason, and its
// certificate verdicts stay unknown; one pod's failure never hides another's data.
// (No 'server-only': the CLI's `--source cluster` runs this on plain Node.)
import type { KubeConfig } from '@kubernetes/client-node';
import type { CollectionIssue, ProxyCertificates } from '@/lib/snapshot/types';
import { CERT_EXPIRY_METRIC } from '@/lib/sources/proxy-certs/parse-agent-metrics';
import { ApiServerGetError } from './api-server-get';
import { ProxyCertCache, type TierOutcome } from './cert-cache';
import { mapBounded } from './map-bounded';
import { describePod, invalidPodRefReason, type PodRef } from './pod-ref';
import { readAgentMetricsViaPodProxy } from './pod-proxy-tier';
import { DEFAULT_PER_POD_TIMEOUT_MS, fetchPodCertificatesViaPortForward } from './port-forward-tier';
import { readCertExpiryFromPrometheus } from './prometheus-tier';
import type { PrometheusSettings } from '@/lib/sources/prometheus/settings';
import { errorMessage } from './read-capped';

export { fetchPodCertificatesViaPortForward } from './port-forward-tier';
export { ProxyCertCache } from './cert-cache';

export interface ProxyCertTierOptions {
  /** A Prometheus that scrapes the proxies: the shared settings (lib/sources/prometheus/settings.ts), or a base URL. */
  readonly prometheus?: PrometheusSettings | string;
  /** Also read /certs and the secrets config_dump of every proxy through pods/portforward (needs the opt-in Role). */
  readonly portForward?: boolean;
  /** Requests in flight at once per tier (default 8). */
  readonly concurrency?: number;
  /** Bound on each pod's exchange (default 5000 ms). */
  readonly perPodTimeoutMs?: number;
  readonly now: Date;
  /** How long a pod's per-pod result (success or failure) is reused (default 5 minutes). */
  readonly cacheTtlMs?: number;
  /** Defaults to one cache for the process; tests pass their own. */
  readonly cache?: ProxyCertCache;
}

export interface ProxyCertCollection {
  readonly certificates: ProxyCertificates[];
  readonly issues: CollectionIssue[];
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_CACHE_TTL_MS = 5 * 60_000;
const PROMETHEUS_TIMEOUT_MS = 15_000;
/** A fleet-wide answer: ~300 bytes per series, so this allows a few hundred thousand proxies. */
const MAX_PROMETHEUS_BYTES = 128 * 1024 * 1024;
const ISSUE_KIND = 'ProxyCertificates';

const processCache = new ProxyCertCache();
const keyOf = (pod: PodRef): string => `${pod.namespace}/${pod.name}`;

type Tier = 'pods/proxy' | 'pods/portforward';

interface Pass {
  readonly kc: KubeConfig;
  readonly opts: ProxyCertTierOptions;
  readonly cache: ProxyCertCache;
  readonly server: string;
  /** Namespaces where pods/proxy answered 403 in this pass: RBAC grants it per namespace, so the rest are skipped. */
  readonly forbidden: Map<string, string>;
}

async function cached(pass: Pass, tier: Tier, pod: PodRef, read: () => Promise<ProxyCertificates>): Promise<TierOutcome> {
  const key = `${pass.server}\n${tier}\n${keyOf(pod)}`;
  const nowMs = pass.opts.now.getTime();
  const hit = pass.cache.get(key, nowMs, pass.opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS);
  if (hit) return hit;
  let outcome: TierOutcome;
  try {
    outcome = { ok: true, value: await read() };
  } catch (error) {
    outcome = { ok: false, reason: `${tier}: ${errorMessage(error)}` };
    if (tier === 'pods/proxy' && error instanceof ApiServerGetError && error.status === 403) pass.forbidden.set(pod.namespace, outcome.reason);
  }
  pass.cache.set(key, nowMs, outcome);
  return outcome;
}

function readViaPodProxy(pass: Pass, pod: PodRef): Promise<TierOutcome> {
  const skipped = pass.forbidden.get(pod.namespace);
  if (skipped !== undefined) return Promise.resolve({ ok: false, reason: skipped });
  const timeoutMs = pass.opts.perPodTimeoutMs ?? DEFAULT_PER_POD_TIMEOUT_MS;
  return cached(pass, 'pods/proxy', pod, () => readAgentMetricsViaPodProxy(pass.kc, pod, { timeoutMs, now: pass.opts.now }));
}

function readViaPortForward(pass: Pass, pod: PodRef): Promise<TierOutcome> {
  const perPodTimeoutMs = pass.opts.perPodTimeoutMs ?? DEFAULT_PER_POD_TIMEOUT_MS;
  return cached(pass, 'pods/portforward', pod, () => fetchPodCertificatesViaPortForward(pass.kc, pod, { now: pass.opts.now, perPodTimeoutMs }));
}

/** The proxies worth asking: sidecars and gateways with valid names (the others become issues), each once. */
function proxiesToRead(pods: readonly { namespace: string; name: string; hasProxy: boolean }[], issues: CollectionIssue[]): PodRef[] {
  const seen = new Map<string, PodRef>();
  for (const pod of pods) {
    if (!pod.hasProxy) continue;
    const reason = invalidPodRefReason(pod);
    if (reason !== null) issues.push({ kind: ISSUE_KIND, reason: `proxy certificates not read: ${reason}` });
    else seen.set(keyOf(pod), { namespace: pod.namespace, name: pod.name });
  }
  return [...seen.values()];
}

export async function collectProxyCertificates(
  kc: KubeConfig,
  pods: readonly { namespace: string; name: string; hasProxy: boolean }[],
  opts: ProxyCertTierOptions,
): Promise<ProxyCertCollection> {
  const issues: CollectionIssue[] = [];
  const proxies = proxiesToRead(pods, issues);
  const pass: Pass = { kc, opts, cache: opts.cache ?? processCache, server: kc.getCurrentCluster()?.server ?? '', forbidden: new Map() };
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const records = new Map<string, ProxyCertificates>();
  const reasons = new Map<string, string[]>(proxies.map((p) => [keyOf(p), []]));
  const note = (pod: PodRef, reason: string): void => void reasons.get(keyOf(pod))?.push(reason);

  if (opts.prometheus !== undefined && proxies.length > 0) {
    try {
      const found = await readCertExpiryFromPrometheus(opts.prometheus, new Set(reasons.keys()), { timeoutMs: PROMETHEUS_TIMEOUT_MS, maxBytes: MAX_PROMETHEUS_BYTES, now: opts.now });
      for (const [key, record] of found) records.set(key, record);
      for (const pod of proxies) if (!found.has(keyOf(pod))) note(pod, `Prometheus: no ${CERT_EXPIRY_METRIC} series for this pod`);
    } catch (error) {
      // One issue for the query, not one per pod: each pod's own issue (if pods/proxy fails too) repeats it briefly.
      issues.push({ kind: ISSUE_KIND, reason: `Prometheus query at ${typeof opts.prometheus === 'string' ? opts.prometheus : opts.prometheus.url} failed: ${errorMessage(error)}; reading each proxy instead` });
      for (const pod of proxies) note(pod, 'Prometheus: query failed');
    }
  }

  // Port-forward (opt-in) before pods/proxy: a pod it reads needs no expiry metric, so each pod costs one tier.
  const chainMissing = new Map<string, string>();
  if (opts.portForward) {
    const viaPortForward = await mapBounded(proxies, concurrency, (pod) => readViaPortForward(pass, pod));
    proxies.forEach((pod, i) => {
      const outcome = viaPortForward[i];
      if (outcome?.ok) records.set(keyOf(pod), outcome.value);
      else if (outcome) {
        note(pod, outcome.reason);
        chainMissing.set(keyOf(pod), outcome.reason);
      }
    });
  }

  const uncovered = proxies.filter((pod) => !records.has(keyOf(pod)));
  const viaProxy = await mapBounded(uncovered, concurrency, (pod) => readViaPodProxy(pass, pod));
  uncovered.forEach((pod, i) => {
    const outcome = viaProxy[i];
    if (outcome?.ok) records.set(keyOf(pod), outcome.value);
    else if (outcome) note(pod, outcome.reason);
  });

  const certificates: ProxyCertificates[] = [];
  for (const pod of proxies) {
    const record = records.get(keyOf(pod));
    const object = describePod(pod);
    if (!record) {
      issues.push({ object, kind: ISSUE_KIND, reason: `certificate state unknown: ${(reasons.get(keyOf(pod)) ?? []).join('; ')}` });
      continue;
    }
    certificates.push(record);
    const missing = chainMissing.get(keyOf(pod));
    if (missing !== undefined) {
      issues.push({ object, kind: ISSUE_KIND, reason: `certificate chain unknown (${missing}); only the expiry from ${record.origin} is known` });
    }
  }
  return { certificates, issues };
}
