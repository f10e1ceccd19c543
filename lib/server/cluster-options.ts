// What the live cluster source is told by the operator's environment (docs/deployment.md): which context, and how
// proxy certificates are read (Prometheus URL, opt-in port-forward). Shared by the server and the CLI.
import { collectProxyCertificates } from '@/lib/sources/cluster/proxy-certs';
import type { CertificateCollector } from '@/lib/sources/cluster/proxy-pods';
import type { SourceSpec } from './load-source';

export interface CertificateReading {
  readonly prometheusUrl?: string;
  readonly portForward: boolean;
}

/** MESH_POSTURE_PROMETHEUS_URL (http or https only) and MESH_POSTURE_PORT_FORWARD=true. */
export function certificateReadingFromEnv(env: Readonly<Record<string, string | undefined>>): CertificateReading {
  const url = env['MESH_POSTURE_PROMETHEUS_URL']?.trim();
  if (url && !/^https?:\/\/[^\s]+$/i.test(url)) throw new Error(`MESH_POSTURE_PROMETHEUS_URL must be an http(s) URL, got ${JSON.stringify(url.slice(0, 100))}`);
  return { ...(url ? { prometheusUrl: url } : {}), portForward: env['MESH_POSTURE_PORT_FORWARD'] === 'true' };
}

export function certificateCollector(reading: CertificateReading): CertificateCollector {
  return (kc, pods, { now }) => collectProxyCertificates(kc, pods, { now, portForward: reading.portForward, ...(reading.prometheusUrl ? { prometheusUrl: reading.prometheusUrl } : {}) });
}

export function clusterFeedOptions(spec: Extract<SourceSpec, { kind: 'cluster' }>, env: Readonly<Record<string, string | undefined>>) {
  return {
    ...(spec.context ? { context: spec.context } : {}),
    collectCertificates: certificateCollector(certificateReadingFromEnv(env)),
  };
}
