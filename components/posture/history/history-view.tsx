'use client';
// The History view: whether history is being recorded (and why not), the STRICT share over time for the mesh and a
// namespace, and the changes with the objects that caused them, regressions first in colour and in words. Filters
// (window, namespace) live in the URL. Data from /api/v1/history.
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { causeText, DEMO_HISTORY_NOTE, DEMO_TRAFFIC_NOTE, HISTORY_WINDOWS, historyQueryOptions, historySearch, parseHistoryFilters, strictShareSeries, type HistoryChangeDto, type HistoryTrafficDayDto, type HistoryView } from '@/lib/api/views/history';
import { DataTable, type Column } from '@/components/ui/data-table';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';

const StrictShareChart = dynamic(() => import('@/components/charts/strict-share-chart').then((m) => m.StrictShareChart), {
  ssr: false,
  loading: () => <p className="muted">Drawing the chart…</p>,
});

/** Changes listed at most; the rest are counted (the CLI and the API give them all). */
const CHANGES_SHOWN = 500;

const modeClass = (mode: string | null) => (mode ? `mode-${mode.toLowerCase()}` : '');

const TRAFFIC_COLUMNS: readonly Column<HistoryTrafficDayDto>[] = [
  { key: 'day', header: 'Day (UTC)', rowHeader: true, render: (d) => d.day },
  { key: 'workload', header: 'Workload', render: (d) => `${d.namespace}/${d.workload}` },
  { key: 'requests', header: 'Plaintext requests', render: (d) => d.plaintextRequests },
  { key: 'connections', header: 'Plaintext TCP connections', render: (d) => d.plaintextConnections },
  { key: 'unclassified', header: 'Unclassified (requests / connections)', render: (d) => `${d.unclassifiedRequests} / ${d.unclassifiedConnections}` },
];
const TRAFFIC_SHOWN = 200;

const COLUMNS: readonly Column<HistoryChangeDto>[] = [
  { key: 'at', header: 'When (UTC)', rowHeader: true, render: (c) => c.at.replace('T', ' ').replace('Z', '') },
  { key: 'workload', header: 'Workload', render: (c) => <Link href={`/namespaces/${encodeURIComponent(c.namespace)}`}>{`${c.namespace}/${c.workload}`}</Link> },
  { key: 'port', header: 'Port', render: (c) => (c.port === null ? 'all ports' : c.port) },
  {
    key: 'change',
    header: 'Mode',
    className: (c) => (c.regression ? 'mode-disable' : modeClass(c.to)),
    render: (c) => (
      <>
        {c.from ?? '(new)'} → {c.to ?? '(gone)'}
        {c.regression && <strong> regression</strong>}
        {c.dataplane.from !== c.dataplane.to && <span className="muted"> (dataplane {c.dataplane.from ?? 'none'} → {c.dataplane.to ?? 'none'})</span>}
      </>
    ),
  },
  { key: 'causes', header: 'Caused by', render: (c) => (c.causes.length === 0 ? <span className="muted">no deciding object changed</span> : c.causes.map(causeText).join('; ')) },
];

function RecordingStatus({ data }: { readonly data: HistoryView }) {
  const { status } = data;
  if (status.state === 'recording' && !data.readError) {
    return (
      <p className="muted" data-testid="history-status">
        Recording in {status.database}
        {status.lastRecordedAt ? `; last posture recorded ${status.lastRecordedAt}` : ''}.
      </p>
    );
  }
  return (
    <div role="status" className="banner" data-testid="history-status">
      <p>{data.readError ?? status.reason}</p>
      {status.state !== 'off' && <p>The posture is still served; recording resumes by itself once the database is back.</p>}
    </div>
  );
}

export function HistoryViewClient() {
  const [filters, setFilters] = useUrlFilters(parseHistoryFilters, historySearch);
  const query = useQuery(historyQueryOptions(filters));
  return (
    <ViewQuery query={query} what="the posture history">
      {(data) => {
        const points = strictShareSeries(data.records, filters.namespace);
        const changes = [...data.changes].reverse();
        const regressions = changes.filter((c) => c.regression).length;
        return (
          <>
            <RecordingStatus data={data} />
            {data.records.some((r) => r.source === 'demo') && (
              <p role="note" className="banner" data-testid="history-demo-note">
                {DEMO_HISTORY_NOTE}
              </p>
            )}
            <div className="table-tools">
              <label htmlFor="history-window">Window</label>{' '}
              <select id="history-window" value={filters.days} onChange={(e) => setFilters({ days: Number(e.target.value) as typeof filters.days })}>
                {HISTORY_WINDOWS.map((d) => (
                  <option key={d} value={d}>
                    last {d} {d === 1 ? 'day' : 'days'}
                  </option>
                ))}
              </select>{' '}
              <label htmlFor="history-namespace">Namespace</label>{' '}
              <input id="history-namespace" type="search" placeholder="all" defaultValue={filters.namespace} onChange={(e) => setFilters({ namespace: e.target.value.trim() })} />
            </div>
            <h2>STRICT share over time</h2>
            {points.length === 0 ? (
              <EmptyState>No posture recorded in this window.</EmptyState>
            ) : (
              <figure className="chart">
                <StrictShareChart points={points} namespace={filters.namespace} />
                <figcaption className="muted">
                  Share of workload ports enforcing STRICT mTLS at each of the {points.length} postures recorded; a posture is recorded only when something changed.
                </figcaption>
              </figure>
            )}
            <h2>
              Changes <span className="muted">({changes.length}, {regressions} {regressions === 1 ? 'regression' : 'regressions'} from STRICT)</span>
            </h2>
            {changes.length === 0 ? (
              <EmptyState>No workload changed mode in this window.</EmptyState>
            ) : (
              <>
                <DataTable label="Changes of effective mTLS mode" rows={changes.slice(0, CHANGES_SHOWN)} columns={COLUMNS} rowKey={(c) => `${c.at}/${c.source}/${c.namespace}/${c.workload}/${c.port ?? ''}`} testId="history-changes" />
                {changes.length > CHANGES_SHOWN && <p className="muted">The {CHANGES_SHOWN} most recent are listed; `mesh-posture history` lists all {changes.length}.</p>}
              </>
            )}
            <h2>Plaintext received per day</h2>
            {data.traffic.length === 0 ? (
              <EmptyState>No plaintext traffic recorded in this window (observed traffic is kept when a Prometheus is configured).</EmptyState>
            ) : (
              <>
                {data.traffic.some((d) => d.source === 'demo') && (
                  <p role="note" className="banner" data-testid="history-traffic-demo-note">
                    {DEMO_TRAFFIC_NOTE}
                  </p>
                )}
                <DataTable
                  label="Plaintext requests and connections per day and workload, from Prometheus"
                  rows={[...data.traffic].reverse().slice(0, TRAFFIC_SHOWN)}
                  columns={TRAFFIC_COLUMNS}
                  rowKey={(d) => `${d.day}/${d.source}/${d.namespace}/${d.workload}`}
                  testId="history-traffic"
                />
                {data.traffic.length > TRAFFIC_SHOWN && <p className="muted">The {TRAFFIC_SHOWN} most recent are listed; `mesh-posture history --format json` lists all {data.traffic.length}.</p>}
              </>
            )}
            <h2>Phases entered</h2>
            {data.phases.length === 0 ? (
              <EmptyState>No phase recorded in this window.</EmptyState>
            ) : (
              <ul data-testid="history-phases">
                {data.phases
                  .filter((p) => p.leftAt === null)
                  .map((p) => (
                    <li key={p.namespace}>
                      <Link href={`/namespaces/${encodeURIComponent(p.namespace)}`}>{p.namespace}</Link>: phase {p.phase} since {p.enteredAt}
                    </li>
                  ))}
              </ul>
            )}
          </>
        );
      }}
    </ViewQuery>
  );
}
