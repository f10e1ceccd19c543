// The demo manifests decoded ahead of time (demo/manifests.decoded.json, written by `npm run build:cli`, so shipped in
// the package): decoding 1.2 MB of YAML is most of `mesh-posture report --source demo`'s time, and JSON.parse of the
// same objects is a small fraction of it. The file records a digest of the manifests it was decoded from; it is used
// only while the manifests on disk still have that digest, so an edited demo is never shadowed by a stale decoding.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceDocument } from '@/lib/snapshot/build-snapshot';
import type { CollectionIssue } from '@/lib/snapshot/types';
import { listManifestFiles } from '../files/list-manifest-files';
import type { ManifestReading } from '../files/read-manifests';

export const DECODED_DEMO_FILE = 'manifests.decoded.json';
const FORMAT = 1;

export type DemoReading = Pick<ManifestReading, 'documents' | 'issues'>;

interface DecodedDemo extends DemoReading {
  readonly format: typeof FORMAT;
  readonly digest: string;
}

/** sha256 over the names and contents of the manifest files under `dir`/manifests, in the order they are read. */
export async function demoManifestsDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = await listManifestFiles(path.join(dir, 'manifests'), [], (f) => path.relative(dir, f));
  for (const file of files) hash.update(`${path.relative(dir, file)}\0`).update(await readFile(file)).update('\0');
  return hash.digest('hex');
}

/** The file's text for a reading of the demo manifests. Certificates are issued at load time, never stored. */
export function encodeDecodedDemo(reading: ManifestReading, digest: string): string {
  if (reading.proxyCertificates.length > 0) throw new Error('demo manifests hold ProxyCertificates documents, which are dated at read time: not decodable ahead of time');
  const decoded: DecodedDemo = { format: FORMAT, digest, documents: reading.documents, issues: reading.issues };
  return JSON.stringify(decoded);
}

/** The decoded demo under `dir`, or null when there is none or the manifests changed since it was written. */
export async function readDecodedDemo(dir: string): Promise<DemoReading | null> {
  let decoded: Partial<DecodedDemo>;
  try {
    decoded = JSON.parse(await readFile(path.join(dir, DECODED_DEMO_FILE), 'utf8')) as Partial<DecodedDemo>;
  } catch {
    return null; // absent (a checkout before `npm run build:cli`) or unreadable: decode the YAML instead
  }
  if (decoded.format !== FORMAT || !Array.isArray(decoded.documents) || !Array.isArray(decoded.issues)) return null;
  if (decoded.digest !== (await demoManifestsDigest(dir))) return null;
  return { documents: decoded.documents as SourceDocument[], issues: decoded.issues as CollectionIssue[] };
}
