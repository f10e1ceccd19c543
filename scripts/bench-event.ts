// Event benchmark: the time from a watch event to an updated posture on a big mesh (issue 3 target: p99 ≤ 50 ms on
// 20,000 pods in 1,000 namespaces). The mesh is generated (test/synthetic), held as an informer cache holds it
// (test/incremental/mesh-events.ts), and each event is one object written, added or deleted; what is timed is the
// live path after the event: assembleSnapshot with a parse cache, then computePostureIncremental from the previous
// computation. Compared with one full recompute (assembly without cache + computePostureDetailed).
// A benchmark prints figures; it does not assert. Run: `npm run bench:event -- --events 1000`.
import { parseArgs } from 'node:util';
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import { computePostureIncremental } from '@/lib/mesh/compute-posture-incremental';
import { assembleSnapshot, type KindReading } from '@/lib/sources/cluster/assemble-snapshot';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { createParseCache, type ParseCache } from '@/lib/snapshot/parse-cache';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { createPrng, MeshUnderEvents, type MeshEvent } from '@/test/incremental/mesh-events';

const EPOCH = Date.parse('2026-05-01T00:00:00Z');

/** The mix of the timed events: pods mostly, some namespace policies and Services (all namespace-local). */
const LOCAL_MIX: readonly MeshEvent[] = [
  ...Array<MeshEvent>(8).fill('pod-labels'),
  ...Array<MeshEvent>(3).fill('pod-add'),
  ...Array<MeshEvent>(3).fill('pod-delete'),
  'pod-loses-sidecar',
  'peer-authentication-mode',
  'authorization-policy-add',
  'authorization-policy-delete',
  'request-authentication-add',
  'service-selector',
  'namespace-labels',
];

/** Events that are global by nature (every namespace depends on them): measured apart, fewer of them. */
const GLOBAL_CLASSES: readonly MeshEvent[] = ['root-peer-authentication-mode', 'root-authorization-policy-add', 'destination-rule-tls', 'mesh-config'];

function readings(mesh: MeshUnderEvents, now: number): KindReading[] {
  const byKind = new Map<string, unknown[]>();
  for (const o of mesh.items) {
    const list = byKind.get(String(o['kind']));
    if (list) list.push(o);
    else byKind.set(String(o['kind']), [o]);
  }
  return KIND_TABLE.map((spec) => ({ spec, status: 'ok' as const, lastSyncOk: now, objects: byKind.get(spec.kind) ?? [] }));
}

function assemble(mesh: MeshUnderEvents, now: number, parseCache?: ParseCache): MeshSnapshot {
  return assembleSnapshot(readings(mesh, now), { source: 'cluster bench', now, ...(parseCache ? { parseCache } : {}) });
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(label: string, times: readonly number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(8);
  return `${label.padEnd(34)} n=${String(sorted.length).padStart(5)}  median ${f(percentile(sorted, 50))} ms  p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1) ?? Number.NaN)} ms`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      pods: { type: 'string', default: '20000' },
      namespaces: { type: 'string', default: '1000' },
      events: { type: 'string', default: '1000' },
      'global-events': { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
    },
  });
  const options = { pods: Number(values.pods), namespaces: Number(values.namespaces), policiesPerNamespace: 5, seed: Number(values.seed) };
  const events = Number(values.events);
  const globalEvents = Number(values['global-events']);
  console.log(`mesh: ${options.pods} pods, ${options.namespaces} namespaces; ${events} namespace-local events, ${globalEvents} of each global class`);

  const mesh = new MeshUnderEvents(options);
  let clock = EPOCH;
  let t = performance.now();
  const first = assemble(mesh, clock);
  const assembleFull = performance.now() - t;
  t = performance.now();
  computePostureDetailed(first, { now: rfc3339(clock) });
  const computeFull = performance.now() - t;
  console.log(`full recompute: assembly (no cache) ${assembleFull.toFixed(0)} ms + posture ${computeFull.toFixed(0)} ms = ${(assembleFull + computeFull).toFixed(0)} ms`);

  const cache = createParseCache();
  let previous: PostureComputation = computePostureDetailed(assemble(mesh, clock, cache), { now: rfc3339(clock) });
  const prng = createPrng(options.seed, 777);
  const times = new Map<string, number[]>();
  const assembly: number[] = [];
  const posture: number[] = [];
  const record = (label: string, ms: number) => (times.get(label) ?? times.set(label, []).get(label)!).push(ms);
  let fallbacks = 0;

  const step = (pool: readonly MeshEvent[], label?: string) => {
    const event = mesh.apply(prng, pool);
    clock += 250; // the live posture judges at the wall clock: `now` moves on every few events
    const readingsNow = readings(mesh, clock);
    const start = performance.now();
    const snapshot = assembleSnapshot(readingsNow, { source: 'cluster bench', now: clock, parseCache: cache });
    const assembled = performance.now();
    let full: string | null = null;
    previous = computePostureIncremental(previous, snapshot, { now: rfc3339(clock), onStrategy: (r) => (full = r) });
    const end = performance.now();
    if (full !== null) fallbacks++;
    assembly.push(assembled - start);
    if (!label) posture.push(end - assembled);
    record(label ?? 'all namespace-local events', end - start);
    if (!label) record(`  ${event}`, end - start);
  };

  for (let i = 0; i < events; i++) step(LOCAL_MIX);
  for (const cls of GLOBAL_CLASSES) for (let i = 0; i < globalEvents; i++) step([cls], `global: ${cls}`);

  console.log(summary('assembly with parse cache', assembly));
  console.log(summary('posture (namespace-local events)', posture));
  for (const [label, list] of times) console.log(summary(label, list));
  console.log(`full recomputes taken: ${fallbacks} (the global classes are full recomputes by design)`);
}

main();
