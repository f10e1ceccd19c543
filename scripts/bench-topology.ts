// Topology benchmark: how long the representative connections of a big synthetic mesh take to compute (once per
// posture; memoised) and how long one request's aggregation and diagram text take. Prints figures, asserts nothing.
// Run: `node bin/run-ts.mjs scripts/bench-topology.ts [--pods 20000] [--namespaces 1000] [--seed 1]`.
import { parseArgs } from 'node:util';
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { aggregateTopology, computeTopologyConnections, type TopologyOptions } from '@/lib/mesh/topology';
import { buildTopologyFlowchart } from '@/lib/diagrams/topology-flowchart';
import { planSyntheticMesh, syntheticMeshItems } from '@/test/synthetic/generate-mesh';

const NOW = '2026-05-01T00:00:00Z';
const { values } = parseArgs({ options: { pods: { type: 'string' }, namespaces: { type: 'string' }, seed: { type: 'string' } }, strict: true });
const options = { pods: Number(values.pods ?? 20_000), namespaces: Number(values.namespaces ?? 1_000), policiesPerNamespace: 5, seed: Number(values.seed ?? 1) };
const out = (line: string): void => void process.stdout.write(`${line}\n`);
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
};

const [computation, postureMs] = time(() => {
  const documents = [...syntheticMeshItems(planSyntheticMesh(options))].map((raw): SourceDocument => ({ raw }));
  return computePostureDetailed(buildSnapshot(documents, { source: 'synthetic', asOf: NOW }), { now: NOW });
});
out(`mesh: ${computation.workloads.length} pods, ${computation.index.namespaceNames.length} namespaces, ${computation.index.snapshot.services.length} services (seed ${options.seed}, node ${process.version})`);
out(`posture (snapshot + engine, not part of the topology): ${postureMs.toFixed(0)} ms`);
const [connections, connectionsMs] = time(() => computeTopologyConnections(computation));
out(`representative connections: ${connections.length} in ${connectionsMs.toFixed(0)} ms (first request; memoised after)`);
const [, againMs] = time(() => computeTopologyConnections(computation));
out(`representative connections again (memoised): ${againMs.toFixed(2)} ms`);

const base: TopologyOptions = { expand: new Set(), namespace: '', transport: null, verdict: null, maxEdges: 100, maxNodes: 120 };
const firstNs = computation.index.namespaceNames.find((n) => n !== 'istio-system') ?? '';
const cases: readonly [string, TopologyOptions][] = [
  ['namespaces, no filter', base],
  ['plaintext only', { ...base, transport: 'plaintext' }],
  [`namespace filter "${firstNs}" expanded`, { ...base, namespace: firstNs, expand: new Set([firstNs]) }],
  ['cap 300 edges', { ...base, maxEdges: 300, maxNodes: 300 }],
];
for (const [name, o] of cases) {
  const [graph, aggregateMs] = time(() => aggregateTopology(connections, o));
  const [text, diagramMs] = time(() => buildTopologyFlowchart(graph));
  out(`${name}: aggregate ${aggregateMs.toFixed(1)} ms, diagram ${diagramMs.toFixed(1)} ms; ${graph.edges.length}/${graph.totalEdges} edges drawn, ${graph.nodes.length} nodes, ${graph.omittedNodes} nodes left out, ${(text.length / 1024).toFixed(0)} KiB of Mermaid`);
}
