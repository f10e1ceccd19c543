// Turns decoded documents (what `kubectl get -o yaml|json` writes, from files or the API) into one MeshSnapshot.
// One malformed object never hides the rest: it becomes a CollectionIssue naming the object and the problem.
// What each document adds is read-document.ts; this module puts the readings together, in document order (the first
// of two objects with the same kind, namespace and name wins), and is shared with the incremental build.
import {
  SNAPSHOT_KINDS,
  type CertificateDetails,
  type CollectionIssue,
  type KindProvenance,
  type MeshConfig,
  type MeshSnapshot,
  type ProxyCertificates,
  type RootCertConfigMap,
  type SnapshotKind,
} from './types';
import { defaultMeshConfig, parseMeshConfigText } from './parse/mesh-config';
import { predictPods } from './parse/workload-template';
import type { ParseCache } from './parse-cache';
import { describe, flatten, locationFields, readDocument, type Collections, type DocumentReading, type MeshConfigCandidate, type SourceDocument } from './read-document';

export type { SourceDocument } from './read-document';

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
  /** Whether objects are checked as the API server admits them (ReadOptions.schemaValidation; default 'enforce'). */
  readonly schemaValidation?: 'enforce' | 'skip';
}

/** The options of one build that do not change how a document reads. */
export type ComposeOptions = Pick<BuildSnapshotOptions, 'source' | 'asOf' | 'proxyCertificates' | 'kinds'>;

/** Readings in document order: the first object of a kind, namespace and name is kept, later copies are issues. */
export class SnapshotAccumulator {
  readonly collections: Collections = {
    namespaces: [], pods: [], services: [], serviceAccounts: [], peerAuthentications: [], authorizationPolicies: [],
    requestAuthentications: [], destinationRules: [], envoyFilters: [], telemetries: [], gateways: [], istioGateways: [], workloadTemplates: [],
  };
  /** The documents' issues (duplicates included), in document order. */
  readonly issues: CollectionIssue[] = [];
  readonly meshConfigs: MeshConfigCandidate[] = [];
  readonly rootCertConfigMaps: RootCertConfigMap[] = [];
  private readonly seen = new Set<string>();

  add(reading: DocumentReading): void {
    switch (reading.list) {
      case 'issues':
        this.issues.push(reading.item);
        return;
      case 'meshConfigs':
        this.meshConfigs.push(reading.item);
        return;
      case 'rootCertConfigMaps':
        this.rootCertConfigMaps.push(reading.item);
        return;
      default:
        if (this.seen.has(reading.seenKey)) {
          const raw = reading.raw;
          this.issues.push({ object: describe(raw), kind: String(raw['kind']), ...reading.where, reason: 'duplicate object: an earlier document has the same kind, namespace and name; this copy is ignored' });
          return;
        }
        this.seen.add(reading.seenKey);
        (this.collections[reading.list] as unknown[]).push(reading.item);
    }
  }

  /** The snapshot of what was added (predicted pods from the workload templates included). */
  snapshot(options: ComposeOptions & { readonly issues?: readonly CollectionIssue[] }): MeshSnapshot {
    const picked = pickMeshConfig(this.meshConfigs);
    const { workloadTemplates, ...collections } = this.collections;
    return composeSnapshot(
      {
        ...collections,
        pods: [...collections.pods, ...predictPods(workloadTemplates, collections.pods)],
        meshConfig: picked.meshConfig,
        rootCertConfigMaps: this.rootCertConfigMaps,
        issues: [...(options.issues ?? []), ...this.issues, ...picked.issues],
      },
      options,
    );
  }
}

export interface PickedMeshConfig {
  readonly meshConfig: MeshConfig | null;
  /** Candidates that could not be read, before the one picked. */
  readonly issues: readonly CollectionIssue[];
}

export function pickMeshConfig(candidates: readonly MeshConfigCandidate[]): PickedMeshConfig {
  // Prefer the default revision's `istio` ConfigMap, then istio-system, then the first in source order.
  const ranked = [...candidates].sort((a, b) => Number(b.name === 'istio') - Number(a.name === 'istio') || Number(b.namespace === 'istio-system') - Number(a.namespace === 'istio-system'));
  const issues: CollectionIssue[] = [];
  for (const c of ranked) {
    const parsed = parseMeshConfigText(c.text, { namespace: c.namespace, name: c.name, ...(c.location ? { location: c.location } : {}) });
    if (parsed.ok) {
      const object = `ConfigMap/${c.namespace}/${c.name}`;
      for (const w of parsed.warnings) issues.push({ object, kind: 'MeshConfig', reason: w.reason, ...locationFields(c.location), ...(w.level === 'info' ? { level: 'info' as const } : {}) });
      return { meshConfig: parsed.value, issues };
    }
    issues.push({ object: `ConfigMap/${c.namespace}/${c.name}`, kind: 'MeshConfig', reason: parsed.reason, ...locationFields(c.location) });
  }
  return { meshConfig: null, issues };
}

/** A snapshot's content: its collections (pods with the predicted ones), the mesh config picked, every issue. */
export type SnapshotParts = Omit<MeshSnapshot, 'source' | 'kinds' | 'meshConfig' | 'proxyCertificates'> & { readonly meshConfig: MeshConfig | null };

/** The snapshot of `parts`, with each kind's provenance: ok as of `asOf` unless the source or the content says otherwise. */
export function composeSnapshot(parts: SnapshotParts, options: ComposeOptions): MeshSnapshot {
  const { meshConfig, rootCertConfigMaps, issues, ...collections } = parts;
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
  return {
    source: options.source,
    kinds,
    ...collections,
    meshConfig: meshConfig ?? defaultMeshConfig(),
    rootCertConfigMaps,
    proxyCertificates,
    issues,
  };
}

/** Documents may be any iterable (an array, or pages of a list read one at a time): each is read once and not kept. */
export function buildSnapshot(documents: Iterable<SourceDocument>, options: BuildSnapshotOptions): MeshSnapshot {
  const acc = new SnapshotAccumulator();
  const read = {
    defaultNamespace: options.defaultNamespace ?? 'default',
    decodeCertificates: options.decodeCertificates,
    parseCache: options.parseCache,
    schemaValidation: options.schemaValidation,
    onNote: (note: CollectionIssue) => acc.add({ list: 'issues', item: note }),
  };
  for (const doc of flatten(documents)) {
    const reading = readDocument(doc, read);
    if (reading) acc.add(reading);
  }
  options.parseCache?.endBuild();
  return acc.snapshot(options);
}
