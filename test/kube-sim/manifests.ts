// Loads a manifest folder into raw objects for the simulator, with the repository's own manifest reader (the
// same decoding the files source uses), flattening `kind: List` documents. Kinds the simulator does not serve
// are returned as skipped rather than failing the whole load.
import { readManifests } from '@/lib/sources/files/read-manifests';
import { findResourceByKind } from './resources';

export interface LoadedManifests {
  readonly objects: unknown[];
  readonly skipped: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flatten(raw: unknown, out: unknown[], depth = 0): void {
  if (isRecord(raw) && typeof raw.kind === 'string' && raw.kind.endsWith('List') && Array.isArray(raw.items) && depth < 3) {
    for (const item of raw.items) flatten(item, out, depth + 1);
  } else out.push(raw);
}

export async function loadManifestObjects(dir: string): Promise<LoadedManifests> {
  const reading = await readManifests(dir, { readAt: new Date().toISOString(), displayRoot: dir });
  const raws: unknown[] = [];
  for (const d of reading.documents) flatten(d.raw, raws);
  const objects: unknown[] = [];
  const skipped = reading.issues.map((i) => `${i.file}${i.line ? `:${i.line}` : ''}: ${i.reason}`);
  for (const raw of raws) {
    const served = isRecord(raw) && typeof raw.apiVersion === 'string' && typeof raw.kind === 'string' && findResourceByKind(raw.apiVersion, raw.kind);
    if (served) objects.push(raw);
    else if (raw !== null) skipped.push(`not served: ${isRecord(raw) ? `${String(raw.apiVersion)} ${String(raw.kind)}` : typeof raw}`);
  }
  return { objects, skipped };
}
