'use client';
// Observed traffic (docs/traffic.md): STRICT readiness with evidence per namespace, the workloads of one namespace with
// who sends them plaintext (likely senders marked inferred), and the contradictions between policy and traffic. Data
// from /api/v1/traffic through react-query (prefetched on the server). Prometheus strings are rendered as text only.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { DataTable, Pager, type Column } from '@/components/ui/data-table';
import { FilterSelect } from '@/components/ui/filter-select';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { parseTrafficFilters, trafficQueryOptions, trafficSearch, type TrafficNamespaceDto, type TrafficView, type TrafficWorkloadDto } from '@/lib/api/views/traffic';

const READINESS_LABEL: Readonly<Record<string, string>> = { ready: 'Ready', blocked: 'Blocked', 'no-traffic': 'No traffic', unknown: 'Unknown' };

const NAMESPACE_COLUMNS: readonly Column<TrafficNamespaceDto>[] = [
  { key: 'namespace', header: 'Namespace', rowHeader: true, render: (n) => <Link href={`/namespaces/${encodeURIComponent(n.namespace)}`}>{n.namespace}</Link> },
  { key: 'readiness', header: 'Ready for STRICT', render: (n) => READINESS_LABEL[n.strictReadiness] ?? n.strictReadiness },
  { key: 'since', header: 'Plaintext-free since', render: (n) => (n.strictReadiness === 'ready' ? (n.plaintextFreeSince ?? '') : '') },
  { key: 'why', header: 'Why', render: (n) => n.reason },
];

const WORKLOAD_COLUMNS: readonly Column<TrafficWorkloadDto>[] = [
  { key: 'workload', header: 'Workload', rowHeader: true, render: (w) => `${w.namespace}/${w.workload}` },
  { key: 'readiness', header: 'Ready for STRICT', render: (w) => READINESS_LABEL[w.strictReadiness] ?? w.strictReadiness },
  { key: 'counts', header: 'mTLS / plaintext', render: (w) => `${w.mtls.toLocaleString('en-US')} / ${w.plaintext.toLocaleString('en-US')}` },
  { key: 'sources', header: 'Plaintext from', render: (w) => w.plaintextSources.join(', ') },
  { key: 'likely', header: 'Likely senders (inferred)', render: (w) => w.likelySources.map((s) => s.workload).join(', ') },
  { key: 'last', header: 'Last plaintext', render: (w) => w.lastPlaintextAt ?? '' },
];

function Summary({ data }: { readonly data: TrafficView }) {
  const counts = (state: string) => data.namespaces.filter((n) => n.strictReadiness === state).length;
  return (
    <p data-testid="traffic-status">
      {data.status === 'ok' ? 'Observed' : `Observed traffic is ${data.status}${data.reason ? `: ${data.reason}` : ''}.`} {data.window.start} to {data.window.end}; readiness on the last{' '}
      {data.evidenceDays} days. {counts('ready')} namespaces ready, {counts('blocked')} blocked by plaintext, {counts('unknown')} unknown, {counts('no-traffic')} without traffic.
    </p>
  );
}

export function TrafficViewClient() {
  const [filters, setFilters] = useUrlFilters(parseTrafficFilters, trafficSearch);
  const query = useQuery(trafficQueryOptions(filters));
  return (
    <ViewQuery query={query} what="the observed traffic">
      {(data) => (
        <>
          <Summary data={data} />
          <h2>STRICT readiness per namespace</h2>
          <DataTable label="STRICT readiness per namespace, on observed traffic" rows={data.namespaces} columns={NAMESPACE_COLUMNS} rowKey={(n) => n.namespace} testId="traffic-namespaces" />
          <h2>Workloads</h2>
          <FilterSelect
            id="traffic-namespace"
            label="Namespace"
            value={filters.namespace}
            options={data.namespaces.map((n) => ({ value: n.namespace, label: n.namespace }))}
            onChange={(v) => setFilters({ namespace: v, page: 1 })}
          />
          {data.workloads.total === 0 ? (
            <EmptyState>No workload in this namespace.</EmptyState>
          ) : (
            <>
              <DataTable label="Workloads and who sends them plaintext" rows={data.workloads.rows} columns={WORKLOAD_COLUMNS} rowKey={(w) => `${w.namespace}/${w.workload}`} testId="traffic-workloads" />
              <Pager page={data.workloads.page} pageSize={data.workloads.pageSize} total={data.workloads.total} onPage={(page) => setFilters({ page })} />
            </>
          )}
          <h2>Policy and traffic disagree</h2>
          {data.contradictions.length === 0 ? (
            <EmptyState>No contradiction between policy and the traffic observed.</EmptyState>
          ) : (
            <ul data-testid="traffic-contradictions">
              {data.contradictions.map((c) => (
                <li key={`${c.code}:${c.namespace}/${c.workload}:${c.observed}`}>
                  <strong>{c.code}</strong> {c.message}. <span className="muted">{c.why}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </ViewQuery>
  );
}
