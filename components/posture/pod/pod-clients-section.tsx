'use client';
// Who can reach the pod and how: one row per client workload (or namespace), port and verdict, failures first,
// paged by the server. Each in-mesh row links to the handshake diagram of one of its pods.
import Link from 'next/link';
import { handshakeHref } from '@/lib/api/views/handshake';
import { CLIENT_GROUPINGS, CLIENT_VERDICTS, podPath, type ClientGrouping, type ClientVerdict, type PodClientRowDto, type PodFilters, type PodView } from '@/lib/api/views/pod';
import { DataTable, Pager, type Column } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/view-states';
import { CommandList } from './command-list';
import { VERDICT_CLASS, VERDICT_TEXT } from './presentation';
import styles from './pod.module.css';

const SENDS_TEXT: Readonly<Record<string, string>> = {
  'istio-mtls': 'Istio mTLS',
  hbone: 'HBONE (mTLS)',
  plaintext: 'plaintext',
  tls: 'TLS (DestinationRule SIMPLE)',
  'mutual-tls': 'mutual TLS with its own certificates',
};

function clientName(r: PodClientRowDto): string {
  if (r.namespace === null) return 'Outside the mesh';
  if (r.workload === null) return `${r.namespace} (${r.workloads} workloads)`;
  return `${r.namespace}/${r.workload}`;
}

function columns(view: PodView): Column<PodClientRowDto>[] {
  return [
    {
      key: 'client',
      header: 'Client',
      rowHeader: true,
      render: (r) =>
        r.namespace !== null && r.examplePod !== null && r.workload !== null ? (
          <Link href={podPath(r.namespace, r.examplePod)} prefetch={false}>{clientName(r)}</Link>
        ) : (
          clientName(r)
        ),
    },
    { key: 'dataplane', header: 'Client dataplane', render: (r) => r.dataplane },
    { key: 'pods', header: 'Pods', render: (r) => (r.namespace === null ? '—' : r.pods) },
    { key: 'port', header: 'Port', render: (r) => r.port },
    { key: 'verdict', header: 'Verdict', className: (r) => VERDICT_CLASS[r.verdict], render: (r) => VERDICT_TEXT[r.verdict] + (r.inference ? ' (inferred)' : '') },
    {
      key: 'how',
      header: 'Client sends',
      render: (r) => `${SENDS_TEXT[r.clientSends] ?? r.clientSends}${r.service ? ` via ${r.service}` : ' to the pod IP'}${r.destinationRule ? `; DestinationRule ${r.destinationRule}` : ''}`,
    },
    { key: 'why', header: 'Why', render: (r) => <span className={styles.reason}>{r.reason}</span> },
    {
      key: 'handshake',
      header: 'Handshake',
      render: (r) => {
        // A client outside the mesh has no pod: the handshake page takes `from=outside` for it.
        const from = r.namespace !== null && r.examplePod !== null ? `${r.namespace}/${r.examplePod}` : null;
        if (r.namespace !== null && from === null) return '—';
        return (
          <Link prefetch={false} href={handshakeHref(from, `${view.namespace}/${view.pod}`, r.port)} aria-label={`Handshake from ${from ?? 'outside the mesh'} on port ${r.port}`}>
            Handshake
          </Link>
        );
      },
    },
  ];
}

export function PodClientsSection({ data, filters, setFilters }: { readonly data: PodView; readonly filters: PodFilters; readonly setFilters: (patch: Partial<PodFilters>) => void }) {
  const { counts, page, ports } = data.clients;
  const rowKey = (r: PodClientRowDto) => [r.namespace ?? '', r.workload ?? '', r.port, r.verdict, r.clientSends, r.destinationRule ?? '', r.reason].join('|');
  return (
    <section aria-labelledby="clients-heading">
      <h2 id="clients-heading">Clients that can reach it</h2>
      <p data-testid="client-counts">
        {CLIENT_VERDICTS.map((v, i) => (
          <span key={v}>
            {i > 0 ? ' · ' : ''}
            <span className={VERDICT_CLASS[v]}>{VERDICT_TEXT[v]}</span>: {counts[v].groups} client groups ({counts[v].pods} pods)
          </span>
        ))}
      </p>
      <div className={styles.filters}>
        <label>
          Verdict{' '}
          <select value={filters.verdict} onChange={(e) => setFilters({ verdict: e.target.value as ClientVerdict | 'all', page: 1 })}>
            <option value="all">All</option>
            {CLIENT_VERDICTS.map((v) => (
              <option key={v} value={v}>
                {VERDICT_TEXT[v]} ({counts[v].groups})
              </option>
            ))}
          </select>
        </label>
        <label>
          Port{' '}
          <select value={filters.port ?? ''} onChange={(e) => setFilters({ port: e.target.value === '' ? null : Number(e.target.value), page: 1 })}>
            <option value="">All ports</option>
            {ports.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Group by{' '}
          <select value={filters.group} onChange={(e) => setFilters({ group: e.target.value as ClientGrouping, page: 1 })}>
            {CLIENT_GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
      </div>
      {page.total === 0 ? (
        <EmptyState>{ports.length === 0 ? 'The pod declares no ports, so no client connection can be checked.' : 'No client matches these filters.'}</EmptyState>
      ) : (
        <>
          <DataTable label="Clients that can reach the pod" rows={page.rows} columns={columns(data)} rowKey={rowKey} testId="client-table" />
          <Pager page={page.page} pageSize={page.pageSize} total={page.total} onPage={(p) => setFilters({ page: p })} />
        </>
      )}
      <p className="muted">
        Transport only: whether the connection is established and how. Authorization then decides each request; open a handshake for the full path.
      </p>
      <CommandList commands={data.commands} section="clients" />
    </section>
  );
}
