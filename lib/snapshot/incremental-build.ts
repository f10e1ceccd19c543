// buildSnapshot for sources that change a few objects at a time (a cluster's watched kinds), at a cost that follows
// what changed, not the size of the mesh. Each source is a Map of raw objects by key (as an informer cache holds
// them) plus the keys changed since the last build. The result equals buildSnapshot over the same objects in the
// same order (each source's Map in insertion order, then its unnamed objects; sources in the order given), and an
// object not changed keeps its parsed identity; a list no change touched is the same array as in the last snapshot.
//
// How: every object is read once (read-document.ts) and kept by key with what it adds; per source and per list the
// items are kept in order, and a change patches them in place (an object written keeps its position, a new key is
// last, as in a Map). Duplicates (two objects with the same kind, namespace and name) are counted as objects come and
// go; while there are none, every object is kept and the lists are the concatenation of the sources'. When there
// are, the build walks every kept reading in order (nothing parsed again), exactly as buildSnapshot does.
//
// Contract: sources are identified by position (a different number of sources starts over); `changed` names every
// key set or deleted in `objects` since the last build ('all' when the Map was replaced, or to be safe). Pure.
import { composeSnapshot, pickMeshConfig, SnapshotAccumulator, type ComposeOptions, type PickedMeshConfig } from './build-snapshot';
import type { CollectionKey } from './kind-routes';
import type { WorkloadTemplate } from './parse/workload-template';
import { versionKey } from './parse-cache';
import { PredictedPods } from './predicted-pods';
import { COLLECTION_KEYS, flatten, isRecord, keptReading, readDocument, type Collections, type DocumentReading, type ListKey, type MeshConfigCandidate, type ReadOptions } from './read-document';
import type { CertificateDetails, CollectionIssue, MeshSnapshot, Pod, RootCertConfigMap } from './types';

/**
 * How a key changed since the last build. 'updated': written in place (a Map keeps a written key where it was), or
 * added, or deleted. 'moved': deleted since the last build, and perhaps added again (a Map puts it last then).
 */
export type KeyChange = 'updated' | 'moved';

/**
 * The keys changed since the last build, in the order of their last change (new keys in the order the Map has
 * them). A Set says 'updated' for each: enough unless a key was deleted and added again between two builds.
 */
export type ChangedKeys = 'all' | ReadonlySet<string> | ReadonlyMap<string, KeyChange>;

export interface KeyedSource {
  readonly objects: ReadonlyMap<string, unknown>;
  /** Objects that have no key (no name), after the keyed ones; a different array is read again in whole. */
  readonly unnamed?: readonly unknown[];
  readonly changed: ChangedKeys;
}

export interface IncrementalBuildOptions {
  /** Namespace for namespaced objects that name none. */
  readonly defaultNamespace?: string;
  /** Decodes PEM certificates (istio-ca-root-cert); equal PEMs are decoded once. */
  readonly decodeCertificates?: (pem: string) => CertificateDetails[];
  /** Whether objects are checked as the API server admits them (ReadOptions.schemaValidation; default 'enforce'). */
  readonly schemaValidation?: 'enforce' | 'skip';
}

export type BuildOptions = ComposeOptions & { readonly issues?: readonly CollectionIssue[] };

export interface IncrementalBuild {
  build(sources: readonly KeyedSource[], options: BuildOptions): MeshSnapshot;
}

const LIST_KEYS: readonly ListKey[] = [...COLLECTION_KEYS, 'issues', 'meshConfigs', 'rootCertConfigMaps'];
/** Past this many changed keys in one source, its lists are rebuilt by one walk rather than patched key by key. */
const PATCH_LIMIT = 32;
/** Decoded PEMs kept (roots repeat in every namespace; rotated ones are few). */
const PEM_MEMO_LIMIT = 256;
const NONE: readonly unknown[] = [];

interface Entry {
  readonly raw: unknown;
  readonly version: string | null;
  readonly readings: readonly DocumentReading[];
}

type Lists = Record<ListKey, readonly unknown[]>;

/** The lists with their item types (kept as unknown[] by the code that only moves items around). */
type TypedLists = { readonly [K in CollectionKey]: readonly Collections[K][number][] } & {
  readonly issues: readonly CollectionIssue[];
  readonly meshConfigs: readonly MeshConfigCandidate[];
  readonly rootCertConfigMaps: readonly RootCertConfigMap[];
};

const emptyLists = (): Lists => Object.fromEntries(LIST_KEYS.map((l) => [l, NONE])) as Lists;

/** One source's keyed objects (or its unnamed ones): the entries in the source's order and, per list, their items. */
class Part {
  entries = new Map<string, Entry>();
  readonly segments: Lists = emptyLists();
  unnamed: readonly unknown[] | null = null;
  /** Segments copied during this build: mutable until the build ends (published arrays are never written). */
  private readonly owned = new Set<ListKey>();

  writable(list: ListKey): unknown[] {
    if (!this.owned.has(list)) {
      this.segments[list] = this.segments[list].slice();
      this.owned.add(list);
    }
    return this.segments[list] as unknown[];
  }

  endBuild(): void {
    this.owned.clear();
  }
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameShape(a: readonly DocumentReading[], b: readonly DocumentReading[]): boolean {
  return a.length === b.length && a.every((r, i) => r.list === b[i]!.list);
}

function* changesOf(changed: ReadonlySet<string> | ReadonlyMap<string, KeyChange>): Generator<[string, KeyChange]> {
  if (changed instanceof Map) yield* changed as ReadonlyMap<string, KeyChange>;
  else for (const key of changed as ReadonlySet<string>) yield [key, 'updated'];
}

export function createIncrementalBuild(options: IncrementalBuildOptions = {}): IncrementalBuild {
  const decode = options.decodeCertificates;
  const pems = new Map<string, CertificateDetails[]>();
  const read: ReadOptions = {
    defaultNamespace: options.defaultNamespace ?? 'default',
    schemaValidation: options.schemaValidation,
    decodeCertificates: decode
      ? (pem) => {
          let certs = pems.get(pem);
          if (!certs) {
            if (pems.size >= PEM_MEMO_LIMIT) pems.clear();
            pems.set(pem, (certs = decode(pem))); // a PEM that does not decode throws every time: nothing kept
          }
          return certs;
        }
      : undefined,
  };

  let parts: Part[] = [];
  /** How many objects claim each duplicate-detection key, and how many keys more than one does. */
  const claims = new Map<string, number>();
  let duplicated = 0;
  let predictions = new PredictedPods();
  /** Per list: every source's items, concatenated. */
  let finals = emptyLists();
  const dirty = new Set<ListKey>();
  let walked = false;
  let picked: { readonly candidates: readonly unknown[]; readonly result: PickedMeshConfig } | null = null;
  let podsFrom: { readonly real: readonly unknown[]; readonly predicted: readonly Pod[]; readonly pods: readonly Pod[] } | null = null;

  function claim(key: string, delta: 1 | -1): void {
    const before = claims.get(key) ?? 0;
    const after = before + delta;
    if (after === 0) claims.delete(key);
    else claims.set(key, after);
    if (before < 2 && after >= 2) duplicated++;
    else if (before >= 2 && after < 2) duplicated--;
  }

  /** Counts an entry in (1) or out (-1): its duplicate-detection keys, its pods and templates. */
  function account(entry: Entry, delta: 1 | -1): void {
    for (const r of entry.readings) {
      if (r.list === 'issues' || r.list === 'meshConfigs' || r.list === 'rootCertConfigMaps') continue;
      claim(r.seenKey, delta);
      if (r.list === 'pods') {
        if (delta > 0) predictions.addPod(r.item as Pod);
        else predictions.removePod(r.item as Pod);
      } else if (r.list === 'workloadTemplates') {
        predictions.templateChanged(r.item as WorkloadTemplate);
      }
    }
  }

  /** The entry for `raw`: the previous one when it is the same object or the same version of it, else read anew. */
  function entryOf(raw: unknown, previous: Entry | undefined): Entry {
    if (previous && previous.raw === raw) return previous;
    const version = isRecord(raw) ? versionKey(raw) : null;
    if (previous && version !== null && previous.version === version) return { raw, version, readings: previous.readings };
    const readings: DocumentReading[] = [];
    for (const doc of flatten([{ raw }])) {
      const reading = readDocument(doc, read);
      if (reading) readings.push(keptReading(reading));
    }
    return { raw, version, readings };
  }

  /** Rebuilds the part's segments of `lists` from its entries; a segment with the same items stays the same array. */
  function walkSegments(part: Part, lists: ReadonlySet<ListKey>): void {
    const fresh = new Map<ListKey, unknown[]>([...lists].map((l) => [l, []]));
    for (const entry of part.entries.values()) for (const r of entry.readings) fresh.get(r.list)?.push(r.item);
    for (const [list, items] of fresh) {
      if (sameItems(part.segments[list], items)) continue;
      part.segments[list] = items;
      dirty.add(list);
    }
  }

  /** The part now holds `objects`, in their order: entries kept where the object (or its version) is unchanged. */
  function replaceAll(part: Part, objects: ReadonlyMap<string, unknown>): void {
    const previous = part.entries;
    const entries = new Map<string, Entry>();
    for (const [key, raw] of objects) {
      const before = previous.get(key);
      const entry = entryOf(raw, before);
      entries.set(key, entry);
      if (before?.readings === entry.readings) continue;
      if (before) account(before, -1);
      account(entry, 1);
    }
    for (const [key, before] of previous) if (!entries.has(key)) account(before, -1);
    part.entries = entries;
    walkSegments(part, new Set(LIST_KEYS));
  }

  function applyChanges(part: Part, objects: ReadonlyMap<string, unknown>, changed: ReadonlySet<string> | ReadonlyMap<string, KeyChange>): void {
    const ops: { readonly before?: Entry; readonly after?: Entry; readonly last: boolean }[] = [];
    for (const [key, change] of changesOf(changed)) {
      const before = part.entries.get(key);
      if (!objects.has(key)) {
        if (before) {
          part.entries.delete(key);
          ops.push({ before, last: false });
        }
        continue;
      }
      const after = entryOf(objects.get(key), before);
      if (before && change === 'moved') {
        part.entries.delete(key);
        part.entries.set(key, after);
        ops.push({ before, after, last: true });
      } else if (before) {
        if (after === before) continue;
        part.entries.set(key, after);
        if (after.readings !== before.readings) ops.push({ before, after, last: false });
      } else {
        part.entries.set(key, after);
        ops.push({ after, last: true });
      }
    }
    for (const op of ops) {
      if (op.before) account(op.before, -1);
      if (op.after) account(op.after, 1);
    }
    const rewalk = new Set<ListKey>();
    const remove = (r: DocumentReading) => {
      if (rewalk.has(r.list)) return;
      const segment = part.writable(r.list);
      const at = segment.indexOf(r.item);
      if (at < 0) rewalk.add(r.list); // not where it should be: rebuild that list from the entries
      else segment.splice(at, 1);
    };
    const append = (r: DocumentReading) => {
      if (!rewalk.has(r.list)) part.writable(r.list).push(r.item);
    };
    for (const op of ops) {
      const touched = [...(op.before?.readings ?? []), ...(op.after?.readings ?? [])];
      for (const r of touched) dirty.add(r.list);
      if (ops.length > PATCH_LIMIT) {
        for (const r of touched) rewalk.add(r.list);
      } else if (op.last || !op.after) {
        op.before?.readings.forEach(remove);
        op.after?.readings.forEach(append);
      } else if (op.before && sameShape(op.before.readings, op.after.readings)) {
        // Written in place, adding to the same lists: each item takes its predecessor's position.
        op.after.readings.forEach((r, i) => {
          if (rewalk.has(r.list)) return;
          const segment = part.writable(r.list);
          const at = segment.indexOf(op.before!.readings[i]!.item);
          if (at < 0) rewalk.add(r.list);
          else segment[at] = r.item;
        });
      } else {
        // Its contribution moved between lists (e.g. an object that no longer parses): find its place by a walk.
        for (const r of touched) rewalk.add(r.list);
      }
    }
    if (rewalk.size > 0) walkSegments(part, rewalk);
  }

  function concat(list: ListKey): readonly unknown[] {
    const segments = parts.map((p) => p.segments[list]).filter((s) => s.length > 0);
    if (segments.length === 0) return NONE;
    if (segments.length === 1) return segments[0]!;
    return ([] as unknown[]).concat(...segments);
  }

  /** No duplicates: every object is kept, the lists are the sources' concatenated, predictions kept per namespace. */
  function compose(options: BuildOptions): MeshSnapshot {
    if (walked) predictions.invalidate();
    walked = false;
    const real = finals.pods;
    const predicted = predictions.of(finals.workloadTemplates as readonly WorkloadTemplate[]);
    if (!podsFrom || podsFrom.real !== real || podsFrom.predicted !== predicted) {
      podsFrom = { real, predicted, pods: (predicted.length === 0 ? real : real.concat(predicted)) as readonly Pod[] };
    }
    if (!picked || picked.candidates !== finals.meshConfigs) {
      picked = { candidates: finals.meshConfigs, result: pickMeshConfig(finals.meshConfigs as readonly MeshConfigCandidate[]) };
    }
    const { workloadTemplates: _templates, issues, meshConfigs: _candidates, ...lists } = finals as unknown as TypedLists;
    void _templates;
    void _candidates;
    return composeSnapshot(
      {
        ...lists,
        pods: podsFrom.pods,
        meshConfig: picked.result.meshConfig,
        issues: [...(options.issues ?? []), ...issues, ...picked.result.issues],
      },
      options,
    );
  }

  /** Duplicates: every kept reading in document order, through the accumulator buildSnapshot uses. */
  function walk(options: BuildOptions): MeshSnapshot {
    walked = true;
    const acc = new SnapshotAccumulator();
    for (const part of parts) for (const entry of part.entries.values()) for (const r of entry.readings) acc.add(r);
    return acc.snapshot(options);
  }

  return {
    build(sources, buildOptions) {
      const restart = parts.length !== 2 * sources.length;
      if (restart) {
        parts = sources.flatMap(() => [new Part(), new Part()]);
        claims.clear();
        duplicated = 0;
        predictions = new PredictedPods();
        finals = emptyLists();
        picked = null;
        podsFrom = null;
      }
      sources.forEach((source, i) => {
        const keyed = parts[2 * i]!;
        const changed = restart ? 'all' : source.changed;
        if (changed === 'all') replaceAll(keyed, source.objects);
        else applyChanges(keyed, source.objects, changed);
        const unnamed = parts[2 * i + 1]!;
        const objects = source.unnamed ?? NONE;
        if (objects !== unnamed.unnamed) {
          replaceAll(unnamed, new Map(objects.map((o, n) => [String(n), o])));
          unnamed.unnamed = objects;
        }
      });
      for (const list of dirty) finals[list] = concat(list);
      dirty.clear();
      for (const part of parts) part.endBuild();
      return duplicated > 0 ? walk(buildOptions) : compose(buildOptions);
    },
  };
}
