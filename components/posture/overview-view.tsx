'use client';
// The overview: mesh phase, coverage shares, plaintext exposure, findings and certificates at a glance, the coverage
// chart and the namespace table. Data comes from /api/v1/overview through react-query (prefetched on the server).
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { formatShare } from '@/lib/api/coverage';
import { phaseName } from '@/lib/api/views/namespace';
import { overviewQueryOptions, overviewSearch, parseOverviewFilters, type NamespaceCoverageRowDto, type OverviewTrafficDto, type OverviewView } from '@/lib/api/views/overview';
import { DataTable, Pager, type Column } from '@/components/ui/data-table';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { ExportMenu } from './export-menu';

const CoverageChart = dynamic(() => import('@/components/charts/coverage-chart').then((m) => m.CoverageChart), {
  ssr: false,
  loading: () => <p className="muted">Drawing the chart…</p>,
});

const COLUMNS: readonly Column<NamespaceCoverageRowDto>[] = [
  { key: 'name', header: 'Namespace', sortKey: 'name', rowHeader: true, render: (r) => <Link href={`/namespaces/${encodeURIComponent(r.name)}`}>{r.name}</Link> },
  { key: 'phase', header: 'Phase', sortKey: 'phase', render: (r) => r.phase },
  { key: 'dataplane', header: 'Dataplane', render: (r) => r.dataplane },
  { key: 'total', header: 'Workloads', sortKey: 'total', render: (r) => r.total },
  { key: 'strict', header: 'STRICT', sortKey: 'strict', className: () => 'mode-strict', render: (r) => `${r.strict} (${formatShare(r.strict, r.total)})` },
  { key: 'permissive', header: 'PERMISSIVE', sortKey: 'permissive', className: () => 'mode-permissive', render: (r) => r.permissive },
  { key: 'disable', header: 'DISABLE', sortKey: 'disable', className: () => 'mode-disable', render: (r) => r.disable },
  { key: 'none', header: 'No dataplane', sortKey: 'none', className: () => 'mode-none', render: (r) => r.none },
  { key: 'unknown', header: 'Unknown', sortKey: 'unknown', className: () => 'mode-unknown', render: (r) => r.unknown },
];

function Summary({ data }: { readonly data: OverviewView }) {
  const { findings, certificates } = data;
  return (
    <dl className="summary">
      <div className="card">
        <dt>Mesh phase</dt>
        <dd className="card-text">
          <strong data-testid="mesh-phase">{data.meshPhase}</strong> {phaseName(data.meshPhase)}
          {data.meshPhase < 4 && (
            <>
              <br />
              <Link href="/migration">What blocks phase {data.meshPhase + 1} ({phaseName(data.meshPhase + 1)})</Link>
            </>
          )}
        </dd>
      </div>
      <div className="card">
        <dt>Workloads enforcing mTLS</dt>
        <dd data-testid="workload-strict">{formatShare(data.workloads.strict, data.workloads.total)}</dd>
      </div>
      <div className="card">
        <dt>Ports enforcing mTLS</dt>
        <dd data-testid="port-strict">{formatShare(data.ports.strict, data.ports.total)}</dd>
      </div>
      <div className="card">
        <dt>Workloads accepting plaintext</dt>
        <dd data-testid="plaintext-workloads">{data.plaintextWorkloads}</dd>
      </div>
      <div className="card">
        <dt>Verdicts unknown</dt>
        <dd data-testid="unknown-workloads">{data.workloads.unknown}</dd>
      </div>
      <div className="card">
        <dt>
          <Link href="/findings">Findings</Link>
        </dt>
        <dd data-testid="findings-counts" className="card-text">
          {findings.error} errors · {findings.warning} warnings · {findings.info} info
        </dd>
      </div>
      <div className="card">
        <dt>
          <Link href="/certificates">Certificates</Link>
        </dt>
        <dd data-testid="certificate-counts" className="card-text">
          {certificates.expired} expired · {certificates.within7Days} due in 7 days · {certificates.within30Days} in 30 days
          {certificates.unknown > 0 ? ` · ${certificates.unknown} unknown` : ''}
        </dd>
      </div>
      {data.traffic && <TrafficCard traffic={data.traffic} />}
    </dl>
  );
}

const count = (n: number): string => n.toLocaleString('en-US');

/** What actually flowed in the window, and how many namespaces it shows ready for STRICT or blocked. */
function TrafficCard({ traffic }: { readonly traffic: OverviewTrafficDto }) {
  const usable = traffic.status === 'ok' || traffic.status === 'incomplete';
  return (
    <div className="card">
      <dt>
        <Link href="/traffic">Observed traffic</Link> ({traffic.window.start.slice(0, 10)} to {traffic.window.end.slice(0, 10)})
      </dt>
      <dd data-testid="traffic-summary" className="card-text">
        {usable ? (
          <>
            {count(traffic.plaintext)} plaintext · {count(traffic.mtls)} mTLS requests or connections; plaintext into {traffic.plaintextWorkloads} workloads.
            <br />
            Namespaces on evidence: {traffic.namespaces.ready} ready for STRICT · {traffic.namespaces.blocked} blocked by plaintext · {traffic.namespaces.unknown} unknown ·{' '}
            {traffic.namespaces['no-traffic']} without traffic
            {traffic.contradictions > 0 && (
              <>
                {' '}
                · <Link href="/traffic">{traffic.contradictions} where policy and traffic disagree</Link>
              </>
            )}
            {!traffic.current && ' (joined with the previous posture)'}
          </>
        ) : (
          `Observed traffic is ${traffic.status}${traffic.reason ? `: ${traffic.reason}` : ''}.`
        )}
      </dd>
    </div>
  );
}

export function OverviewViewClient() {
  const [filters, setFilters] = useUrlFilters(parseOverviewFilters, overviewSearch);
  const query = useQuery(overviewQueryOptions(filters));
  return (
    <ViewQuery query={query} what="the mesh overview">
      {(data) => (
        <>
          <ExportMenu filters={{}} />
          <Summary data={data} />
          <h2>mTLS coverage per namespace</h2>
          {data.chart.rows.length === 0 ? (
            <EmptyState>No workloads in this mesh yet.</EmptyState>
          ) : (
            <figure className="chart">
              <CoverageChart rows={data.chart.rows} />
              <figcaption className="muted">
                Workloads per namespace by effective mTLS mode{data.chart.omitted > 0 ? `; the ${data.chart.rows.length} largest namespaces are drawn, ${data.chart.omitted} more are in the table` : ''}.
              </figcaption>
            </figure>
          )}
          <div className="table-tools">
            <label htmlFor="namespace-filter">Filter namespaces</label>{' '}
            <input id="namespace-filter" type="search" defaultValue={filters.q} onChange={(e) => setFilters({ q: e.target.value, page: 1 })} />
          </div>
          {data.namespaces.total === 0 ? (
            <EmptyState>No namespace matches “{filters.q}”.</EmptyState>
          ) : (
            <>
              <DataTable
                label="mTLS coverage per namespace"
                rows={data.namespaces.rows}
                columns={COLUMNS}
                rowKey={(r) => r.name}
                sort={{ key: filters.sort, dir: filters.dir }}
                onSort={(key) => setFilters({ sort: key as typeof filters.sort, dir: filters.sort === key && filters.dir === 'asc' ? 'desc' : 'asc', page: 1 })}
                testId="namespace-table"
              />
              <Pager page={data.namespaces.page} pageSize={data.namespaces.pageSize} total={data.namespaces.total} onPage={(page) => setFilters({ page })} />
            </>
          )}
        </>
      )}
    </ViewQuery>
  );
}
