// YAML against JSON on the files source (issue #14: a 20,000-pod YAML dump within 3x the JSON time and 1.5x its
// memory). The synthetic mesh is written as users save it, `kubectl get -o yaml|json` of everything: one List file per
// form. Each form is read in a child process of its own (so that peak RSS is that form's alone) through what a report
// does: read the files, build the snapshot (with the API server's schema checks), compute the posture, write JSON.
// Run: `npm run bench:yaml [-- --pods N --namespaces N]`. A benchmark prints figures; it does not assert.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dump } from 'js-yaml';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { readManifests } from '@/lib/sources/files/read-manifests';
import { planSyntheticMesh, syntheticMeshItems } from '@/test/synthetic/generate-mesh';

const NOW = '2026-05-01T00:00:00Z';
// This script's folder (run-bundled.mjs runs a bundle elsewhere, and sets argv[1] to the script).
const scripts = path.dirname(process.argv[1]!);
const { values } = parseArgs({ args: process.argv.slice(2), options: { pods: { type: 'string' }, namespaces: { type: 'string' }, child: { type: 'string' } }, strict: true });

if (values.child) {
  // Child: one form, end to end; prints one JSON line.
  const started = performance.now();
  const reading = await readManifests(values.child, { readAt: NOW, displayRoot: values.child });
  const read = performance.now();
  const snapshot = buildSnapshot(reading.documents, { source: values.child, asOf: NOW, issues: reading.issues });
  const computation = computePostureDetailed(snapshot, { now: NOW });
  const json = JSON.stringify(computation.model);
  const done = performance.now();
  process.stdout.write(`${JSON.stringify({ readMs: read - started, totalMs: done - started, maxRssMiB: process.resourceUsage().maxRSS / 1024, pods: snapshot.pods.length, issues: reading.issues.length, bytes: json.length })}\n`);
} else {
  const pods = Number(values.pods ?? 20_000);
  const namespaces = Number(values.namespaces ?? 1000);
  const items = [...syntheticMeshItems(planSyntheticMesh({ pods, namespaces, policiesPerNamespace: 5, seed: 1 }))];
  const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
  const dirs: Record<'json' | 'yaml', string> = { json: mkdtempSync(path.join(os.tmpdir(), 'mp-bench-json-')), yaml: mkdtempSync(path.join(os.tmpdir(), 'mp-bench-yaml-')) };
  try {
    // kubectl's layout: block style, List items as `- ` at column 0, no anchors, long strings on one line.
    const texts = { json: JSON.stringify(list, null, 4), yaml: dump(list, { noArrayIndent: true, lineWidth: -1, noRefs: true }) };
    const rows: string[] = [];
    const figures: Record<string, { totalMs: number; maxRssMiB: number }> = {};
    for (const form of ['json', 'yaml'] as const) {
      writeFileSync(path.join(dirs[form], `mesh.${form}`), texts[form]);
      const out = execFileSync(process.execPath, ['--expose-gc', path.join(scripts, '../bin/run-bundled.mjs'), path.join(scripts, 'bench-yaml.ts'), '--child', dirs[form]], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const f = JSON.parse(out.trim().split('\n').pop()!) as { readMs: number; totalMs: number; maxRssMiB: number; pods: number; issues: number };
      figures[form] = f;
      rows.push(`${form.padEnd(5)} ${(texts[form].length / 1e6).toFixed(0).padStart(5)} MB  read ${f.readMs.toFixed(0).padStart(6)} ms  total ${f.totalMs.toFixed(0).padStart(6)} ms  peak RSS ${f.maxRssMiB.toFixed(0).padStart(5)} MiB  (${f.pods} pods, ${f.issues} issues)`);
    }
    console.log(`mesh: ${pods} pods, ${namespaces} namespaces, ${items.length} objects, one List file per form`);
    for (const r of rows) console.log(r);
    const t = figures['yaml']!.totalMs / figures['json']!.totalMs;
    const m = figures['yaml']!.maxRssMiB / figures['json']!.maxRssMiB;
    console.log(`YAML / JSON: time ${t.toFixed(2)}x (target <= 3x), peak RSS ${m.toFixed(2)}x (target <= 1.5x); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
}
