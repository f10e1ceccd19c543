// The mesh config: ConfigMap `istio` (or `istio-<revision>`), key `mesh`, YAML text (ARCHITECTURE §4 conventions).
// Defaults follow istio/istio pkg/config/mesh/mesh.go DefaultMeshConfig (istio-semantics §0).
// Istio decodes this text as protobuf JSON (pkg/util/protomarshal ApplyYAML → ApplyJSON), so it accepts what protojson
// accepts (proto-json.ts: integers as strings, durations as "0.5s", enum names or numbers, snake_case field names) and
// discards unknown fields. Here each field is read on its own: a bad field (or a bad extension provider) is dropped
// with a warning naming it, and the rest of the mesh config still counts; an unknown field is an info-level note.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ExtensionProvider, ExtensionProviderKind, MeshConfig, SourceLocation } from '../types';
import { boundedString, fail, formatZodError, ok, showValue, stringList, type ParseResult } from './common';
import { jsonEntries, protoDuration, protoEnum, protoPort } from './proto-json';
import { MESH_CONFIG_FIELDS } from './mesh-config-fields';

export const DEFAULT_ROOT_NAMESPACE = 'istio-system';

export function defaultMeshConfig(): MeshConfig {
  return {
    rootNamespace: DEFAULT_ROOT_NAMESPACE,
    trustDomain: 'cluster.local',
    trustDomainAliases: [],
    enableAutoMtls: true,
    extensionProviders: [],
    accessLogFile: '',
    defaultAccessLogProviders: [],
    defaultConfig: { proxyMetadata: {}, holdApplicationUntilProxyStarts: false },
    from: null,
  };
}

/** A field of the mesh config that was dropped (level warning) or ignored as unknown (level info). */
export interface MeshConfigWarning {
  readonly level: 'warning' | 'info';
  readonly reason: string;
}

export type MeshConfigReading =
  | { readonly ok: true; readonly value: MeshConfig; readonly warnings: readonly MeshConfigWarning[] }
  | { readonly ok: false; readonly reason: string };

const extAuthzSchema = z.object({
  service: boundedString.optional(),
  port: protoPort.optional(),
});

/** Fields of an ext_authz provider whose bad value drops only that field (the provider still names its service). */
const extAuthzOptionalSchema = z.object({
  failOpen: z.boolean().optional(),
  timeout: protoDuration.optional(),
});

const OTHER_PROVIDER_KEYS: readonly [string, ExtensionProviderKind][] = [
  ['envoyFileAccessLog', 'envoyFileAccessLog'],
  ['envoyOtelAls', 'envoyOtelAls'],
  ['envoyHttpAls', 'envoyHttpAls'],
  ['envoyTcpAls', 'envoyTcpAls'],
  ['opentelemetry', 'opentelemetry'],
  ['zipkin', 'zipkin'],
  ['prometheus', 'prometheus'],
];

const FIELD_SCHEMAS = {
  rootNamespace: z.string().min(1).nullable(),
  trustDomain: z.string().min(1).nullable(),
  trustDomainAliases: stringList.nullable(),
  enableAutoMtls: z.boolean().nullable(),
  accessLogFile: z.string().nullable(),
  defaultProviders: z.object({ accessLogging: stringList.nullable().optional() }).loose().nullable(),
  outboundTrafficPolicy: z.object({ mode: protoEnum(['REGISTRY_ONLY', 'ALLOW_ANY']).optional() }).loose().nullable(),
} as const;

const PROXY_FIELD_SCHEMAS = {
  proxyMetadata: z.record(z.string(), boundedString).nullable(),
  holdApplicationUntilProxyStarts: z.boolean().nullable(),
  discoveryAddress: boundedString.nullable(),
  caAddress: boundedString.nullable(),
} as const;

type Fields<S extends Record<string, z.ZodType>> = { -readonly [K in keyof S]?: z.output<S[K]> };

interface Reader {
  readonly warnings: MeshConfigWarning[];
}

function fieldProblem(error: z.ZodError, path: string): string {
  return formatZodError(error, path);
}

/** Each known field parsed on its own; a bad one is reported and left out (its Istio default applies). */
function readFields<S extends Record<string, z.ZodType>>(schemas: S, message: Readonly<Record<string, unknown>>, prefix: string, r: Reader): Fields<S> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of jsonEntries(message)) {
    const schema = schemas[key];
    if (!schema) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else r.warnings.push({ level: 'warning', reason: `${fieldProblem(parsed.error, `${prefix}.${key}`)}; this field is ignored (Istio's default applies)` });
  }
  return out as Fields<S>;
}

function isMessage(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readProvider(raw: unknown, path: string, r: Reader): ExtensionProvider | null {
  if (!isMessage(raw)) {
    r.warnings.push({ level: 'warning', reason: `${path}: expected an object, got ${showValue(raw)}; this extension provider is ignored` });
    return null;
  }
  const p = Object.fromEntries(jsonEntries(raw));
  const name = p['name'];
  if (typeof name !== 'string' || name === '') {
    r.warnings.push({ level: 'warning', reason: `${path}.name: missing or not a string; this extension provider is ignored` });
    return null;
  }
  const named = `${path} (${showValue(name)})`;
  const authzKey = 'envoyExtAuthzHttp' in p ? 'envoyExtAuthzHttp' : 'envoyExtAuthzGrpc' in p ? 'envoyExtAuthzGrpc' : null;
  if (!authzKey) return { name, kind: OTHER_PROVIDER_KEYS.find(([key]) => key in p)?.[1] ?? 'other' };
  const body = p[authzKey] ?? {};
  if (!isMessage(body)) {
    r.warnings.push({ level: 'warning', reason: `${named}.${authzKey}: expected an object, got ${showValue(body)}; this extension provider is ignored` });
    return null;
  }
  const fields = Object.fromEntries(jsonEntries(body));
  const target = extAuthzSchema.safeParse({ service: fields['service'] ?? undefined, port: fields['port'] ?? undefined });
  if (!target.success) {
    r.warnings.push({ level: 'warning', reason: `${fieldProblem(target.error, `${named}.${authzKey}`)}; this extension provider is ignored` });
    return null;
  }
  const optional = readFields(extAuthzOptionalSchema.shape, fields, `${named}.${authzKey}`, r);
  return {
    name,
    kind: authzKey,
    ...(target.data.service ? { service: target.data.service } : {}),
    ...(target.data.port ? { port: target.data.port } : {}),
    ...(optional.failOpen !== undefined ? { failOpen: optional.failOpen } : {}),
  };
}

function readProviders(value: unknown, r: Reader): ExtensionProvider[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    r.warnings.push({ level: 'warning', reason: `data.mesh.extensionProviders: expected a list, got ${showValue(value)}; this field is ignored` });
    return [];
  }
  return value.flatMap((p, i) => readProvider(p, `data.mesh.extensionProviders[${i}]`, r) ?? []);
}

function noteUnknownFields(doc: Readonly<Record<string, unknown>>, r: Reader): void {
  for (const [key] of jsonEntries(doc)) {
    if (!MESH_CONFIG_FIELDS.has(key)) {
      r.warnings.push({ level: 'info', reason: `data.mesh.${key.slice(0, 80)}: not a MeshConfig field; Istio discards unknown fields, and so does this reading` });
    }
  }
}

function decodeMeshText(text: string): ParseResult<Readonly<Record<string, unknown>>> {
  let doc: unknown;
  try {
    // Merge keys as in manifests (read-manifests.ts); aliases bounded against "billion laughs".
    doc = parseYaml(text, { maxAliasCount: 100, merge: true }) ?? {};
  } catch (e) {
    return fail(`data.mesh: not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  return isMessage(doc) ? ok(doc) : fail(`data.mesh: expected a map of mesh config fields, got ${showValue(doc)}`);
}

/** Parses the `mesh` key of the istio ConfigMap; the ConfigMap's own namespace is where it was read from. */
export function parseMeshConfigText(
  text: string,
  from: { namespace: string; name: string; location?: SourceLocation },
): MeshConfigReading {
  const decoded = decodeMeshText(text);
  if (!decoded.ok) return decoded;
  const doc = decoded.value;
  const r: Reader = { warnings: [] };
  noteUnknownFields(doc, r);
  const m = readFields(FIELD_SCHEMAS, doc, 'data.mesh', r);
  const entries = Object.fromEntries(jsonEntries(doc));
  const rawProxy = entries['defaultConfig'];
  const proxy = isMessage(rawProxy) ? readFields(PROXY_FIELD_SCHEMAS, rawProxy, 'data.mesh.defaultConfig', r) : {};
  if (rawProxy !== undefined && rawProxy !== null && !isMessage(rawProxy)) {
    r.warnings.push({ level: 'warning', reason: `data.mesh.defaultConfig: expected an object, got ${showValue(rawProxy)}; this field is ignored` });
  }
  const d = defaultMeshConfig();
  return {
    ok: true,
    warnings: r.warnings,
    value: {
      rootNamespace: m.rootNamespace ?? d.rootNamespace,
      trustDomain: m.trustDomain ?? d.trustDomain,
      trustDomainAliases: m.trustDomainAliases ?? [],
      enableAutoMtls: m.enableAutoMtls ?? true,
      accessLogFile: m.accessLogFile ?? '',
      extensionProviders: readProviders(entries['extensionProviders'], r),
      defaultAccessLogProviders: m.defaultProviders?.accessLogging ?? [],
      ...(m.outboundTrafficPolicy?.mode ? { outboundTrafficPolicyMode: m.outboundTrafficPolicy.mode } : {}),
      defaultConfig: {
        proxyMetadata: proxy.proxyMetadata ?? {},
        holdApplicationUntilProxyStarts: proxy.holdApplicationUntilProxyStarts ?? false,
        ...(proxy.discoveryAddress ? { discoveryAddress: proxy.discoveryAddress } : {}),
        ...(proxy.caAddress ? { caAddress: proxy.caAddress } : {}),
      },
      from,
    },
  };
}
