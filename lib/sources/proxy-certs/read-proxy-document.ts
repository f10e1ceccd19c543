// Recognises a document that carries one proxy's certificate state and reads it into ProxyCertificates:
//  (a) our wrapper `meshposture.io/v1alpha1` `ProxyCertificates`, which names the pod and holds what was
//      fetched from it (Envoy /certs, config_dump, agent metrics), and
//  (b) a bare Envoy config_dump, attributed to a pod by its bootstrap node id (istio-semantics §5.3), and
//  (c) what istioctl saves (`proxy-config secret|all POD -o json|yaml`, istioctl-forms.ts): a dump without a
//      bootstrap is attributed to the pod its file is named after, in the namespace of its workload certificate.
// Anything else yields null, so a manifest reader can try its other kinds.
import { z } from 'zod';
import { formatZodError, nameSchema } from '@/lib/snapshot/parse/common';
import type { CertDataOrigin, CertificateDetails, ProxyCertificates } from '@/lib/snapshot/types';
import { parseAgentCertExpiry } from './parse-agent-metrics';
import { parseConfigDump, type ConfigDumpReading } from './parse-config-dump';
import { parseEnvoyCerts } from './parse-envoy-certs';
import { asEnvoyConfigDump, isBareSecretsDump, namespaceFromSpiffeIds, podFromFileName } from './istioctl-forms';
import { normaliseRfc3339 } from './rfc3339';

export const PROXY_CERTIFICATES_API_VERSION = 'meshposture.io/v1alpha1';
export const PROXY_CERTIFICATES_KIND = 'ProxyCertificates';
const BOOTSTRAP_DUMP_TYPE = 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump';
const ENVOY_ADMIN_TYPE_PREFIX = 'type.googleapis.com/envoy.admin.v3.';

export type ProxyDocumentResult = { readonly ok: true; readonly value: ProxyCertificates } | { readonly ok: false; readonly reason: string };

const rfc3339 = z
  .string()
  .max(40)
  .refine((s) => normaliseRfc3339(s) !== null, 'expected an RFC 3339 timestamp');

const wrapperSchema = z.object({
  apiVersion: z.literal(PROXY_CERTIFICATES_API_VERSION),
  kind: z.literal(PROXY_CERTIFICATES_KIND),
  metadata: z.object({ namespace: nameSchema, name: nameSchema }),
  asOf: rfc3339.optional(),
  certs: z.unknown().optional(),
  configDump: z.unknown().optional(),
  agentMetrics: z.string().optional(),
  scrapedAt: rfc3339.optional(),
});

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Pod and namespace from an Istio node id `TYPE~IP~POD.NAMESPACE~NAMESPACE.svc.DOMAIN` (sidecar, router,
 * waypoint...). A namespace is a DNS label (no dots), so it is what follows the last dot of the third field.
 */
export function podFromNodeId(nodeId: string): { namespace: string; pod: string } | null {
  const parts = nodeId.split('~');
  if (parts.length !== 4 || nodeId.length > 600) return null;
  const [, , id = '', domain = ''] = parts;
  const dot = id.lastIndexOf('.');
  if (dot <= 0 || dot === id.length - 1) return null;
  const pod = id.slice(0, dot);
  const namespace = id.slice(dot + 1);
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace) || !/^[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/.test(pod)) return null;
  if (domain !== '' && !domain.startsWith(`${namespace}.`)) return null;
  return { namespace, pod };
}

function isEnvoyConfigDump(doc: Readonly<Record<string, unknown>>): doc is { configs: readonly unknown[] } {
  const configs = doc['configs'];
  return (
    Array.isArray(configs) &&
    configs.some((c) => isRecord(c) && typeof c['@type'] === 'string' && c['@type'].startsWith(ENVOY_ADMIN_TYPE_PREFIX))
  );
}

function bootstrapNodeId(configs: readonly unknown[]): string | null {
  for (const c of configs) {
    if (!isRecord(c) || c['@type'] !== BOOTSTRAP_DUMP_TYPE) continue;
    const bootstrap = c['bootstrap'];
    const node = isRecord(bootstrap) ? bootstrap['node'] : undefined;
    const id = isRecord(node) ? node['id'] : undefined;
    if (typeof id === 'string') return id;
  }
  return null;
}

function fromConfigDump(namespace: string, pod: string, asOf: string, reading: ConfigDumpReading): ProxyCertificates {
  return { namespace, pod, origin: 'config-dump', asOf, chain: reading.chain, roots: reading.roots, warmingSecrets: reading.warmingSecrets };
}

function failure(reason: string, location: string | undefined): ProxyDocumentResult {
  return { ok: false, reason: location ? `${location}: ${reason}` : reason };
}

type Part = { origin: CertDataOrigin; chain: CertificateDetails[]; roots: ProxyCertificates['roots']; warmingSecrets: string[]; leafNotAfter?: string };

function readWrapper(doc: unknown, fallbackAsOf: string, location: string | undefined): ProxyDocumentResult {
  const parsed = wrapperSchema.safeParse(doc);
  if (!parsed.success) return failure(`ProxyCertificates: ${formatZodError(parsed.error)}`, location);
  const { metadata, certs, configDump, agentMetrics } = parsed.data;
  const where = `ProxyCertificates ${metadata.namespace}/${metadata.name}`;
  const asOf = normaliseRfc3339(parsed.data.asOf ?? fallbackAsOf) ?? fallbackAsOf;
  const parts: Part[] = [];
  // Richest first: a config_dump has the decoded PEM (subject, issuer, fingerprints), /certs only a summary.
  if (configDump !== undefined) {
    // As Envoy writes it, or as istioctl prints it (a bare SecretsConfigDump in lowerCamelCase).
    const r = parseConfigDump(isRecord(configDump) ? asEnvoyConfigDump(configDump) : configDump);
    if (!r.ok) return failure(`${where}: configDump: ${r.reason}`, location);
    parts.push({ origin: 'config-dump', ...r.value });
  }
  if (certs !== undefined) {
    const r = parseEnvoyCerts(certs);
    if (!r.ok) return failure(`${where}: certs: ${r.reason}`, location);
    parts.push({ origin: 'envoy-certs', ...r.value, warmingSecrets: [] });
  }
  if (agentMetrics !== undefined) {
    const r = parseAgentCertExpiry(agentMetrics, parsed.data.scrapedAt ?? asOf);
    if (!r.ok) return failure(`${where}: agentMetrics: ${r.reason}`, location);
    parts.push({ origin: 'agent-metrics', chain: [], roots: [], warmingSecrets: [], leafNotAfter: r.value.leafNotAfter });
  }
  const best = parts[0];
  if (!best) return failure(`${where}: none of certs, configDump or agentMetrics is given`, location);
  // The expiry metric still tells something when the richer source held no workload chain.
  const leafNotAfter = best.chain.length === 0 ? parts.find((p) => p.leafNotAfter !== undefined)?.leafNotAfter : undefined;
  const value: ProxyCertificates = {
    namespace: metadata.namespace,
    pod: metadata.name,
    origin: best.origin,
    asOf,
    chain: best.chain,
    roots: best.roots,
    warmingSecrets: best.warmingSecrets,
    ...(leafNotAfter === undefined ? {} : { leafNotAfter }),
    ...(location ? { from: location } : {}),
  };
  return { ok: true, value };
}

/**
 * Reads one decoded document (JSON or YAML) holding a proxy's certificate state. Returns null when the document
 * is neither our wrapper nor an Envoy config_dump; a failure names the problem (prefixed by `location` when given).
 * `fallbackAsOf` (RFC 3339) dates data that carries no `asOf`, e.g. a file's modification time.
 */
export function readProxyCertificatesDocument(
  doc: unknown,
  opts: { fallbackAsOf: string; location?: string },
): ProxyDocumentResult | null {
  if (!isRecord(doc)) return null;
  if (doc['kind'] === PROXY_CERTIFICATES_KIND && doc['apiVersion'] === PROXY_CERTIFICATES_API_VERSION) {
    return readWrapper(doc, opts.fallbackAsOf, opts.location);
  }
  if (!isEnvoyConfigDump(doc) && !isBareSecretsDump(doc)) return null;
  const dump = asEnvoyConfigDump(doc);
  const nodeId = bootstrapNodeId(dump['configs'] as readonly unknown[]);
  const named = nodeId === null ? null : podFromNodeId(nodeId);
  if (nodeId !== null && !named) {
    return failure(`Envoy config_dump: bootstrap node id ${JSON.stringify(nodeId.slice(0, 120))} does not name a pod (TYPE~IP~POD.NAMESPACE~DOMAIN)`, opts.location);
  }
  const reading = parseConfigDump(dump);
  if (!reading.ok) return failure(named ? `config_dump of ${named.namespace}/${named.pod}: ${reading.reason}` : reading.reason, opts.location);
  const owner = named ?? podFromFileName(opts.location, namespaceFromSpiffeIds(reading.value.chain[0]?.uriSans ?? []));
  if (!owner) {
    return failure(
      'certificate data without a bootstrap node id, so the pod it belongs to is unknown: save it as POD.NAMESPACE.json (istioctl proxy-config secret POD -n NAMESPACE -o json > POD.NAMESPACE.json) or wrap it in a ProxyCertificates document',
      opts.location,
    );
  }
  const asOf = normaliseRfc3339(opts.fallbackAsOf) ?? opts.fallbackAsOf;
  return { ok: true, value: { ...fromConfigDump(owner.namespace, owner.pod, asOf, reading.value), ...(opts.location ? { from: opts.location } : {}) } };
}
