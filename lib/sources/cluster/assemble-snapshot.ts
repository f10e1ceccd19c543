// The cluster's objects, as read kind by kind, into one MeshSnapshot through buildSnapshot, with each kind's
// provenance: ok with its own asOf, or forbidden/absent/error with the reason (the engine then answers unknown).
// Shared by the one-shot list (CLI) and the watch-backed feed. (No 'server-only': the CLI reaches it.)
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import type { ParseCache } from '@/lib/snapshot/parse-cache';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import type { CollectionIssue, KindProvenance, MeshSnapshot, ProxyCertificates, SnapshotKind } from '@/lib/snapshot/types';
import { decodePemCertificates } from '../proxy-certs/decode-pem';
import type { KindSpec } from './kind-table';

export type ReadStatus = 'ok' | 'forbidden' | 'absent' | 'error';

export interface KindReading {
  readonly spec: KindSpec;
  readonly status: ReadStatus;
  readonly reason?: string;
  /** Last successful sync (ms since the epoch), null if never. */
  readonly lastSyncOk: number | null;
  readonly objects: Iterable<unknown>;
}

export interface AssembleOptions {
  readonly source: string;
  readonly now: number;
  readonly proxyCertificates?: readonly ProxyCertificates[];
  readonly issues?: readonly CollectionIssue[];
  /** Parsed objects of earlier assemblies (the feed's): unchanged objects are not parsed again and keep their identity. */
  readonly parseCache?: ParseCache;
}

function* documents(readings: readonly KindReading[]): Generator<SourceDocument> {
  for (const r of readings) if (r.status === 'ok') for (const raw of r.objects) yield { raw };
}

function provenance(r: KindReading): KindProvenance {
  const reason = r.reason ?? `${r.spec.id} could not be read`;
  return { status: r.status, asOf: r.status === 'ok' && r.lastSyncOk !== null ? toRfc3339Seconds(new Date(r.lastSyncOk)) : null, reason };
}

/** Worst first: a snapshot kind fed by two resources takes the worse of their states. */
const SEVERITY: Readonly<Record<ReadStatus, number>> = { forbidden: 3, error: 2, absent: 1, ok: 0 };

export function assembleSnapshot(readings: readonly KindReading[], options: AssembleOptions): MeshSnapshot {
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
  const built = buildSnapshot(documents(readings), {
    source: options.source,
    asOf: toRfc3339Seconds(new Date(options.now)),
    decodeCertificates: decodePemCertificates,
    ...(options.proxyCertificates ? { proxyCertificates: options.proxyCertificates } : {}),
    kinds,
    issues,
    ...(options.parseCache ? { parseCache: options.parseCache } : {}),
  });
  // Each readable kind carries the instant it was last in sync, not the instant of assembly.
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
