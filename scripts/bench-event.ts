// Event benchmark: the time from a watch event to an updated posture on a big mesh (issue 3 target: p99 ≤ 50 ms on
// 20,000 pods in 1,000 namespaces). The mesh is generated (test/synthetic) and held as the feed's supervisors hold it:
// one Map per kind keyed namespace/name, written and deleted in place as watch events arrive, with the keys each
// event changed (test/incremental/mesh-events.ts delivers them). What is timed is the feed's and the live posture's
// work after one event: the assembler's build (createSnapshotAssembler, as cluster-feed.ts calls it) and then
// computePostureIncremental from the previous computation (prepared after a full one, as the live posture does in
// idle time). Compared with one full recompute (assembly of every object + computePostureDetailed). For the whole
// path through the API simulator, see bench-reader.ts.
// A benchmark prints figures; it does not assert. Run: `npm run bench:event -- --events 1000`.
import { parseArgs } from 'node:util';
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import { computePostureIncremental, prepareIncremental } from '@/lib/mesh/compute-posture-incremental';
import { assembleSnapshot, createSnapshotAssembler, type KindDelta } from '@/lib/sources/cluster/assemble-snapshot';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { objectKey } from '@/lib/sources/cluster/list-kind';
import { createPrng, MeshUnderEvents, type MeshEvent } from '@/test/incremental/mesh-events';
import { percentile } from './lib/bench-args';

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

/** The supervisors' caches: one Map per kind (KIND_TABLE order), and the keys written or deleted since the last build. */
class InformerCaches {
  private readonly slot = new Map(KIND_TABLE.map((spec, i) => [spec.kind, i] as const));
  readonly objects = KIND_TABLE.map(() => new Map<string, unknown>());
  private changed = KIND_TABLE.map(() => new Set<string>());
  private all = true;

  constructor(mesh: MeshUnderEvents) {
    for (const o of mesh.items) this.set(o);
    mesh.takeChanges();
  }

  private set(o: Record<string, unknown>): void {
    const i = this.slot.get(String(o['kind']));
    const key = objectKey(o);
    if (i === undefined || key === null) return;
    this.objects[i]!.set(key, o);
    this.changed[i]!.add(key);
  }

  /** What the watch events of the last mesh change do to the caches. */
  follow(mesh: MeshUnderEvents): void {
    for (const change of mesh.takeChanges()) {
      if (change.type === 'set') {
        this.set(change.object);
        continue;
      }
      const i = this.slot.get(String(change.object['kind']));
      const key = objectKey(change.object);
      if (i !== undefined && key !== null && this.objects[i]!.delete(key)) this.changed[i]!.add(key);
    }
  }

  /** The deltas of one build (as cluster-feed.ts drains its supervisors), the change logs emptied. */
  drain(now: number): KindDelta[] {
    const out = KIND_TABLE.map((spec, i): KindDelta => ({ spec, status: 'ok', lastSyncOk: now, objects: this.objects[i]!, changed: this.all ? 'all' : this.changed[i]! }));
    this.changed = KIND_TABLE.map(() => new Set<string>());
    this.all = false;
    return out;
  }
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

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
  const caches = new InformerCaches(mesh);
  let clock = EPOCH;
  let t = performance.now();
  const first = assembleSnapshot(KIND_TABLE.map((spec, i) => ({ spec, status: 'ok', lastSyncOk: clock, objects: caches.objects[i]!.values() })), { source: 'cluster bench', now: clock });
  const assembleFull = performance.now() - t;
  t = performance.now();
  computePostureDetailed(first, { now: rfc3339(clock) });
  const computeFull = performance.now() - t;
  console.log(`full recompute: assembly of every object ${assembleFull.toFixed(0)} ms + posture ${computeFull.toFixed(0)} ms = ${(assembleFull + computeFull).toFixed(0)} ms`);

  const assembler = createSnapshotAssembler();
  let previous: PostureComputation = computePostureDetailed(assembler.assemble(caches.drain(clock), { source: 'cluster bench', now: clock }), { now: rfc3339(clock) });
  // The live posture prepares the next incremental step in idle time after a full computation (not timed).
  prepareIncremental(previous);
  const prng = createPrng(options.seed, 777);
  const times = new Map<string, number[]>();
  const assembly: number[] = [];
  const posture: number[] = [];
  const record = (label: string, ms: number) => (times.get(label) ?? times.set(label, []).get(label)!).push(ms);
  let fallbacks = 0;

  const step = (pool: readonly MeshEvent[], label?: string) => {
    const event = mesh.apply(prng, pool);
    caches.follow(mesh);
    clock += 250;
    const start = performance.now();
    const snapshot = assembler.assemble(caches.drain(clock), { source: 'cluster bench', now: clock });
    const assembled = performance.now();
    let full: string | null = null;
    // The live posture judges time-dependent verdicts to the minute (lib/server/live-posture.ts judgementTime).
    previous = computePostureIncremental(previous, snapshot, { now: rfc3339(clock - (clock % 60_000)), onStrategy: (r) => (full = r) });
    const end = performance.now();
    if (full !== null) {
      fallbacks++;
      prepareIncremental(previous);
    }
    if (!label) {
      assembly.push(assembled - start);
      posture.push(end - assembled);
    }
    record(label ?? 'all namespace-local events', end - start);
    if (!label) record(`  ${event}`, end - start);
  };

  for (let i = 0; i < events; i++) step(LOCAL_MIX);
  for (const cls of GLOBAL_CLASSES) for (let i = 0; i < globalEvents; i++) step([cls], `global: ${cls}`);

  console.log(summary('assembly (namespace-local events)', assembly));
  console.log(summary('posture (namespace-local events)', posture));
  for (const [label, list] of times) console.log(summary(label, list));
  console.log(`full recomputes taken: ${fallbacks} (the global classes are full recomputes by design)`);
}

main();
