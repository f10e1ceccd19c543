// Mermaid flowchart text for a topology graph. Ids are generated (MermaidIds), every label goes through
// mermaidLabel, and each edge says its transport and authorization verdict in words: the arrow style and colour
// only repeat what the label says.
import type { EdgeTransport, TopologyEdge, TopologyGraph, TopologyNode } from '@/lib/mesh/topology';
import { TRANSPORT_LABEL, VERDICT_LABEL } from '@/lib/mesh/topology';
import { MermaidIds, mermaidLabel } from './mermaid-text';

/** Arrow per transport: solid for mTLS, dotted where the bytes are not protected by the mesh, a cross where it fails. */
const ARROW: Readonly<Record<EdgeTransport, string>> = {
  mtls: '-->',
  tls: '-->',
  plaintext: '-.->',
  unknown: '-.->',
  mixed: '-.->',
  fails: '--x',
};

const STROKE: Readonly<Record<EdgeTransport, string>> = {
  mtls: '#15803d',
  tls: '#1d4ed8',
  plaintext: '#b45309',
  unknown: '#6b7280',
  mixed: '#6b7280',
  fails: '#b91c1c',
};

/**
 * The words on an edge, also used by the text alternative. Only characters mermaidLabel passes through unchanged
 * (letters, digits, space, `/`): entity codes are drawn literally in SVG (non-HTML) edge labels.
 */
export function topologyEdgeLabel(edge: Pick<TopologyEdge, 'transport' | 'authz' | 'connections' | 'waypoints'>): string {
  const count = edge.connections > 1 ? ` / ${edge.connections} connections` : '';
  // The ambient waypoint hop (its name is a DNS label, inside the safe alphabet).
  const [only] = edge.waypoints;
  const via = edge.waypoints.length > 1 ? ` / via ${edge.waypoints.length} waypoints` : only ? ` / via waypoint ${only}` : '';
  return `${TRANSPORT_LABEL[edge.transport]} / ${VERDICT_LABEL[edge.authz]}${count}${via}`;
}

function nodeLine(id: string, node: TopologyNode): string {
  const label = mermaidLabel(node.label);
  switch (node.kind) {
    case 'outside':
      return `${id}(["${label}"])`;
    case 'other':
      return `${id}{{"${label}"}}`;
    case 'namespace':
      return `${id}["${label}"]`;
    case 'service':
    case 'service-account':
      return `${id}("${label}")`;
  }
}

export function buildTopologyFlowchart(graph: TopologyGraph): string {
  const nodeIds = new MermaidIds('n');
  const groupIds = new MermaidIds('g');
  const lines = ['flowchart LR'];
  const inGroups = new Map<string, TopologyNode[]>();
  for (const node of graph.nodes) {
    const id = nodeIds.idFor(node.key);
    if (node.kind === 'service' || node.kind === 'service-account') {
      const ns = node.namespace ?? '';
      inGroups.set(ns, [...(inGroups.get(ns) ?? []), node]);
    } else {
      lines.push(`  ${nodeLine(id, node)}`);
    }
  }
  for (const [ns, nodes] of inGroups) {
    lines.push(`  subgraph ${groupIds.idFor(ns)}["${mermaidLabel(`namespace ${ns}`)}"]`);
    for (const node of nodes) lines.push(`    ${nodeLine(nodeIds.idFor(node.key), node)}`);
    lines.push('  end');
  }
  const byStroke = new Map<string, number[]>();
  graph.edges.forEach((edge, i) => {
    lines.push(`  ${nodeIds.idFor(edge.from)} ${ARROW[edge.transport]}|"${mermaidLabel(topologyEdgeLabel(edge))}"| ${nodeIds.idFor(edge.to)}`);
    const stroke = STROKE[edge.transport];
    byStroke.set(stroke, [...(byStroke.get(stroke) ?? []), i]);
  });
  for (const [stroke, indexes] of byStroke) lines.push(`  linkStyle ${indexes.join(',')} stroke:${stroke}`);
  const pseudo = graph.nodes.filter((n) => n.kind === 'outside' || n.kind === 'other').map((n) => nodeIds.idFor(n.key));
  if (pseudo.length > 0) {
    lines.push('  classDef pseudo stroke-dasharray:4 3');
    lines.push(`  class ${pseudo.join(',')} pseudo`);
  }
  return `${lines.join('\n')}\n`;
}
