// Posture benchmark: how long computing the posture of a big mesh takes compared with merely JSON.parse-ing the
// `kubectl get -o json` dump it comes from, and how much memory the process needs. Run: `npm run bench -- --pods 50000`.
//
// The mesh is generated (test/synthetic/generate-mesh.ts), written to a temporary file piece by piece and read back
// as one string, none of it timed, so the generator's own objects never inflate the memory figures. Then, --repeat
// times: (a) JSON.parse of the text; (b) buildSnapshot + computePosture on the parsed objects. Medians are reported.
// A benchmark prints figures; it does not assert: it exits 0 unless something crashed (2 on a usage error).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import { computePosture } from '@/lib/mesh/compute-posture';
import {
  countSyntheticMesh,
  planSyntheticMesh,
  syntheticMeshItems,
  syntheticMeshJsonChunks,
  type KubeObject,
  type SyntheticMeshOptions,
} from '@/test/synthetic/generate-mesh';
import { intFlag } from './lib/bench-args';

const NOW = '2026-05-01T00:00:00Z';
const RATIO_TARGET = 1.0;
const RSS_TARGET_MIB = 1024;
const RSS_TARGET_PODS = 50_000;

const USAGE = `usage: npm run bench -- [--pods N] [--namespaces N] [--policies-per-namespace N] [--seed N] [--repeat N]
  --pods N                     Pod objects in the mesh (default 20000)
  --namespaces N               Namespace objects, istio-system included (default 1000)
  --policies-per-namespace N   PeerAuthentication/AuthorizationPolicy/RequestAuthentication/DestinationRule per namespace (default 5)
  --seed N                     generator seed (default 1)
  --repeat N                   timed runs; medians are reported (default 3)
  --paged-memory               (internal) child mode: peak RSS with the input read in pages of 500 objects
`;

interface BenchOptions extends SyntheticMeshOptions {
  readonly repeat: number;
  /** Child mode: measure memory with the input read in pages (see pagedMemoryRun). */
  readonly pagedMemory: boolean;
}

function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      pods: { type: 'string' },
      namespaces: { type: 'string' },
      'policies-per-namespace': { type: 'string' },
      seed: { type: 'string' },
      repeat: { type: 'string' },
      'paged-memory': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  return {
    pods: intFlag('pods', values.pods, 20_000, 2),
    namespaces: intFlag('namespaces', values.namespaces, 1_000, 2),
    policiesPerNamespace: intFlag('policies-per-namespace', values['policies-per-namespace'], 5, 0),
    seed: intFlag('seed', values.seed, 1, 0),
    repeat: intFlag('repeat', values.repeat, 3, 1),
    pagedMemory: values['paged-memory'] ?? false,
  };
}

const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${Math.round(bytes / MIB)} MiB`;
const ms = (n: number): string => `${n.toFixed(0)} ms`;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Writes the mesh to a temporary file in pieces and reads it back as one flat string, as the CLI reads a dump. */
function meshText(options: SyntheticMeshOptions): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-posture-bench-'));
  const file = path.join(dir, 'mesh.json');
  try {
    const fd = openSync(file, 'w');
    try {
      for (const chunk of syntheticMeshJsonChunks(planSyntheticMesh(options))) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RunResult {
  readonly parseMs: number;
  readonly snapshotMs: number;
  readonly postureMs: number;
  readonly findings: number;
  readonly issues: number;
  readonly rss: { readonly beforeParse: number; readonly afterParse: number; readonly afterSnapshot: number; readonly afterPosture: number };
}

function runOnce(text: string): RunResult {
  collectGarbage();
  const beforeParse = process.memoryUsage().rss;
  const t0 = performance.now();
  let parsed: { items?: unknown } | null = JSON.parse(text) as { items?: unknown };
  const t1 = performance.now();
  const afterParse = process.memoryUsage().rss;
  const t2 = performance.now();
  const snapshot = buildSnapshot(
    (Array.isArray(parsed.items) ? (parsed.items as unknown[]) : []).map((raw): SourceDocument => ({ raw })),
    { source: 'synthetic', asOf: NOW },
  );
  // As in the product, the raw objects are not kept past the snapshot: holding them would make every major GC of
  // the posture computation re-mark a few hundred MB it never reads.
  parsed = null;
  const t3 = performance.now();
  const afterSnapshot = process.memoryUsage().rss;
  const model = computePosture(snapshot, { now: NOW });
  const t4 = performance.now();
  const afterPosture = process.memoryUsage().rss;
  return {
    parseMs: t1 - t0,
    snapshotMs: t3 - t2,
    postureMs: t4 - t3,
    findings: model.findings.length,
    issues: snapshot.issues.length,
    rss: { beforeParse, afterParse, afterSnapshot, afterPosture },
  };
}

/** Objects per page, the page size a live reader asks the API server for (`limit=500`). */
const PAGE_SIZE = 500;

/**
 * The memory a posture of this size needs, measured the way a big cluster is read: the list arrives in pages of
 * PAGE_SIZE objects (each page's JSON text parsed, turned into snapshot data, then dropped), and the posture is
 * computed from the snapshot. Run in a child process so the whole-text runs above do not count.
 */
function pagedMemoryRun(options: BenchOptions): number {
  const plan = planSyntheticMesh(options);
  function* pages(): Generator<SourceDocument> {
    let page: KubeObject[] = [];
    function* flush(): Generator<SourceDocument> {
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: page });
      page = [];
      for (const raw of (JSON.parse(text) as { items: unknown[] }).items) yield { raw };
    }
    for (const item of syntheticMeshItems(plan)) {
      page.push(item);
      if (page.length === PAGE_SIZE) yield* flush();
    }
    if (page.length > 0) yield* flush();
  }
  const snapshot = buildSnapshot(pages(), { source: 'synthetic', asOf: NOW });
  collectGarbage();
  const model = computePosture(snapshot, { now: NOW });
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`paged-memory ${maxRss} ${model.workloads.length} ${model.findings.length} ${snapshot.issues.length}\n`);
  return 0;
}

/** Runs pagedMemoryRun in a fresh process and returns its peak RSS in bytes, or null if it failed. */
function measurePagedMemory(argv: readonly string[]): { maxRss: number; workloads: number } | null {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawnSync(process.execPath, ['--expose-gc', path.join(root, 'bin/run-ts.mjs'), path.join(root, 'scripts/bench-posture.ts'), '--paged-memory', ...argv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  const m = /^paged-memory (\d+) (\d+)/m.exec(child.stdout ?? '');
  return m ? { maxRss: Number(m[1]), workloads: Number(m[2]) } : null;
}

function main(argv: readonly string[]): number {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (e) {
    process.stderr.write(`bench-posture: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.pagedMemory) return pagedMemoryRun(options);
  const counts = countSyntheticMesh(planSyntheticMesh(options));
  const byKind = counts.policiesByKind;
  const dp = counts.namespacesByDataplane;
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out(`mesh: ${counts.pods} pods (${counts.workloads} workloads), ${counts.namespaces} namespaces (sidecar ${dp['sidecar']}, ambient ${dp['ambient']}, none ${dp['none']}, + istio-system), ` +
    `${counts.services} services, ${counts.serviceAccounts} service accounts`);
  out(`policies: ${counts.policies} (PeerAuthentication ${byKind['PeerAuthentication']}, AuthorizationPolicy ${byKind['AuthorizationPolicy']}, ` +
    `RequestAuthentication ${byKind['RequestAuthentication']}, DestinationRule ${byKind['DestinationRule']}); seed ${options.seed}, ${options.repeat} run(s), node ${process.version}`);

  const g0 = performance.now();
  const text = meshText(options);
  out(`JSON text: ${(text.length / 1e6).toFixed(1)} MB (generated and read back in ${((performance.now() - g0) / 1000).toFixed(1)} s, not timed)`);

  const runs: RunResult[] = [];
  for (let i = 0; i < options.repeat; i++) {
    const r = runOnce(text);
    runs.push(r);
    out(`run ${i + 1}: parse ${ms(r.parseMs)}, compute ${ms(r.snapshotMs + r.postureMs)} (buildSnapshot ${ms(r.snapshotMs)} + computePosture ${ms(r.postureMs)}), ` +
      `findings ${r.findings}, issues ${r.issues}; rss ${mib(r.rss.beforeParse)} → parse ${mib(r.rss.afterParse)} → snapshot ${mib(r.rss.afterSnapshot)} → posture ${mib(r.rss.afterPosture)}`);
  }
  const parseMs = median(runs.map((r) => r.parseMs));
  const snapshotMs = median(runs.map((r) => r.snapshotMs));
  const postureMs = median(runs.map((r) => r.postureMs));
  const computeMs = median(runs.map((r) => r.snapshotMs + r.postureMs));
  const ratio = computeMs / parseMs;
  const sampledPeak = Math.max(...runs.flatMap((r) => Object.values(r.rss)));
  const maxRss = process.resourceUsage().maxRSS * 1024; // KiB → bytes
  const last = runs[runs.length - 1];

  out('');
  out(`parse   (median of ${runs.length}): ${ms(parseMs)}`);
  out(`compute (median of ${runs.length}): ${ms(computeMs)}  (buildSnapshot ${ms(snapshotMs)} + computePosture ${ms(postureMs)}, medians)`);
  out(`ratio compute/parse: ${ratio.toFixed(2)}`);
  out(`findings: ${last?.findings ?? 0}; collection issues: ${last?.issues ?? 0}`);
  out(`rss: peak sampled ${mib(sampledPeak)}; process maxRSS ${mib(maxRss)} (${Math.round(maxRss / 1024)} KiB; includes reading the ${(text.length / 1e6).toFixed(0)} MB text)`);
  const paged = measurePagedMemory(argv);
  out(
    paged
      ? `rss computing the posture with the input read in pages of ${PAGE_SIZE} objects (as the API server lists them): peak ${mib(paged.maxRss)} (fresh process, ${paged.workloads} workloads)`
      : 'rss with paged input: the measuring child process failed',
  );
  const ratioVerdict = ratio <= RATIO_TARGET ? 'PASS' : 'FAIL';
  const rssVerdict =
    options.pods < RSS_TARGET_PODS ? 'n/a at this size' : paged === null ? 'unknown' : `${paged.maxRss <= RSS_TARGET_MIB * MIB ? 'PASS' : 'FAIL'} (${mib(paged.maxRss)} with paged input)`;
  out(`target: ratio <= ${RATIO_TARGET.toFixed(1)} -> ${ratioVerdict} (${ratio.toFixed(2)}); rss <= ${RSS_TARGET_MIB} MiB at ${RSS_TARGET_PODS} pods -> ${rssVerdict}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
