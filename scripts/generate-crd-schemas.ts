// Regenerates lib/snapshot/validation/crd-schemas.gen.json from the CRDs in ../shared/corpus/crds (or the folder
// given as the first argument). Run: `npm run crds:generate [-- DIR]`. Update CRD_PROVENANCE when the CRDs change.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CRD_PROVENANCE, compactCrds, renderCompactCrds } from './crd-schemas/compact-crds';

export const VENDORED_CRDS = path.resolve(import.meta.dirname, '../lib/snapshot/validation/crd-schemas.gen.json');
export const DEFAULT_CRD_DIR = path.resolve(import.meta.dirname, '../../shared/corpus/crds');

export function readCrdFiles(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}

export function generateCrdSchemas(dir: string): string {
  return renderCompactCrds(compactCrds(readCrdFiles(dir), CRD_PROVENANCE));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const dir = path.resolve(process.argv[2] ?? DEFAULT_CRD_DIR);
  const text = generateCrdSchemas(dir);
  writeFileSync(VENDORED_CRDS, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), VENDORED_CRDS)} (${text.length} bytes) from ${dir}\n`);
}
