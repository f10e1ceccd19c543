// Turns decoded documents (what `kubectl get -o yaml|json` writes, from files or the API) into one MeshSnapshot.
// One malformed object never hides the rest: it becomes a CollectionIssue naming the object and the problem.
import {
  ROOT_CERT_CONFIGMAP_KEY,
  ROOT_CERT_CONFIGMAP_NAME,
  SNAPSHOT_KINDS,
  type CertificateDetails,
  type CollectionIssue,
  type KindProvenance,
  type MeshConfig,
  type MeshSnapshot,
  type ProxyCertificates,
  type RootCertConfigMap,
  type SnapshotKind,
  type SourceLocation,
} from './types';
import { type ParseContext, type ParseResult, type RawObject } from './parse/common';
import { parseNamespace, parsePod, parseService, parseServiceAccount } from './parse/core';
import { parsePeerAuthentication } from './parse/peer-authentication';
import { parseAuthorizationPolicy } from './parse/authorization-policy';
import { parseRequestAuthentication } from './parse/request-authentication';
import { parseDestinationRule } from './parse/destination-rule';
import { parseEnvoyFilter } from './parse/envoy-filter';
import { parseTelemetry } from './parse/telemetry';
import { defaultMeshConfig, parseMeshConfigText } from './parse/mesh-config';
import { parseWorkloadTemplate, predictPods, type WorkloadTemplate } from './parse/workload-template';
import { routeKind, type CollectionKey } from './kind-routes';
import type { ParseCache } from './parse-cache';

export interface SourceDocument {
  readonly raw: unknown;
  readonly location?: SourceLocation;
}

export interface BuildSnapshotOptions {
  readonly source: string;
  /** When the documents were read (RFC 3339): the asOf of every kind read successfully. */
  readonly asOf: string;
  /** Decodes PEM certificates (istio-ca-root-cert); supplied by the source layer, where node:crypto lives. */
  readonly decodeCertificates?: (pem: string) => CertificateDetails[];
  /** Proxy certificate state collected separately (proxy dumps, agent metrics). */
  readonly proxyCertificates?: readonly ProxyCertificates[];
  /** Provenance decided by the source (forbidden, absent...), overriding the default 'ok'. */
  readonly kinds?: Partial<Record<SnapshotKind, KindProvenance>>;
  readonly issues?: readonly CollectionIssue[];
  /** Namespace for namespaced objects that name none. */
  readonly defaultNamespace?: string;
  /**
   * Results of earlier builds (createParseCache), for a source that rebuilds its snapshot on every change: an
   * unchanged raw object is not parsed again and keeps its parsed identity. Documents with a location are not cached.
   */
  readonly parseCache?: ParseCache;
}

const MESH_CONFIGMAP = /^istio(-[a-z0-9-]+)?$/;

function isRecord(value: unknown): value is RawObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `kind: List` and `*List` documents hold their objects in `items`. Lazy, so paged input streams through. */
function* flatten(docs: Iterable<SourceDocument>, depth = 0): Generator<SourceDocument> {
  for (const doc of docs) {
    const raw = doc.raw;
    if (isRecord(raw) && typeof raw['kind'] === 'string' && raw['kind'].endsWith('List') && Array.isArray(raw['items']) && depth < 3) {
      const itemKind = raw['kind'] === 'List' ? undefined : raw['kind'].slice(0, -'List'.length);
      const items = (raw['items'] as unknown[]).map((item): SourceDocument => ({
        raw: isRecord(item) && itemKind && !item['kind'] ? { ...item, kind: itemKind, apiVersion: item['apiVersion'] ?? raw['apiVersion'] } : item,
        ...(doc.location ? { location: doc.location } : {}),
      }));
      yield* flatten(items, depth + 1);
    } else {
      yield doc;
    }
  }
}

function describe(raw: RawObject): string {
  const meta = isRecord(raw['metadata']) ? raw['metadata'] : {};
  const kind = typeof raw['kind'] === 'string' ? raw['kind'].slice(0, 63) : '?';
  const name = typeof meta['name'] === 'string' ? meta['name'].slice(0, 253) : '?';
  const ns = typeof meta['namespace'] === 'string' ? meta['namespace'].slice(0, 63) : '';
  return ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`;
}

type Parsed = {
  namespaces: MeshSnapshot['namespaces'][number][];
  pods: MeshSnapshot['pods'][number][];
  services: MeshSnapshot['services'][number][];
  serviceAccounts: MeshSnapshot['serviceAccounts'][number][];
  peerAuthentications: MeshSnapshot['peerAuthentications'][number][];
  authorizationPolicies: MeshSnapshot['authorizationPolicies'][number][];
  requestAuthentications: MeshSnapshot['requestAuthentications'][number][];
  destinationRules: MeshSnapshot['destinationRules'][number][];
  envoyFilters: MeshSnapshot['envoyFilters'][number][];
  telemetries: MeshSnapshot['telemetries'][number][];
  workloadTemplates: WorkloadTemplate[];
};

const PARSERS: { readonly [K in CollectionKey]: (raw: RawObject, ctx: ParseContext) => ParseResult<Parsed[K][number]> } = {
  namespaces: parseNamespace,
  pods: parsePod,
  services: parseService,
  serviceAccounts: parseServiceAccount,
  peerAuthentications: parsePeerAuthentication,
  authorizationPolicies: parseAuthorizationPolicy,
  requestAuthentications: parseRequestAuthentication,
  destinationRules: parseDestinationRule,
  envoyFilters: parseEnvoyFilter,
  telemetries: parseTelemetry,
  workloadTemplates: parseWorkloadTemplate,
};

interface MeshConfigCandidate {
  readonly namespace: string;
  readonly name: string;
  readonly text: string;
  readonly location?: SourceLocation;
}

function pickMeshConfig(candidates: readonly MeshConfigCandidate[], issues: CollectionIssue[]): MeshConfig | null {
  // Prefer the default revision's `istio` ConfigMap, then istio-system, then the first in source order.
  const ranked = [...candidates].sort((a, b) => Number(b.name === 'istio') - Number(a.name === 'istio') || Number(b.namespace === 'istio-system') - Number(a.namespace === 'istio-system'));
  for (const c of ranked) {
    const parsed = parseMeshConfigText(c.text, { namespace: c.namespace, name: c.name, ...(c.location ? { location: c.location } : {}) });
    if (parsed.ok) return parsed.value;
    issues.push({ object: `ConfigMap/${c.namespace}/${c.name}`, kind: 'MeshConfig', reason: parsed.reason, ...locationFields(c.location) });
  }
  return null;
}

function locationFields(location: SourceLocation | undefined): { file?: string; line?: number } {
  return location ? { file: location.file, ...(location.line ? { line: location.line } : {}) } : {};
}

type RootCertRead = RootCertConfigMap | { readonly reason: string };

function readRootCert(namespace: string, name: string, data: RawObject, decode: ((pem: string) => CertificateDetails[]) | undefined): RootCertRead {
  const pem = data[ROOT_CERT_CONFIGMAP_KEY];
  if (typeof pem !== 'string') return { reason: `data["${ROOT_CERT_CONFIGMAP_KEY}"]: missing or not a string` };
  if (!decode) return { reason: 'certificates were not decoded by this source' };
  try {
    return { namespace, name, roots: decode(pem) };
  } catch (e) {
    return { reason: `data["${ROOT_CERT_CONFIGMAP_KEY}"]: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The same ConfigMap object gives the same RootCertConfigMap object; equal PEMs are decoded once. */
function cachedRootCert(cache: ParseCache, raw: RawObject, namespace: string, name: string, data: RawObject, decode: ((pem: string) => CertificateDetails[]) | undefined): RootCertRead {
  const key = `rootCert\u0000${namespace}\u0000${decode ? 'decoded' : 'raw'}`;
  const hit = cache.get(raw, key) as RootCertRead | undefined;
  if (hit) return hit;
  const read = readRootCert(namespace, name, data, decode ? (pem) => cache.decode(pem, decode) : undefined);
  cache.set(raw, key, read);
  return read;
}

/** What the parse cache keeps for an object of a collection: its parse result and its duplicate-detection key. */
interface CachedDocument {
  readonly collection: CollectionKey;
  readonly result: ParseResult<Parsed[CollectionKey][number]>;
  readonly seenKey: string;
}

/** Documents may be any iterable (an array, or pages of a list read one at a time): each is read once and not kept. */
export function buildSnapshot(documents: Iterable<SourceDocument>, options: BuildSnapshotOptions): MeshSnapshot {
  const issues: CollectionIssue[] = [...(options.issues ?? [])];
  const parsed: Parsed = {
    namespaces: [], pods: [], services: [], serviceAccounts: [], peerAuthentications: [], authorizationPolicies: [],
    requestAuthentications: [], destinationRules: [], envoyFilters: [], telemetries: [], workloadTemplates: [],
  };
  const seen = new Set<string>();
  const meshConfigs: MeshConfigCandidate[] = [];
  const rootCertConfigMaps: RootCertConfigMap[] = [];

  const docKey = `doc\u0000${options.defaultNamespace ?? 'default'}`;
  const accept = (collection: CollectionKey, value: Parsed[CollectionKey][number], seenKey: string, raw: RawObject, where: { file?: string; line?: number }) => {
    if (seen.has(seenKey)) {
      issues.push({ object: describe(raw), kind: String(raw['kind']), ...where, reason: 'duplicate object: an earlier document has the same kind, namespace and name; this copy is ignored' });
      return;
    }
    seen.add(seenKey);
    (parsed[collection] as unknown[]).push(value);
  };

  for (const doc of flatten(documents)) {
    // An object parsed by an earlier build (parse cache): no routing, no parsing, no allocation.
    const hit = options.parseCache && !doc.location && isRecord(doc.raw) ? (options.parseCache.get(doc.raw, docKey) as CachedDocument | undefined) : undefined;
    if (hit) {
      const raw = doc.raw as RawObject;
      if (hit.result.ok) accept(hit.collection, hit.result.value, hit.seenKey, raw, {});
      else issues.push({ object: describe(raw), kind: String(raw['kind']), reason: hit.result.reason });
      continue;
    }
    const where = locationFields(doc.location);
    if (doc.raw === null || doc.raw === undefined) continue; // empty YAML document (`---` at the end)
    if (!isRecord(doc.raw)) {
      issues.push({ ...where, reason: `not a Kubernetes object (a ${Array.isArray(doc.raw) ? 'list' : typeof doc.raw} at the top level)` });
      continue;
    }
    const raw = doc.raw;
    const route = routeKind(raw['apiVersion'], raw['kind']);
    if (route.type === 'ignored') continue;
    if (route.type === 'error') {
      issues.push({ object: describe(raw), ...where, reason: route.reason });
      continue;
    }
    const ctx: ParseContext = { defaultNamespace: options.defaultNamespace ?? 'default', ...(doc.location ? { location: doc.location } : {}) };
    const cache = doc.location ? undefined : options.parseCache;
    if (route.type === 'configmap') {
      const meta = isRecord(raw['metadata']) ? raw['metadata'] : {};
      const data = isRecord(raw['data']) ? raw['data'] : {};
      const name = typeof meta['name'] === 'string' ? meta['name'] : '';
      const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : ctx.defaultNamespace;
      if (MESH_CONFIGMAP.test(name) && typeof data['mesh'] === 'string') {
        meshConfigs.push({ namespace, name, text: data['mesh'], ...(doc.location ? { location: doc.location } : {}) });
      } else if (name === 'istio' && !isRecord(raw['data'])) {
        issues.push({ object: `ConfigMap/${namespace}/${name}`, kind: 'MeshConfig', ...where, reason: 'data: missing or not a map, so the mesh config cannot be read' });
      } else if (name === 'istio' && 'mesh' in data) {
        issues.push({ object: `ConfigMap/${namespace}/${name}`, kind: 'MeshConfig', ...where, reason: 'data.mesh: not a string (it holds the mesh config as YAML text)' });
      } else if (name === ROOT_CERT_CONFIGMAP_NAME) {
        const read = cache ? cachedRootCert(cache, raw, namespace, name, data, options.decodeCertificates) : readRootCert(namespace, name, data, options.decodeCertificates);
        if ('roots' in read) rootCertConfigMaps.push(read);
        else issues.push({ object: `ConfigMap/${namespace}/${name}`, kind: 'RootCertConfigMap', ...where, reason: read.reason });
      }
      continue;
    }
    const result = PARSERS[route.collection](raw, ctx);
    const value = result.ok ? result.value : null;
    const seenKey = value === null ? '' : 'meta' in value ? `${route.collection}/${value.meta.namespace}/${value.meta.name}` : `${route.collection}/${value.kind}/${value.namespace}/${value.name}`;
    if (cache) cache.set(raw, docKey, { collection: route.collection, result, seenKey } satisfies CachedDocument);
    if (!result.ok) {
      issues.push({ object: describe(raw), kind: String(raw['kind']), ...where, reason: result.reason });
      continue;
    }
    accept(route.collection, result.value, seenKey, raw, where);
  }

  options.parseCache?.endBuild();
  const meshConfig = pickMeshConfig(meshConfigs, issues);
  const proxyCertificates = options.proxyCertificates ?? [];
  const ok: KindProvenance = { status: 'ok', asOf: options.asOf };
  const kinds = Object.fromEntries(SNAPSHOT_KINDS.map((k) => [k, ok])) as Record<SnapshotKind, KindProvenance>;
  if (!meshConfig) {
    kinds.MeshConfig = { status: 'absent', asOf: null, reason: 'no readable istio ConfigMap (key "mesh") in the source: Istio defaults are assumed' };
  }
  if (proxyCertificates.length === 0) {
    kinds.ProxyCertificates = { status: 'not-collected', asOf: null, reason: 'the source holds no proxy certificate data' };
  }
  Object.assign(kinds, options.kinds ?? {});

  const { workloadTemplates, ...collections } = parsed;
  return {
    source: options.source,
    kinds,
    ...collections,
    pods: [...parsed.pods, ...predictPods(workloadTemplates, parsed.pods)],
    meshConfig: meshConfig ?? defaultMeshConfig(),
    rootCertConfigMaps,
    proxyCertificates,
    issues,
  };
}
