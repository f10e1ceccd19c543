// The files source's read of the synthetic mesh, with the API server's admission checks (CRD schemas and CEL rules,
// metadata names) and without them, so the benchmark shows what validation adds (target: <= 10 %). The mesh is written
// as users save it: `kubectl get -o json` Lists, one file per namespace, for the whole mesh; and YAML, one document per
// object, for the namespaces that hold the first `yamlPods` pods (the YAML parser reads ~1-2 MB/s, so the whole
// 20,000-pod mesh as YAML would take minutes on this figure alone; the overhead ratio is what is measured).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { readManifests } from '@/lib/sources/files/read-manifests';
import { planSyntheticMesh, syntheticMeshItems } from '@/test/synthetic/generate-mesh';

const NOW = '2026-05-01T00:00:00Z';

export interface FileSourceFigures {
  readonly form: 'json' | 'yaml';
  readonly pods: number;
  readonly objects: number;
  readonly megabytes: number;
  /** Best of the runs, read + snapshot build, in ms. */
  readonly skipMs: number;
  readonly enforceMs: number;
}

type Item = { readonly kind?: string; readonly metadata?: { readonly namespace?: string } };

async function timeRead(dir: string, mode: 'enforce' | 'skip'): Promise<number> {
  const t0 = performance.now();
  const reading = await readManifests(dir, { readAt: NOW, displayRoot: dir });
  buildSnapshot(reading.documents, { source: dir, asOf: NOW, issues: reading.issues, schemaValidation: mode });
  return performance.now() - t0;
}

async function measure(form: FileSourceFigures['form'], files: ReadonlyMap<string, readonly Item[]>, runs: number): Promise<FileSourceFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), `mesh-posture-bench-${form}-`));
  try {
    let bytes = 0;
    let objects = 0;
    let pods = 0;
    for (const [name, items] of files) {
      const text = form === 'json' ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) : items.map((i) => stringify(i)).join('---\n');
      writeFileSync(path.join(dir, `${name}.${form}`), text);
      bytes += Buffer.byteLength(text);
      objects += items.length;
      pods += items.filter((i) => i.kind === 'Pod').length;
    }
    const best = { skip: Infinity, enforce: Infinity };
    // Alternated, so neither mode gets the warmer caches; the first enforce run also compiles the validators.
    for (let i = 0; i < runs; i += 1) {
      for (const mode of ['skip', 'enforce'] as const) best[mode] = Math.min(best[mode], await timeRead(dir, mode));
    }
    return { form, pods, objects, megabytes: bytes / 1e6, skipMs: best.skip, enforceMs: best.enforce };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureFileSource(options: { readonly pods: number; readonly namespaces: number; readonly yamlPods: number; readonly runs: number }): Promise<FileSourceFigures[]> {
  const byNamespace = new Map<string, Item[]>();
  for (const item of syntheticMeshItems(planSyntheticMesh({ pods: options.pods, namespaces: options.namespaces, policiesPerNamespace: 5, seed: 1 })) as Iterable<Item>) {
    const ns = item.metadata?.namespace ?? 'cluster-scoped';
    const list = byNamespace.get(ns);
    if (list) list.push(item);
    else byNamespace.set(ns, [item]);
  }
  const yaml = new Map<string, Item[]>();
  let yamlPods = 0;
  for (const [ns, items] of byNamespace) {
    if (yamlPods >= options.yamlPods) break;
    yaml.set(ns, items);
    yamlPods += items.filter((i) => i.kind === 'Pod').length;
  }
  return [await measure('json', byNamespace, options.runs), await measure('yaml', yaml, options.runs)];
}
