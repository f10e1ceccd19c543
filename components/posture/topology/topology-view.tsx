'use client';
// The topology: who can connect to whom, as a Mermaid flowchart of namespaces (Services when expanded) and a table
// of the same edges. Filters live in the URL; the server aggregates and caps, so a 20,000-pod mesh stays readable.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type RefObject } from 'react';
import {
  MAX_EDGES,
  parseTopologyFilters,
  TOPOLOGY_TRANSPORTS,
  TOPOLOGY_VERDICTS,
  topologyQueryOptions,
  topologySearch,
  TRANSPORT_FILTER_LABEL,
  VERDICT_FILTER_LABEL,
  type TopologyFilters,
  type TopologyView,
} from '@/lib/api/views/topology';
import { MermaidDiagram } from '@/components/charts/mermaid-diagram';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { TopologyEdgeTable } from './topology-edge-table';
import styles from './topology.module.css';

const EDGE_LIMITS = [40, 100, 200, MAX_EDGES] as const;

function Controls({ filters, setFilters }: { readonly filters: TopologyFilters; readonly setFilters: (patch: Partial<TopologyFilters>) => void }) {
  return (
    <form className={styles.controls} role="search" aria-label="Topology filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Namespace contains
        <input type="search" defaultValue={filters.namespace} onChange={(e) => setFilters({ namespace: e.target.value })} data-testid="topology-namespace" />
      </label>
      <label>
        Transport
        <select value={filters.transport} onChange={(e) => setFilters({ transport: e.target.value as TopologyFilters['transport'] })} data-testid="topology-transport">
          <option value="">any</option>
          {TOPOLOGY_TRANSPORTS.map((t) => (
            <option key={t} value={t}>
              {TRANSPORT_FILTER_LABEL[t]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Authorization
        <select value={filters.verdict} onChange={(e) => setFilters({ verdict: e.target.value as TopologyFilters['verdict'] })} data-testid="topology-verdict">
          <option value="">any</option>
          {TOPOLOGY_VERDICTS.map((v) => (
            <option key={v} value={v}>
              {VERDICT_FILTER_LABEL[v]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Edges drawn at most
        <select value={filters.max} onChange={(e) => setFilters({ max: Number(e.target.value) })} data-testid="topology-max">
          {[...new Set([...EDGE_LIMITS, filters.max])].sort((a, b) => a - b).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

function ExpandControls({ data, filters, setFilters }: { readonly data: TopologyView; readonly filters: TopologyFilters; readonly setFilters: (patch: Partial<TopologyFilters>) => void }) {
  const drawn = data.nodes.filter((n) => n.kind === 'namespace').map((n) => n.label);
  const names = [...new Set([...filters.expand, ...drawn])].sort();
  if (names.length === 0) return null;
  const toggle = (ns: string) => setFilters({ expand: filters.expand.includes(ns) ? filters.expand.filter((x) => x !== ns) : [...filters.expand, ns].sort() });
  return (
    <fieldset className={styles.expand}>
      <legend>Show a namespace’s Services</legend>
      <ul>
        {names.map((ns) => (
          <li key={ns}>
            <button type="button" aria-pressed={filters.expand.includes(ns)} onClick={() => toggle(ns)}>
              {filters.expand.includes(ns) ? `Collapse ${ns}` : `Expand ${ns}`}
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function Legend() {
  return (
    <ul className={styles.legend} aria-label="How edges are drawn">
      <li>solid arrow: mTLS (or app TLS)</li>
      <li>dotted arrow: plaintext, unknown or mixed</li>
      <li>arrow ending in ×: the connection would fail</li>
      <li>each edge’s label says its transport and authorization verdict</li>
    </ul>
  );
}

function hasFilters(f: TopologyFilters): boolean {
  return f.namespace !== '' || f.transport !== '' || f.verdict !== '';
}

/**
 * Mermaid scales its SVG down to the container (max-width: its natural width; width: 100%), which makes a big graph's
 * labels unreadably small. Once drawn, the SVG is given its natural width instead; the figure scrolls sideways.
 */
function useNaturalWidth(wrapper: RefObject<HTMLDivElement | null>, text: string): void {
  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    const apply = () => {
      const svg = el.querySelector('svg');
      if (svg && svg.style.maxWidth && svg.style.maxWidth !== 'none') {
        svg.style.width = svg.style.maxWidth;
        svg.style.maxWidth = 'none';
      }
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [wrapper, text]);
}

function Graph({ data, filters }: { readonly data: TopologyView; readonly filters: TopologyFilters }) {
  const wrapper = useRef<HTMLDivElement>(null);
  useNaturalWidth(wrapper, data.diagram);
  if (data.totalEdges === 0) {
    return <EmptyState>{hasFilters(filters) ? 'No connection matches these filters.' : 'No Service in this mesh has endpoints, so there is no connection to draw.'}</EmptyState>;
  }
  return (
    <>
      {data.omittedEdges > 0 && (
        <p role="status" className="banner" data-testid="topology-omitted">
          {data.omittedEdges} more {data.omittedEdges === 1 ? 'edge' : 'edges'}
          {data.omittedNodes > 0 ? ` and ${data.omittedNodes} more ${data.omittedNodes === 1 ? 'node' : 'nodes'}` : ''} match these filters but are not drawn (at most{' '}
          {data.maxEdges} edges and {data.maxNodes} nodes; the most worrying are drawn first). Narrow the filters or raise the limit.
        </p>
      )}
      <Legend />
      {/* A big graph keeps a readable text size and scrolls sideways instead of shrinking to the page width. */}
      <div ref={wrapper}>
        <MermaidDiagram
          text={data.diagram}
          title={`Topology: ${data.edges.length} of ${data.totalEdges} edges between ${data.nodes.length} nodes; the table below lists the same edges`}
          testId="topology-diagram"
        />
      </div>
      <h2>Edges</h2>
      <TopologyEdgeTable edges={data.edges} />
    </>
  );
}

export function TopologyViewClient() {
  const [filters, setFilters] = useUrlFilters(parseTopologyFilters, topologySearch);
  const query = useQuery(topologyQueryOptions(filters));
  return (
    <ViewQuery query={query} what="the topology">
      {(data) => (
        <>
          <p className={styles.note} role="note" data-testid="topology-traffic-note">
            {data.traffic.observed ? <strong>Policy view with observed traffic.</strong> : <strong>Policy view, not observed traffic.</strong>} {data.traffic.reason}{' '}
            {!data.traffic.observed && 'Each edge is a connection the mesh’s policies would allow or deny.'}
            {data.edges.some((e) => e.observedButBlocked) && (
              <span data-testid="topology-seen-blocked"> {data.edges.filter((e) => e.observedButBlocked).length} drawn edges carried traffic the policies block: see the Observed column.</span>
            )}
          </p>
          <details className={styles.note}>
            <summary>How edges are chosen (an approximation)</summary>
            <p>{data.approximation}</p>
          </details>
          <Controls filters={filters} setFilters={setFilters} />
          <ExpandControls data={data} filters={filters} setFilters={setFilters} />
          <h2>Connections</h2>
          <Graph data={data} filters={filters} />
        </>
      )}
    </ViewQuery>
  );
}
