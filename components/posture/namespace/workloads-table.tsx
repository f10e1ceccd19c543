'use client';
// A namespace's workloads (one server page): dataplane, effective mode and what set it, port exceptions, certificate
// expiry and authorization coverage. Pods link to their drill-down; predicted pods say so.
import Link from 'next/link';
import type { SortDirection } from '@/lib/api/paging';
import type { WorkloadRowDto } from '@/lib/api/views/namespace';
import { DataTable, type Column } from '@/components/ui/data-table';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** "in 3 d", "in 5 h", "12 d ago" from seconds remaining; empty when unknown. */
export function formatRemaining(seconds: number | null): string {
  if (seconds === null) return '';
  const abs = Math.abs(seconds);
  const amount = abs >= DAY ? `${Math.floor(abs / DAY)} d` : `${Math.max(0, Math.floor(abs / HOUR))} h`;
  return seconds < 0 ? `${amount} ago` : `in ${amount}`;
}

function certificateCell(c: WorkloadRowDto['certificate']) {
  if (!c) return <span className="muted">none (no dataplane)</span>;
  const when = c.notAfter ? `, not after ${c.notAfter} (${formatRemaining(c.remainingSeconds)})` : '';
  return (
    <span className={c.status === 'unknown' ? 'state-unknown' : c.status === 'healthy' ? 'state-passed' : 'state-failed'}>
      {c.status}
      {when}
    </span>
  );
}

function columns(namespace: string): readonly Column<WorkloadRowDto>[] {
  return [
    {
      key: 'pod', header: 'Workload', sortKey: 'pod', rowHeader: true,
      render: (w) => (
        <>
          <Link href={`/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(w.pod)}`} prefetch={false}>
            {w.pod}
          </Link>
          {w.predictedFrom && <span className="muted"> (predicted from {w.predictedFrom})</span>}
          {w.isGateway && <span className="muted"> (gateway)</span>}
        </>
      ),
    },
    { key: 'dataplane', header: 'Dataplane', sortKey: 'dataplane', render: (w) => w.dataplane },
    {
      key: 'mode', header: 'mTLS mode', sortKey: 'mode', className: (w) => `mode-${w.mode.toLowerCase()}`,
      render: (w) => (
        <>
          {w.mode}
          <span className="muted"> {w.modeReason ? `(${w.modeReason})` : w.dataplane === 'none' ? '' : `by ${w.modePolicy ?? 'Istio default'}`}</span>
        </>
      ),
    },
    {
      key: 'ports', header: 'Port exceptions',
      render: (w) => (w.portExceptions.length === 0 ? '—' : w.portExceptions.map((p) => `${p.port}: ${p.mode}`).join(', ')),
    },
    { key: 'certificate', header: 'Certificate', sortKey: 'certificate', render: (w) => certificateCell(w.certificate) },
    {
      key: 'authorization', header: 'Authorization', sortKey: 'authorization',
      className: (w) => (w.authorization === 'unknown' ? 'state-unknown' : undefined),
      render: (w) => `${w.authorization}${w.authorizationPolicies > 0 ? ` (${w.authorizationPolicies} ${w.authorizationPolicies === 1 ? 'policy' : 'policies'})` : ''}`,
    },
  ];
}

export function WorkloadsTable({
  namespace,
  rows,
  sort,
  onSort,
}: {
  readonly namespace: string;
  readonly rows: readonly WorkloadRowDto[];
  readonly sort: { readonly key: string; readonly dir: SortDirection };
  readonly onSort: (key: string) => void;
}) {
  return <DataTable label="Workloads" rows={rows} columns={columns(namespace)} rowKey={(w) => w.pod} sort={sort} onSort={onSort} testId="workloads-table" />;
}
