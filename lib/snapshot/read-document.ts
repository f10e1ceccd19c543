// What one decoded document adds to a snapshot: a parsed object for one of its collections, a collection issue, a
// mesh config candidate or a root-cert ConfigMap. Shared by buildSnapshot (every document read in one pass) and the
// incremental build (a document read once, kept by key, read again only when it changes), so both read alike.
import {
  ROOT_CERT_CONFIGMAP_KEY,
  ROOT_CERT_CONFIGMAP_NAME,
  type CertificateDetails,
  type CollectionIssue,
  type MeshSnapshot,
  type RootCertConfigMap,
  type SourceLocation,
} from './types';
import type { ParseContext, ParseResult, RawObject } from './parse/common';
import { parseNamespace, parsePod, parseService, parseServiceAccount } from './parse/core';
import { parsePeerAuthentication } from './parse/peer-authentication';
import { parseAuthorizationPolicy } from './parse/authorization-policy';
import { parseRequestAuthentication } from './parse/request-authentication';
import { parseDestinationRule } from './parse/destination-rule';
import { parseEnvoyFilter } from './parse/envoy-filter';
import { parseTelemetry } from './parse/telemetry';
import { parseGateway } from './parse/gateway';
import { parseIstioGateway } from './parse/istio-gateway';
import { parseWorkloadTemplate, type WorkloadTemplate } from './parse/workload-template';
import { routeKind, type CollectionKey } from './kind-routes';
import type { ParseCache } from './parse-cache';
import { admissionOf } from './validation/admission';

export interface SourceDocument {
  readonly raw: unknown;
  readonly location?: SourceLocation;
}

/** The parsed objects of each collection, in document order (workload templates become predicted pods later). */
export type Collections = {
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
  gateways: MeshSnapshot['gateways'][number][];
  istioGateways: MeshSnapshot['istioGateways'][number][];
  workloadTemplates: WorkloadTemplate[];
};

export type CollectionItem = Collections[CollectionKey][number];

export const COLLECTION_KEYS: readonly CollectionKey[] = [
  'namespaces', 'pods', 'services', 'serviceAccounts', 'peerAuthentications', 'authorizationPolicies', 'requestAuthentications',
  'destinationRules', 'envoyFilters', 'telemetries', 'gateways', 'istioGateways', 'workloadTemplates',
];

export interface MeshConfigCandidate {
  readonly namespace: string;
  readonly name: string;
  readonly text: string;
  readonly location?: SourceLocation;
}

export type Where = { readonly file?: string; readonly line?: number };

/**
 * What a document adds, to which list. An object of a collection carries its duplicate-detection key (collection,
 * namespace, name; and kind for workload templates) and what a duplicate issue about it would name.
 */
export type DocumentReading =
  | { readonly list: CollectionKey; readonly item: CollectionItem; readonly seenKey: string; readonly raw: RawObject; readonly where: Where }
  | { readonly list: 'issues'; readonly item: CollectionIssue }
  | { readonly list: 'meshConfigs'; readonly item: MeshConfigCandidate }
  | { readonly list: 'rootCertConfigMaps'; readonly item: RootCertConfigMap };

export type ListKey = DocumentReading['list'];

export interface ReadOptions {
  /** Namespace for namespaced objects that name none. */
  readonly defaultNamespace: string;
  /** Decodes PEM certificates (istio-ca-root-cert); supplied by the source layer, where node:crypto lives. */
  readonly decodeCertificates?: ((pem: string) => CertificateDetails[]) | undefined;
  /** Results of earlier reads (see BuildSnapshotOptions.parseCache); documents with a location are not cached. */
  readonly parseCache?: ParseCache | undefined;
  /**
   * 'enforce' (the default): an object the API server would reject (names, CRD schema and CEL rules: validation/) is
   * an issue, never read. 'skip' for objects read from a cluster, which the API server has admitted already.
   */
  readonly schemaValidation?: 'enforce' | 'skip' | undefined;
  /** Receives notes about an object that is still read (fields the API server would prune). */
  readonly onNote?: ((note: CollectionIssue) => void) | undefined;
}

/** At most this many pruned fields are named in a note (a dump with many typos stays readable). */
const MAX_PRUNED_NAMED = 5;

function prunedNote(raw: RawObject, where: Where, pruned: readonly string[]): CollectionIssue {
  const named = pruned.slice(0, MAX_PRUNED_NAMED).join(', ');
  const more = pruned.length > MAX_PRUNED_NAMED ? ` and ${pruned.length - MAX_PRUNED_NAMED} more` : '';
  const one = pruned.length === 1;
  return {
    object: describe(raw),
    kind: String(raw['kind']),
    ...where,
    level: 'info',
    reason: `unknown field${one ? '' : 's'} ${named}${more}: not in the ${String(raw['kind'])} CRD schema, so the API server drops ${one ? 'it' : 'them'} (kubectl warns "unknown field"); the object is read without ${one ? 'it' : 'them'}, as a cluster would hold it`,
  };
}

const MESH_CONFIGMAP = /^istio(-[a-z0-9-]+)?$/;

export function isRecord(value: unknown): value is RawObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `kind: List` and `*List` documents hold their objects in `items`. Lazy, so paged input streams through. */
export function* flatten(docs: Iterable<SourceDocument>, depth = 0): Generator<SourceDocument> {
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

/** `Kind/namespace/name` of a raw object, bounded (hostile input). */
export function describe(raw: RawObject): string {
  const meta = isRecord(raw['metadata']) ? raw['metadata'] : {};
  const kind = typeof raw['kind'] === 'string' ? raw['kind'].slice(0, 63) : '?';
  const name = typeof meta['name'] === 'string' ? meta['name'].slice(0, 253) : '?';
  const ns = typeof meta['namespace'] === 'string' ? meta['namespace'].slice(0, 63) : '';
  return ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`;
}

export function locationFields(location: SourceLocation | undefined): Where {
  return location ? { file: location.file, ...(location.line ? { line: location.line } : {}) } : {};
}

const PARSERS: { readonly [K in CollectionKey]: (raw: RawObject, ctx: ParseContext) => ParseResult<Collections[K][number]> } = {
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
  gateways: parseGateway,
  istioGateways: parseIstioGateway,
  workloadTemplates: parseWorkloadTemplate,
};

type RootCertRead = RootCertConfigMap | { readonly reason: string };

function readRootCert(namespace: string, name: string, data: RawObject, decode: ((pem: string) => CertificateDetails[]) | undefined): RootCertRead {
  const pem = data[ROOT_CERT_CONFIGMAP_KEY];
  // Empty or without the key: what an external CA (SPIRE, istio-csr) leaves; the engine explains it (certs/external-ca.ts).
  if (pem === undefined || pem === null || (typeof pem === 'string' && pem.trim() === '')) return { namespace, name, roots: [] };
  if (typeof pem !== 'string') return { reason: `data["${ROOT_CERT_CONFIGMAP_KEY}"]: not a string` };
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

/**
 * The reading as kept between builds: of its raw object only what a duplicate issue reads (kind, name, namespace),
 * so a kept reading does not hold the whole object (after a relist the cache holds only the new copy).
 */
export function keptReading(r: DocumentReading): DocumentReading {
  if (r.list === 'issues' || r.list === 'meshConfigs' || r.list === 'rootCertConfigMaps') return r;
  const meta = r.raw['metadata'];
  return { ...r, raw: { kind: r.raw['kind'], metadata: isRecord(meta) ? { name: meta['name'], namespace: meta['namespace'] } : undefined } };
}

function readConfigMap(raw: RawObject, doc: SourceDocument, ctx: ParseContext, where: Where, options: ReadOptions): DocumentReading | null {
  const meta = isRecord(raw['metadata']) ? raw['metadata'] : {};
  const data = isRecord(raw['data']) ? raw['data'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : ctx.defaultNamespace;
  const object = `ConfigMap/${namespace}/${name}`;
  if (MESH_CONFIGMAP.test(name) && typeof data['mesh'] === 'string') {
    return { list: 'meshConfigs', item: { namespace, name, text: data['mesh'], ...(doc.location ? { location: doc.location } : {}) } };
  }
  if (name === 'istio' && !isRecord(raw['data'])) {
    return { list: 'issues', item: { object, kind: 'MeshConfig', ...where, reason: 'data: missing or not a map, so the mesh config cannot be read' } };
  }
  if (name === 'istio' && 'mesh' in data) {
    return { list: 'issues', item: { object, kind: 'MeshConfig', ...where, reason: 'data.mesh: not a string (it holds the mesh config as YAML text)' } };
  }
  if (name !== ROOT_CERT_CONFIGMAP_NAME) return null;
  const cache = doc.location ? undefined : options.parseCache;
  const read = cache ? cachedRootCert(cache, raw, namespace, name, data, options.decodeCertificates) : readRootCert(namespace, name, data, options.decodeCertificates);
  if ('roots' in read) return { list: 'rootCertConfigMaps', item: read };
  return { list: 'issues', item: { object, kind: 'RootCertConfigMap', ...where, reason: read.reason } };
}

/** What one document (not a List: see flatten) adds to the snapshot; null for nothing (ignored kinds, empty documents). */
export function readDocument(doc: SourceDocument, options: ReadOptions): DocumentReading | null {
  const cache = doc.location ? undefined : options.parseCache;
  const docKey = cache ? `doc\u0000${options.defaultNamespace}` : '';
  // An object parsed by an earlier build (parse cache): no routing, no parsing.
  const hit = cache && isRecord(doc.raw) ? (cache.get(doc.raw, docKey) as DocumentReading | undefined) : undefined;
  if (hit) return hit;
  const where = locationFields(doc.location);
  if (doc.raw === null || doc.raw === undefined) return null; // empty YAML document (`---` at the end)
  if (!isRecord(doc.raw)) {
    return { list: 'issues', item: { ...where, reason: `not a Kubernetes object (a ${Array.isArray(doc.raw) ? 'list' : typeof doc.raw} at the top level)` } };
  }
  const raw = doc.raw;
  const route = routeKind(raw['apiVersion'], raw['kind']);
  if (route.type === 'error') return { list: 'issues', item: { object: describe(raw), ...where, reason: route.reason } };
  const admission = options.schemaValidation === 'skip' ? null : admissionOf(raw, route.type !== 'ignored' && route.type !== 'skipped');
  if (admission?.problem) {
    const reading: DocumentReading = { list: 'issues', item: { object: describe(raw), kind: String(raw['kind']), ...where, reason: admission.problem } };
    if (cache) cache.set(raw, docKey, reading);
    return reading;
  }
  if (admission && admission.pruned.length > 0 && route.type !== 'ignored') options.onNote?.(prunedNote(raw, where, admission.pruned));
  if (route.type === 'ignored') return null;
  if (route.type === 'skipped') return { list: 'issues', item: { object: describe(raw), ...where, reason: route.reason, level: 'info' } };
  const ctx: ParseContext = { defaultNamespace: options.defaultNamespace, ...(doc.location ? { location: doc.location } : {}) };
  if (route.type === 'configmap') return readConfigMap(raw, doc, ctx, where, options);
  const result = PARSERS[route.collection](raw, ctx);
  const value = result.ok ? result.value : null;
  const seenKey = value === null ? '' : 'meta' in value ? `${route.collection}/${value.meta.namespace}/${value.meta.name}` : `${route.collection}/${value.kind}/${value.namespace}/${value.name}`;
  const reading: DocumentReading = result.ok
    ? { list: route.collection, item: result.value, seenKey, raw, where }
    : { list: 'issues', item: { object: describe(raw), kind: String(raw['kind']), ...where, reason: result.reason } };
  if (cache) cache.set(raw, docKey, keptReading(reading));
  return reading;
}
