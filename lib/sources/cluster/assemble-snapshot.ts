// The cluster's objects, as read kind by kind, into one MeshSnapshot, with each kind's provenance: ok with its own
// asOf, or forbidden/absent/error with the reason (the engine then answers unknown). Two ways, one result:
// assembleSnapshot reads every object (the one-shot list of the CLI); createSnapshotAssembler keeps what it read and,
// given the keys changed since its last assembly, reads only those (the watch-backed feed, rebuilding on events).
// (No 'server-only': the CLI reaches it.)
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import { createIncrementalBuild, type ChangedKeys, type KeyedSource } from '@/lib/snapshot/incremental-build';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import type { CollectionIssue, KindProvenance, MeshSnapshot, ProxyCertificates, SnapshotKind } from '@/lib/snapshot/types';
import { decodePemCertificates } from '../proxy-certs/decode-pem';
import type { KindSpec } from './kind-table';

export type { ChangedKeys, KeyChange } from '@/lib/snapshot/incremental-build';

export type ReadStatus = 'ok' | 'forbidden' | 'absent' | 'error';

export interface KindReading {
  readonly spec: KindSpec;
  readonly status: ReadStatus;
  readonly reason?: string;
  /** Last successful sync (ms since the epoch), null if never. */
  readonly lastSyncOk: number | null;
  readonly objects: Iterable<unknown>;
}

/**
 * A kind as a watch keeps it, for createSnapshotAssembler: its objects by key (namespace/name) in the order a Map
 * keeps them, the unnamed ones (read after them), and the keys changed since the previous assembly ('all' after a
 * relist or a reset). The objects of a kind whose status is not ok are not read, as in assembleSnapshot.
 */
export interface KindDelta extends Omit<KindReading, 'objects'> {
  readonly objects: ReadonlyMap<string, unknown>;
  readonly unnamed?: readonly unknown[];
  readonly changed: ChangedKeys;
}

export interface AssembleOptions {
  readonly source: string;
  readonly now: number;
  readonly proxyCertificates?: readonly ProxyCertificates[];
  readonly issues?: readonly CollectionIssue[];
}

export interface SnapshotAssembler {
  /**
   * The snapshot assembleSnapshot gives for the same kinds (each kind's objects in Map order, then its unnamed ones),
   * at a cost that follows the changes: an unchanged object keeps its parsed identity, an untouched list stays the
   * same array. Kinds are told apart by position: pass them in the same order every time.
   */
  assemble(kinds: readonly KindDelta[], options: AssembleOptions): MeshSnapshot;
}

function* documents(readings: readonly KindReading[]): Generator<SourceDocument> {
  for (const r of readings) if (r.status === 'ok') for (const raw of r.objects) yield { raw };
}

function provenance(r: Omit<KindReading, 'objects'>): KindProvenance {
  const reason = r.reason ?? `${r.spec.id} could not be read`;
  return { status: r.status, asOf: r.status === 'ok' && r.lastSyncOk !== null ? toRfc3339Seconds(new Date(r.lastSyncOk)) : null, reason };
}

/** Worst first: a snapshot kind fed by two resources takes the worse of their states. */
const SEVERITY: Readonly<Record<ReadStatus, number>> = { forbidden: 3, error: 2, absent: 1, ok: 0 };

/** What the kinds that could not be read make of the snapshot's provenance and issues. */
function unreadKinds(readings: readonly Omit<KindReading, 'objects'>[], options: Pick<AssembleOptions, 'issues'>) {
  const kinds: Partial<Record<SnapshotKind, KindProvenance>> = {};
  const issues: CollectionIssue[] = [...(options.issues ?? [])];
  for (const r of readings) {
    if (r.status === 'ok') continue;
    const p = provenance(r);
    issues.push({ kind: r.spec.kind, object: r.spec.id, reason: r.spec.without ? `${p.reason}; without it ${r.spec.without}` : (p.reason ?? '') });
    for (const k of r.spec.provenance) {
      const previous = kinds[k];
      if (!previous || SEVERITY[r.status] > SEVERITY[previous.status as ReadStatus]) kinds[k] = p;
    }
  }
  return { kinds, issues };
}

function buildOptions(readings: readonly Omit<KindReading, 'objects'>[], options: AssembleOptions) {
  return {
    source: options.source,
    asOf: toRfc3339Seconds(new Date(options.now)),
    ...(options.proxyCertificates ? { proxyCertificates: options.proxyCertificates } : {}),
    ...unreadKinds(readings, options),
  };
}

/** Each readable kind carries the instant it was last in sync, not the instant of assembly. */
function withSyncTimes(built: MeshSnapshot, readings: readonly Omit<KindReading, 'objects'>[]): MeshSnapshot {
  const asOfs: Partial<Record<SnapshotKind, KindProvenance>> = {};
  for (const r of readings) {
    if (r.status !== 'ok' || r.lastSyncOk === null) continue;
    for (const k of r.spec.provenance) {
      const current = built.kinds[k];
      if (current.status === 'ok') asOfs[k] = { ...current, asOf: toRfc3339Seconds(new Date(r.lastSyncOk)) };
    }
  }
  return Object.freeze({ ...built, kinds: Object.freeze({ ...built.kinds, ...asOfs }) });
}

export function assembleSnapshot(readings: readonly KindReading[], options: AssembleOptions): MeshSnapshot {
  const built = buildSnapshot(documents(readings), {
    ...buildOptions(readings, options),
    decodeCertificates: decodePemCertificates,
    schemaValidation: LIVE_OBJECTS_ADMITTED,
  });
  return withSyncTimes(built, readings);
}

/**
 * Objects read live came through the API server, which validated them against the CRD versions the cluster serves
 * (maybe older or newer than the vendored ones, and ratcheting lets an object admitted under an older schema stay):
 * checking them again could only drop objects that are in force. So the live source does not validate.
 */
const LIVE_OBJECTS_ADMITTED = 'skip';

const NO_OBJECTS: ReadonlyMap<string, unknown> = new Map();
const NO_CHANGE: ReadonlySet<string> = new Set();

export function createSnapshotAssembler(): SnapshotAssembler {
  const build = createIncrementalBuild({ decodeCertificates: decodePemCertificates, schemaValidation: LIVE_OBJECTS_ADMITTED });
  /** Whether each kind's objects were read last time: a kind that becomes readable or unreadable is read in whole. */
  let read: readonly boolean[] = [];
  return {
    assemble(kinds, options) {
      const sources = kinds.map((k, i): KeyedSource => {
        const changed = read[i] === (k.status === 'ok') ? k.changed : 'all';
        return k.status === 'ok' ? { objects: k.objects, ...(k.unnamed ? { unnamed: k.unnamed } : {}), changed } : { objects: NO_OBJECTS, changed: changed === 'all' ? 'all' : NO_CHANGE };
      });
      read = kinds.map((k) => k.status === 'ok');
      return withSyncTimes(build.build(sources, buildOptions(kinds, options)), kinds);
    },
  };
}
