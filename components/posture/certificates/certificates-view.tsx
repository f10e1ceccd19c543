'use client';
// The certificates view: verdict counts, warnings, roots of trust, the expiry timeline and the fleet table. Data comes
// from /api/v1/certificates through react-query (prefetched on the server); filters live in the URL.
import { FilterSelect } from '@/components/ui/filter-select';
import { useQuery } from '@tanstack/react-query';
import {
  CERTIFICATE_STATUS_FILTERS,
  certificatesQueryOptions,
  certificatesSearch,
  parseCertificatesFilters,
  type CertificatesFilters,
  type CertificatesView,
  type CertificateStatusFilter,
} from '@/lib/api/views/certificates';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { CertificateTable } from './certificate-table';
import { CertificateWarnings } from './certificate-warnings';
import { ExpiryTimelineSection } from './expiry-timeline-section';
import { STATUS_FILTER_LABELS } from './presentation';
import { RootsTable } from './roots-table';
import styles from './certificates.module.css';

function Summary({ data }: { readonly data: CertificatesView }) {
  const { counts } = data;
  return (
    <dl className="summary">
      <div className="card">
        <dt>Workload certificates</dt>
        <dd data-testid="count-total">{counts.total}</dd>
      </div>
      <div className="card">
        <dt>Expired</dt>
        <dd data-testid="count-expired">{counts.expired}</dd>
      </div>
      <div className="card">
        <dt>Expiring</dt>
        <dd data-testid="count-expiring">{counts.expiring}</dd>
      </div>
      <div className="card">
        <dt>Unknown (data missing)</dt>
        <dd data-testid="count-unknown">{counts.unknown}</dd>
      </div>
      <div className="card">
        <dt>Mesh trust domain</dt>
        <dd className="card-text">{data.trustDomain}</dd>
      </div>
    </dl>
  );
}

function TableFilters({ data, filters, onChange }: { readonly data: CertificatesView; readonly filters: CertificatesFilters; readonly onChange: (patch: Partial<CertificatesFilters>) => void }) {
  return (
    <div className={styles.filters}>
      <span>
        <label htmlFor="certificate-search">Search pod, SPIFFE ID or serial</label>{' '}
        <input id="certificate-search" type="search" defaultValue={filters.q} onChange={(e) => onChange({ q: e.target.value, page: 1 })} />
      </span>
      <FilterSelect
        id="certificate-status"
        label="Status"
        value={filters.status}
        options={CERTIFICATE_STATUS_FILTERS.map((s) => ({ value: s, label: STATUS_FILTER_LABELS[s] }))}
        onChange={(v) => onChange({ status: v as CertificateStatusFilter | '', page: 1 })}
      />
      <FilterSelect id="certificate-namespace" label="Namespace" value={filters.namespace} options={data.namespaces.map((ns) => ({ value: ns, label: ns }))} onChange={(v) => onChange({ namespace: v, page: 1 })} />
    </div>
  );
}

export function CertificatesViewClient() {
  const [filters, setFilters] = useUrlFilters(parseCertificatesFilters, certificatesSearch);
  const query = useQuery(certificatesQueryOptions(filters));
  const filterHref = (status: string) => `/certificates${certificatesSearch({ ...filters, status: status as CertificateStatusFilter, q: '', namespace: '', page: 1 })}#fleet`;
  return (
    <ViewQuery query={query} what="the certificates">
      {(data) => (
        <>
          <Summary data={data} />
          <p className="muted">
            Verdicts computed for <time dateTime={data.now}>{data.now}</time>. Workload certificates rotate about daily; roots are flagged 30 days before they expire.
          </p>
          <h2>Warnings</h2>
          <CertificateWarnings warnings={data.warnings} filterHref={filterHref} />
          <h2>Roots of trust</h2>
          <RootsTable roots={data.roots} />
          <h2>Upcoming expiries</h2>
          <ExpiryTimelineSection timeline={data.timeline} onSpan={(span) => setFilters({ span })} />
          <h2 id="fleet">Workload certificates</h2>
          <TableFilters data={data} filters={filters} onChange={setFilters} />
          {data.certificates.total === 0 ? (
            <EmptyState>{data.counts.total === 0 ? 'No proxy certificate in this mesh: no pod has a dataplane.' : 'No certificate matches these filters.'}</EmptyState>
          ) : (
            <CertificateTable page={data.certificates} filters={filters} onChange={setFilters} />
          )}
        </>
      )}
    </ViewQuery>
  );
}
