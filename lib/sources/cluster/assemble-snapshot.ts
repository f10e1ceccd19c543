// The cluster's objects, as read kind by kind, into one MeshSnapshot through buildSnapshot, with each kind's
// provenance: ok with its own asOf, or forbidden/absent/error with the reason (the engine then answers unknown).
// Shared by the one-shot list (CLI) and the watch-backed feed. (No 'server-only': the CLI reaches it.)
import { buildSnapshot, type BuildSnapshotOptions, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import type { CertificateDetails, CollectionIssue, KindProvenance, MeshSnapshot, ProxyCertificates, SnapshotKind } from '@/lib/snapshot/types';
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
}

/**
 * Every namespace holds the same istio-ca-root-cert PEM, and the feed rebuilds on every change: decode each distinct
 * PEM once (bounded, oldest dropped first).
 */
const decoded = new Map<string, CertificateDetails[]>();
const DECODED_MAX = 64;
function decodeOnce(pem: string): CertificateDetails[] {
  const hit = decoded.get(pem);
  if (hit) return hit;
  const value = decodePemCertificates(pem); // throws for bad PEM: not cached, reported by buildSnapshot each time
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value as string);
  decoded.set(pem, value);
  return value;
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

/** Builds the snapshot from the readable kinds' objects; `base` carries provenance, certificates and issues. */
export type SnapshotBuilder = (readings: readonly KindReading[], base: BuildSnapshotOptions) => MeshSnapshot;

/** The whole snapshot in one buildSnapshot pass (the one-shot list, and any build without a cache). */
export const buildAll: SnapshotBuilder = (readings, base) => buildSnapshot(documents(readings), base);

export function assembleSnapshot(readings: readonly KindReading[], options: AssembleOptions, build: SnapshotBuilder = buildAll): MeshSnapshot {
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
  const built = build(readings, {
    source: options.source,
    asOf: toRfc3339Seconds(new Date(options.now)),
    decodeCertificates: decodeOnce,
    ...(options.proxyCertificates ? { proxyCertificates: options.proxyCertificates } : {}),
    kinds,
    issues,
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
