// Observed-traffic benchmark: the reconciliation (pure join, readiness, contradictions, suggestions) and the JSON
// section for the synthetic mesh (default 20,000 pods) and ~100,000 traffic series, measured above the posture's own
// time and memory. Run: `npm run bench:traffic [-- --pods N --series N --runs N]`.
// Runs bundled as the CLI ships (bin/run-bundled.mjs), not through tsx.
// Targets (issue #11): the traffic part of a report <= 2 s beyond the report, RSS growth <= 200 MB; the Prometheus
// side is a fixed 14 queries per refresh whatever the size (lib/sources/prometheus/read-traffic.ts).
// A benchmark prints figures; it does not assert.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { istioWorkloadName, reconcileTrafficWithPosture } from '@/lib/mesh/traffic';
import { buildTrafficJson } from '@/lib/report/traffic-json';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { TRAFFIC_METRICS, type TrafficEdge } from '@/lib/snapshot/traffic-types';
import { planSyntheticMesh, syntheticMeshItems } from '@/test/synthetic/generate-mesh';
import { createPrng } from '@/test/synthetic/prng';
import { aTrafficSnapshot } from '@/test/traffic-builders';

const NOW = '2026-06-01T12:00:00Z';
const MIB = 1024 * 1024;

const { values } = parseArgs({ args: process.argv.slice(2), options: { pods: { type: 'string' }, namespaces: { type: 'string' }, series: { type: 'string' }, runs: { type: 'string' } }, strict: true });
const pods = Number(values.pods ?? 20_000);
const namespaces = Number(values.namespaces ?? 1000);
const seriesWanted = Number(values.series ?? 100_000);
const runs = Number(values.runs ?? 1);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const snapshot = buildSnapshot(
  (function* () {
    for (const raw of syntheticMeshItems(planSyntheticMesh({ pods, namespaces, policiesPerNamespace: 5, seed: 1 }))) yield { raw };
  })(),
  { source: 'synthetic', asOf: NOW },
);
const computation = computePostureDetailed(snapshot, { now: NOW });
const workloads = [...new Set(computation.workloads.map((w) => `${w.pod.meta.namespace}/${istioWorkloadName(w.pod)}`))];

// Edges: each destination gets clients from its own and other namespaces, mostly mTLS, some plaintext (named or unknown).
const prng = createPrng(7);
const edges: TrafficEdge[] = [];
const perEdge = TRAFFIC_METRICS.length;
for (let i = 0; edges.length < seriesWanted; i++) {
  const to = workloads[i % workloads.length]!;
  const from = prng.next() < 0.05 ? 'unknown' : workloads[Math.floor(prng.next() * workloads.length)]!;
  const plaintext = from === 'unknown' || prng.next() < 0.03;
  const [dns = '', dwl = ''] = to.split('/');
  const [sns = 'unknown', swl = 'unknown'] = from === 'unknown' ? [] : from.split('/');
  for (const metric of TRAFFIC_METRICS.slice(0, perEdge)) {
    edges.push({
      metric,
      reporter: 'destination',
      sourceNamespace: sns,
      sourceWorkload: swl,
      sourcePrincipal: plaintext ? 'unknown' : `spiffe://cluster.local/ns/${sns}/sa/${swl}`,
      destinationNamespace: dns,
      destinationWorkload: dwl,
      destinationPort: null,
      securityPolicy: plaintext ? 'none' : 'mutual_tls',
      total: 1000,
      evidenceTotal: 500,
      firstActiveAt: plaintext ? '2026-05-20T00:00:00Z' : null,
      lastActiveAt: plaintext ? '2026-05-31T00:00:00Z' : null,
    });
  }
}
// Through JSON, as series labels arrive from Prometheus's answer (flat parsed strings, not the concatenations above).
const traffic = aTrafficSnapshot({ edges: JSON.parse(JSON.stringify(edges)) as TrafficEdge[] });
edges.length = 0;

console.log(`mesh: ${computation.workloads.length} pods, ${workloads.length} workloads; traffic: ${traffic.edges.length} series`);
// Run 1 is the cold figure (a CLI report); later runs are the server's refreshes, with the code already compiled.
for (let run = 1; run <= runs; run++) {
  gc();
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const model = reconcileTrafficWithPosture(computation, traffic, { evidenceDays: 7 });
  const reconciled = performance.now();
  const json = JSON.stringify(buildTrafficJson(model));
  const done = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const rssAfter = process.memoryUsage().rss;
  console.log(`run ${run}:`);
  console.log(`  reconcile: ${(reconciled - started).toFixed(0)} ms (readiness ${model.namespaces.length} namespaces, ${model.contradictions.length} contradictions, ${model.workloads.filter((w) => w.suggestion).length} suggestions)`);
  console.log(`  traffic JSON: ${(done - reconciled).toFixed(0)} ms, ${(json.length / MIB).toFixed(1)} MiB`);
  console.log(`  total: ${(done - started).toFixed(0)} ms (target <= 2000 ms); RSS growth ${((rssAfter - rssBefore) / MIB).toFixed(0)} MiB (target <= 200 MiB)`);
  // On a shared 2-core machine wall time grows with other load; CPU time (all threads, GC included) and the load
  // average say how much of it was ours.
  console.log(`  CPU time: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
}
