// Test support for the findings specs: run the whole engine on a snapshot built from test builders and keep the
// findings of the codes under test, in the shape the specs assert on.
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { aSnapshot, NOW } from '@/test/builders';
import { computePostureDetailed } from '../compute-posture';
import type { Finding } from '../model';

export type SnapshotInput = Parameters<typeof aSnapshot>[0];

/** code, severity and objects: what a spec compares as a whole. */
export interface FindingSummary {
  readonly code: string;
  readonly severity: Finding['severity'];
  readonly objects: readonly string[];
}

export function findingsOf(snapshot: MeshSnapshot, codes: readonly string[], now = NOW): Finding[] {
  return computePostureDetailed(snapshot, { now }).model.findings.filter((f) => codes.includes(f.code));
}

export function findingsFor(input: SnapshotInput, codes: readonly string[], now = NOW): Finding[] {
  return findingsOf(aSnapshot(input), codes, now);
}

export function summaries(input: SnapshotInput, codes: readonly string[], now = NOW): FindingSummary[] {
  return findingsFor(input, codes, now).map(({ code, severity, objects }) => ({ code, severity, objects }));
}
