// How proxy certificates are read from a live cluster, chosen by the operator's environment (the CLI and the server
// read the same variables):
//   MESH_POSTURE_PROXY_CERTS     off | proxy (default: Prometheus if configured, then pods/proxy to :15020)
//                                | portforward (also Envoy's admin :15000 through pods/portforward; needs the opt-in Role)
//   MESH_POSTURE_PROMETHEUS_URL  a Prometheus that scrapes the proxies (tier 1, one query for the whole mesh), with
//                                the other MESH_POSTURE_PROMETHEUS_* variables: the one configuration observed
//                                traffic uses too (lib/sources/prometheus/settings.ts)
// (No 'server-only': the CLI reaches this module.)
import { collectProxyCertificates } from './proxy-certs';
import type { CertificateCollector } from './proxy-pods';
import { PrometheusSettingsError, prometheusSettingsFromEnv, type PrometheusSettings } from '@/lib/sources/prometheus/settings';

export const PROXY_CERT_MODES = ['off', 'proxy', 'portforward'] as const;
export type ProxyCertMode = (typeof PROXY_CERT_MODES)[number];

export class CertificateSettingsError extends Error {
  override readonly name = 'CertificateSettingsError';
}

/** The collector the environment asks for; null when certificate reading is off. */
export function certificateCollectorFromEnv(env: Readonly<Record<string, string | undefined>>): CertificateCollector | null {
  const raw = env['MESH_POSTURE_PROXY_CERTS'] ?? 'proxy';
  const mode = PROXY_CERT_MODES.find((m) => m === raw);
  if (!mode) throw new CertificateSettingsError(`MESH_POSTURE_PROXY_CERTS: expected one of ${PROXY_CERT_MODES.join(', ')}, got ${JSON.stringify(raw.slice(0, 40))}`);
  if (mode === 'off') return null;
  let prometheus: PrometheusSettings | null;
  try {
    prometheus = prometheusSettingsFromEnv(env);
  } catch (e) {
    if (e instanceof PrometheusSettingsError) throw new CertificateSettingsError(e.message);
    throw e;
  }
  return (kc, pods, { now }) => collectProxyCertificates(kc, pods, { now, portForward: mode === 'portforward', ...(prometheus ? { prometheus } : {}) });
}
