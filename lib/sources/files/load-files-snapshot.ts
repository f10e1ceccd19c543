// The manifest-files source: a file or folder of `kubectl get -o yaml|json` output (and proxy dumps) → MeshSnapshot.
import path from 'node:path';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { decodePemCertificates } from '../proxy-certs/decode-pem';
import { orphanCertificateIssues } from './orphan-certificates';
import { readManifests } from './read-manifests';

export class SourceUnreadableError extends Error {
  override readonly name = 'SourceUnreadableError';
}

export async function loadFilesSnapshot(source: string, options: { readAt: string; label?: string }): Promise<MeshSnapshot> {
  const resolved = path.resolve(source);
  let reading;
  try {
    reading = await readManifests(resolved, { readAt: options.readAt, displayRoot: process.cwd() });
  } catch (e) {
    throw new SourceUnreadableError(`cannot read ${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const snapshot = buildSnapshot(reading.documents, {
    source: options.label ?? source,
    asOf: options.readAt,
    decodeCertificates: decodePemCertificates,
    proxyCertificates: reading.proxyCertificates,
    issues: reading.issues,
  });
  const orphans = orphanCertificateIssues(snapshot);
  return orphans.length === 0 ? snapshot : { ...snapshot, issues: [...snapshot.issues, ...orphans] };
}
