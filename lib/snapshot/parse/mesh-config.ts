// The mesh config: ConfigMap `istio` (or `istio-<revision>`), key `mesh`, YAML text (ARCHITECTURE §4 conventions).
// Defaults follow istio/istio pkg/config/mesh/mesh.go DefaultMeshConfig (istio-semantics §0).
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ExtensionProvider, ExtensionProviderKind, MeshConfig, SourceLocation } from '../types';
import { boundedString, fail, ok, parseWith, portNumber, stringList, type ParseResult } from './common';

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

const extAuthzSchema = z.object({
  service: boundedString.optional(),
  port: portNumber.optional(),
  failOpen: z.boolean().optional(),
});

const providerSchema = z
  .object({
    name: z.string().min(1),
    envoyExtAuthzHttp: extAuthzSchema.optional(),
    envoyExtAuthzGrpc: extAuthzSchema.optional(),
  })
  .loose();

const meshSchema = z.object({
  rootNamespace: z.string().min(1).optional(),
  trustDomain: z.string().min(1).optional(),
  trustDomainAliases: stringList.nullable().optional(),
  enableAutoMtls: z.boolean().optional(),
  accessLogFile: z.string().optional(),
  extensionProviders: z.array(providerSchema).nullable().optional(),
  defaultProviders: z
    .object({ accessLogging: stringList.nullable().optional() })
    .nullable()
    .optional(),
  defaultConfig: z
    .object({
      proxyMetadata: z.record(z.string(), boundedString).nullable().optional(),
      holdApplicationUntilProxyStarts: z.boolean().nullable().optional(),
      discoveryAddress: boundedString.optional(),
    })
    .nullable()
    .optional(),
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

function toProvider(p: z.infer<typeof providerSchema>): ExtensionProvider {
  const authz = p.envoyExtAuthzHttp ?? p.envoyExtAuthzGrpc;
  if (authz) {
    return {
      name: p.name,
      kind: p.envoyExtAuthzHttp ? 'envoyExtAuthzHttp' : 'envoyExtAuthzGrpc',
      ...(authz.service ? { service: authz.service } : {}),
      ...(authz.port ? { port: authz.port } : {}),
      ...(authz.failOpen !== undefined ? { failOpen: authz.failOpen } : {}),
    };
  }
  const kind = OTHER_PROVIDER_KEYS.find(([key]) => key in p)?.[1] ?? 'other';
  return { name: p.name, kind };
}

/** Parses the `mesh` key of the istio ConfigMap; the ConfigMap's own namespace is where it was read from. */
export function parseMeshConfigText(
  text: string,
  from: { namespace: string; name: string; location?: SourceLocation },
): ParseResult<MeshConfig> {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 }) ?? {};
  } catch (e) {
    return fail(`data.mesh: not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const parsed = parseWith(meshSchema, doc, 'data.mesh');
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  const d = defaultMeshConfig();
  return ok({
    rootNamespace: m.rootNamespace ?? d.rootNamespace,
    trustDomain: m.trustDomain ?? d.trustDomain,
    trustDomainAliases: m.trustDomainAliases ?? [],
    enableAutoMtls: m.enableAutoMtls ?? true,
    accessLogFile: m.accessLogFile ?? '',
    extensionProviders: (m.extensionProviders ?? []).map(toProvider),
    defaultAccessLogProviders: m.defaultProviders?.accessLogging ?? [],
    defaultConfig: {
      proxyMetadata: m.defaultConfig?.proxyMetadata ?? {},
      holdApplicationUntilProxyStarts: m.defaultConfig?.holdApplicationUntilProxyStarts ?? false,
      ...(m.defaultConfig?.discoveryAddress ? { discoveryAddress: m.defaultConfig.discoveryAddress } : {}),
    },
    from,
  });
}
