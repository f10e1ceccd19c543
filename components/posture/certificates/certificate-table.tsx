'use client';
// The fleet table of workload certificates: one server-sorted page, virtualised by DataTable once it is long.
// Rows stay one line (long ids scroll sideways), so the verdict and the time left come first.
import Link from 'next/link';
import { formatRemaining, type CertificateRowDto, type CertificateSortKey, type CertificatesFilters } from '@/lib/api/views/certificates';
import type { PageDto } from '@/lib/api/paging';
import { DataTable, Pager, type Column } from '@/components/ui/data-table';
import { originLabel, STATUS_PRESENTATION } from './presentation';
import styles from './certificates.module.css';

function flags(r: CertificateRowDto): string {
  return [r.trustDomainMismatch ? 'trust domain mismatch' : null, r.differentRoot ? 'different root' : null].filter((f) => f !== null).join(', ');
}

const COLUMNS: readonly Column<CertificateRowDto>[] = [
  {
    key: 'pod',
    header: 'Pod',
    sortKey: 'namespace',
    rowHeader: true,
    render: (r) => <Link href={`/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}`}>{`${r.namespace}/${r.pod}`}</Link>,
  },
  {
    key: 'status',
    header: 'Status',
    sortKey: 'status',
    className: (r) => STATUS_PRESENTATION[r.status].className,
    render: (r) => {
      const f = flags(r);
      return f ? `${STATUS_PRESENTATION[r.status].label}; ${f}` : STATUS_PRESENTATION[r.status].label;
    },
  },
  { key: 'remaining', header: 'Remaining', sortKey: 'remaining', render: (r) => formatRemaining(r.remainingSeconds) },
  { key: 'notAfter', header: 'Not after', sortKey: 'notAfter', render: (r) => (r.notAfter ? <time dateTime={r.notAfter}>{r.notAfter}</time> : '–') },
  { key: 'spiffeId', header: 'SPIFFE ID', sortKey: 'spiffeId', render: (r) => (r.spiffeId ? <code className={styles.code}>{r.spiffeId}</code> : '–') },
  { key: 'serial', header: 'Serial', sortKey: 'serial', render: (r) => (r.serial ? <code className={styles.code}>{r.serial}</code> : '–') },
  {
    key: 'origin',
    header: 'Data from',
    sortKey: 'origin',
    render: (r) => (r.asOf ? `${originLabel(r.origin)}, read ${r.asOf}` : originLabel(r.origin)),
  },
  {
    key: 'note',
    header: 'Note',
    render: (r) => (
      <span className={styles.note} title={r.notes.join('\n')}>
        {r.notes[0] ?? ''}
      </span>
    ),
  },
];

export function CertificateTable({
  page,
  filters,
  onChange,
}: {
  readonly page: PageDto<CertificateRowDto>;
  readonly filters: CertificatesFilters;
  readonly onChange: (patch: Partial<CertificatesFilters>) => void;
}) {
  return (
    <>
      <div className={`${styles.scrollX} ${styles.fleet}`}>
        <DataTable
          label="Workload certificates"
          rows={page.rows}
          columns={COLUMNS}
          rowKey={(r) => `${r.namespace}/${r.pod}`}
          sort={{ key: filters.sort, dir: filters.dir }}
          onSort={(key) => onChange({ sort: key as CertificateSortKey, dir: filters.sort === key && filters.dir === 'asc' ? 'desc' : 'asc', page: 1 })}
          testId="certificate-table"
        />
      </div>
      <Pager page={page.page} pageSize={page.pageSize} total={page.total} onPage={(p) => onChange({ page: p })} />
    </>
  );
}
