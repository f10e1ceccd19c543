// @vitest-environment happy-dom
// The topology flowchart, checked with the real Mermaid parser: hostile namespace and Service names never change the
// number of nodes and edges, and every edge names its transport and verdict in words.
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { aggregateTopology, type TopologyConnection, type TopologyGraph } from '@/lib/mesh/topology';
import { buildTopologyFlowchart, topologyEdgeLabel } from './topology-flowchart';

const HOSTILE = ['x"]; evil["pwned', 'a --> b', '%%{init: {"securityLevel": "loose"}}%%', 'classDef red fill:#f00', 'click n0 call alert(1)', '<img src=x onerror=alert(1)>', 'line one\nline two', 'end', 'subgraph'];

interface FlowDb {
  getVertices(): Map<string, unknown>;
  getEdges(): { text?: string }[];
  getSubGraphs(): unknown[];
}

mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

async function parseFlowchart(text: string): Promise<{ nodes: number; edges: number; subgraphs: number; labels: string[] }> {
  await mermaid.parse(text);
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db as unknown as FlowDb;
  return { nodes: db.getVertices().size, edges: db.getEdges().length, subgraphs: db.getSubGraphs().length, labels: db.getEdges().map((e) => e.text ?? '') };
}

function graphWith(name: string, expand: boolean): TopologyGraph {
  const connections: TopologyConnection[] = [
    { client: { kind: 'workload', namespace: name, serviceAccount: name, service: name, dataplane: 'sidecar', pod: 'p', pods: 1 }, server: { namespace: 'pay', service: name, port: 80, containerPort: 8080, pod: 'q', endpoints: 1 }, transport: 'mtls', authz: 'allowed', waypoint: null },
    { client: { kind: 'workload', namespace: name, serviceAccount: 'sa', service: null, dataplane: 'none', pod: 'p2', pods: 1 }, server: { namespace: 'pay', service: name, port: 80, containerPort: 8080, pod: 'q', endpoints: 1 }, transport: 'plaintext', authz: 'denied', waypoint: null },
    { client: { kind: 'outside' }, server: { namespace: name, service: name, port: 80, containerPort: 8080, pod: 'q', endpoints: 1 }, transport: 'fails', authz: 'unreached', waypoint: null },
    { client: { kind: 'other', namespace: 'z', pod: 'z' }, server: { namespace: name, service: name, port: 80, containerPort: 8080, pod: 'q', endpoints: 1 }, transport: 'unknown', authz: 'unknown', waypoint: null },
  ];
  return aggregateTopology(connections, { expand: new Set(expand ? [name, 'pay'] : []), namespace: '', transport: null, verdict: null, maxEdges: 100, maxNodes: 100 });
}

describe('buildTopologyFlowchart', () => {
  it.each(HOSTILE)('keeps 4 nodes and 3 edges between namespaces with the name %j', async (name) => {
    const parsed = await parseFlowchart(buildTopologyFlowchart(graphWith(name, false)));
    expect({ nodes: parsed.nodes, edges: parsed.edges, subgraphs: parsed.subgraphs }).toEqual({ nodes: 4, edges: 3, subgraphs: 0 });
  });

  it.each(HOSTILE)('keeps 5 nodes, 4 edges and 2 subgraphs with expanded namespaces named %j', async (name) => {
    const parsed = await parseFlowchart(buildTopologyFlowchart(graphWith(name, true)));
    expect({ nodes: parsed.nodes, edges: parsed.edges, subgraphs: parsed.subgraphs }).toEqual({ nodes: 5, edges: 4, subgraphs: 2 });
  });

  it('says each edge’s transport and verdict in its label, in characters drawn as they are', async () => {
    const parsed = await parseFlowchart(buildTopologyFlowchart(graphWith('shop', false)));
    // Plain words only: an entity code would be drawn literally in an SVG edge label.
    expect(parsed.labels).toEqual(['would fail / not reached', 'mixed transport / mixed authz / 2 connections', 'transport unknown / authz unknown']);
  });

  it('draws an empty graph as a valid flowchart with nothing in it', async () => {
    expect(await parseFlowchart(buildTopologyFlowchart({ nodes: [], edges: [], omittedEdges: 0, omittedNodes: 0, totalEdges: 0 }))).toEqual({ nodes: 0, edges: 0, subgraphs: 0, labels: [] });
  });

  it.each([
    { edge: { transport: 'mtls' as const, authz: 'allowed' as const, connections: 1, waypoints: [] }, label: 'mTLS / allowed' },
    { edge: { transport: 'plaintext' as const, authz: 'denied' as const, connections: 4, waypoints: [] }, label: 'plaintext / denied / 4 connections' },
    { edge: { transport: 'fails' as const, authz: 'unreached' as const, connections: 1, waypoints: [] }, label: 'would fail / not reached' },
    { edge: { transport: 'tls' as const, authz: 'mixed' as const, connections: 2, waypoints: [] }, label: 'app TLS / mixed authz / 2 connections' },
    { edge: { transport: 'mtls' as const, authz: 'denied' as const, connections: 1, waypoints: ['default/waypoint'] }, label: 'mTLS / denied / via waypoint default/waypoint' },
    { edge: { transport: 'mtls' as const, authz: 'allowed' as const, connections: 3, waypoints: ['a/wp', 'b/wp'] }, label: 'mTLS / allowed / 3 connections / via 2 waypoints' },
  ])('labels $edge.transport/$edge.authz as "$label"', ({ edge, label }) => {
    expect(topologyEdgeLabel(edge)).toBe(label);
  });
});
