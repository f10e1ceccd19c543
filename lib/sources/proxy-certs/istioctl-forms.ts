// Certificate data as users save it with istioctl, besides Envoy's own config_dump (snake_case field names):
//  - `istioctl proxy-config secret POD -o json|yaml`: a bare SecretsConfigDump, re-marshalled by istioctl with
//    protobuf JSON (lowerCamelCase: dynamicActiveSecrets, tlsCertificate.certificateChain.inlineBytes), naming no pod
//    (istio/istio istioctl/pkg/writer/envoy/configdump/configdump.go PrintSecretDump → protomarshal.ToJSONWithIndent);
//  - `istioctl proxy-config all POD -o json|yaml`: the whole config_dump, likewise in lowerCamelCase.
// Both are brought back to Envoy's field names here, so one parser (parse-config-dump.ts) reads every form.
import { SECRETS_CONFIG_DUMP_TYPE } from './parse-config-dump';

const MAX_DEPTH = 24;
const CAMEL = /^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$/;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A proto field's original name from its JSON name (certificateChain → certificate_chain); other keys unchanged. */
export function protoFieldName(key: string): string {
  return CAMEL.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
}

/** The value with every lowerCamelCase key renamed to its proto field name (bounded depth: hostile input). */
export function withProtoFieldNames(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => withProtoFieldNames(v, depth + 1));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [protoFieldName(k), withProtoFieldNames(v, depth + 1)]));
}

const SECRET_LISTS = ['dynamic_active_secrets', 'dynamic_warming_secrets', 'dynamicActiveSecrets', 'dynamicWarmingSecrets'];
const RENAMED_TYPES = new Set([SECRETS_CONFIG_DUMP_TYPE, 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump']);

/** `istioctl proxy-config secret -o json`: a SecretsConfigDump on its own (no `configs`, no `@type`). */
export function isBareSecretsDump(doc: Readonly<Record<string, unknown>>): boolean {
  return !('configs' in doc) && SECRET_LISTS.some((k) => Array.isArray(doc[k]));
}

/**
 * The document as an Envoy config_dump with Envoy's field names: a bare SecretsConfigDump is wrapped in `configs`;
 * in a full dump only the entries read here (bootstrap, secrets) are renamed, not the (large) listeners and clusters.
 */
export function asEnvoyConfigDump(doc: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (isBareSecretsDump(doc)) return { configs: [{ ...(withProtoFieldNames(doc) as Record<string, unknown>), '@type': SECRETS_CONFIG_DUMP_TYPE }] };
  const configs = doc['configs'];
  if (!Array.isArray(configs)) return doc;
  return { ...doc, configs: configs.map((c: unknown) => (isRecord(c) && typeof c['@type'] === 'string' && RENAMED_TYPES.has(c['@type']) ? withProtoFieldNames(c) : c)) };
}

/** The namespace in a workload certificate's SPIFFE ID (spiffe://TRUST_DOMAIN/ns/NAMESPACE/sa/ACCOUNT). */
export function namespaceFromSpiffeIds(uriSans: readonly string[]): string | null {
  for (const san of uriSans) {
    const m = /^spiffe:\/\/[^/]+\/ns\/([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\/sa\/[^/]+$/.exec(san);
    if (m) return m[1]!;
  }
  return null;
}

const POD_NAME = /^[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/;

/**
 * The pod a dump that names none belongs to, from the file it was saved in and the namespace of its workload
 * certificate: `POD.json` or `POD.NAMESPACE.json` (e.g. `istioctl proxy-config secret POD -n NS -o json > POD.NS.json`).
 */
export function podFromFileName(location: string | undefined, namespace: string | null): { namespace: string; pod: string } | null {
  if (!location || !namespace) return null;
  const file = location.replace(/:\d+$/, '');
  const base = file.split(/[\\/]/).at(-1) ?? '';
  const stem = base.replace(/\.(json|ya?ml)$/i, '');
  const pod = stem.endsWith(`.${namespace}`) ? stem.slice(0, -namespace.length - 1) : stem;
  return POD_NAME.test(pod) ? { namespace, pod } : null;
}
