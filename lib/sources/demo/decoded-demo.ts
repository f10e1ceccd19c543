// The demo manifests decoded ahead of time (demo/manifests.decoded.json, written by `npm run build:cli`, so shipped in
// the package): decoding 1.2 MB of YAML is most of `mesh-posture report --source demo`'s time, and JSON.parse of the
// same objects is a small fraction of it. The file records a digest of the manifests it was decoded from; it is used
// only while the manifests on disk still have that digest, so an edited demo is never shadowed by a stale decoding.
// It also records whether the API server's admission checks (CRD schemas, metadata) pass every object as it is: then
// loading the demo need not run them again (as the live source does not for objects the API server admitted), which
// saves compiling the CRD validators on every `--source demo`. A demo with an object they reject (or prune) is checked
// at every load, as before.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import type { CollectionIssue } from '@/lib/snapshot/types';
import { listManifestFiles } from '../files/list-manifest-files';
import type { ManifestReading } from '../files/read-manifests';

export const DECODED_DEMO_FILE = 'manifests.decoded.json';
const FORMAT = 2;

export interface DemoReading extends Pick<ManifestReading, 'documents' | 'issues'> {
  /** Every object passes the admission checks unchanged (admittedAsIs), so loading may skip them. */
  readonly admitted?: boolean;
}

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

/** Whether the admission checks change nothing: the snapshot built with them is the one built without them. */
export function admittedAsIs(documents: readonly SourceDocument[]): boolean {
  const build = (schemaValidation: 'enforce' | 'skip') => JSON.stringify(buildSnapshot(documents, { source: 'demo', asOf: '1970-01-01T00:00:00Z', schemaValidation }));
  return build('enforce') === build('skip');
}

/** The file's text for a reading of the demo manifests. Certificates are issued at load time, never stored. */
export function encodeDecodedDemo(reading: ManifestReading, digest: string): string {
  if (reading.proxyCertificates.length > 0) throw new Error('demo manifests hold ProxyCertificates documents, which are dated at read time: not decodable ahead of time');
  const decoded: DecodedDemo = { format: FORMAT, digest, documents: reading.documents, issues: reading.issues, admitted: admittedAsIs(reading.documents) };
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
  return { documents: decoded.documents as SourceDocument[], issues: decoded.issues as CollectionIssue[], admitted: decoded.admitted === true };
}
