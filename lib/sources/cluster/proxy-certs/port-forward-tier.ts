// Tier 3 (ARCHITECTURE §1): Envoy's own view of its certificates through pods/portforward to the admin port:
// config_dump?resource=dynamic_active_secrets first (the PEM chain: serial, SPIFFE ID, issuer, roots, per trust
// domain with SPIRE; istio-semantics §5.3), /certs only when that holds no workload chain (a summary without
// subject or issuer; §5.2). Opt-in in bulk, or on drill-down into one pod.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ProxyCertificates } from '@/lib/snapshot/types';
import { parseConfigDump, type ConfigDumpReading } from '@/lib/sources/proxy-certs/parse-config-dump';
import { parseEnvoyCerts } from '@/lib/sources/proxy-certs/parse-envoy-certs';
import { formatUtcSeconds } from '@/lib/sources/proxy-certs/rfc3339';
import { ENVOY_ADMIN_PATHS, type PodRef } from './pod-ref';
import { EnvoyAdminHttpError, getEnvoyAdminViaPortForward } from './port-forward-http';
import { errorMessage } from './read-capped';

export const DEFAULT_PER_POD_TIMEOUT_MS = 5000;
/** Secrets of one proxy are a few KiB; /certs of a busy gateway a few hundred KiB. */
const MAX_ADMIN_BODY_BYTES = 4 * 1024 * 1024;

export interface PortForwardOptions {
  readonly now: Date;
  /** Bound on the whole exchange with this pod (both requests). */
  readonly perPodTimeoutMs?: number;
}

interface Budget {
  readonly deadline: number;
  readonly limitMs: number;
}

async function readJson(kc: KubeConfig, pod: PodRef, path: (typeof ENVOY_ADMIN_PATHS)[keyof typeof ENVOY_ADMIN_PATHS], budget: Budget): Promise<unknown> {
  const text = await getEnvoyAdminViaPortForward(kc, pod, path, { ...budget, maxBytes: MAX_ADMIN_BODY_BYTES });
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`Envoy admin ${path}: the answer is not JSON`);
  }
}

/**
 * Reads one proxy's certificates through pods/portforward. Throws with every reason when neither admin path gave a
 * workload chain; an invalid pod or namespace name throws before any request.
 */
export async function fetchPodCertificatesViaPortForward(kc: KubeConfig, pod: PodRef, opts: PortForwardOptions): Promise<ProxyCertificates> {
  const limitMs = opts.perPodTimeoutMs ?? DEFAULT_PER_POD_TIMEOUT_MS;
  const budget: Budget = { deadline: Date.now() + limitMs, limitMs };
  const asOf = formatUtcSeconds(opts.now.getTime());
  const base = { namespace: pod.namespace, pod: pod.name, asOf };
  const reasons: string[] = [];
  let secrets: ConfigDumpReading | null = null;
  try {
    const reading = parseConfigDump(await readJson(kc, pod, ENVOY_ADMIN_PATHS.secrets, budget));
    if (reading.ok) secrets = reading.value;
    else reasons.push(reading.reason);
  } catch (error) {
    // The tunnel itself failed (forbidden, refused, timed out): asking again for /certs would fail the same way.
    if (!(error instanceof EnvoyAdminHttpError)) throw error;
    reasons.push(errorMessage(error));
  }
  if (secrets && secrets.chain.length > 0) {
    return { ...base, origin: 'config-dump', chain: secrets.chain, roots: secrets.roots, warmingSecrets: secrets.warmingSecrets };
  }
  if (secrets) reasons.push('config_dump: the default secret holds no certificate chain');
  try {
    const certs = parseEnvoyCerts(await readJson(kc, pod, ENVOY_ADMIN_PATHS.certs, budget));
    if (certs.ok) {
      return { ...base, origin: 'envoy-certs', chain: certs.value.chain, roots: certs.value.roots, warmingSecrets: secrets?.warmingSecrets ?? [] };
    }
    reasons.push(certs.reason);
  } catch (error) {
    reasons.push(errorMessage(error));
  }
  throw new Error(reasons.join('; '));
}
