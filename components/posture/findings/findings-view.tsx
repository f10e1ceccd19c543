'use client';
// The findings view: counts by severity, filters (severity, code, namespace) in the URL, one page of findings, and
// the catalogue of checks. Data comes from /api/v1/findings through react-query (prefetched on the server).
import { FilterSelect } from '@/components/ui/filter-select';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import {
  FINDING_SEVERITIES,
  FINDINGS_PAGE_SIZE,
  findingsQueryOptions,
  findingsSearch,
  parseFindingsFilters,
  type FindingsFilters,
  type FindingSeverityDto,
  type FindingsView,
} from '@/lib/api/views/findings';
import { Pager } from '@/components/ui/data-table';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { findingsHistoryQueryOptions } from '@/lib/api/views/history-context';
import { FindingCard, SEVERITY_PRESENTATION } from './finding-card';
import styles from './findings.module.css';

function Summary({ data }: { readonly data: FindingsView }) {
  return (
    <dl className="summary">
      {FINDING_SEVERITIES.map((s) => (
        <div className="card" key={s}>
          <dt>{SEVERITY_PRESENTATION[s].plural}</dt>
          <dd data-testid={`count-${s}`}>{data.counts[s]}</dd>
        </div>
      ))}
    </dl>
  );
}

function Filters({ data, filters, onChange }: { readonly data: FindingsView; readonly filters: FindingsFilters; readonly onChange: (patch: Partial<FindingsFilters>) => void }) {
  return (
    <div className={styles.filters}>
      <FilterSelect
        id="finding-severity"
        label="Severity"
        value={filters.severity}
        options={FINDING_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_PRESENTATION[s].label }))}
        onChange={(v) => onChange({ severity: v as FindingSeverityDto | '', page: 1 })}
      />
      <FilterSelect
        id="finding-code"
        label="Check"
        value={filters.code}
        options={data.codes.map((c) => ({ value: c.code, label: `${c.code} ${c.title} (${c.count})` }))}
        onChange={(v) => onChange({ code: v, page: 1 })}
        unlistedLabel={(v) => `${v} (not in the catalogue)`}
      />
      <FilterSelect id="finding-namespace" label="Namespace" value={filters.namespace} options={data.namespaces.map((ns) => ({ value: ns, label: ns }))} onChange={(v) => onChange({ namespace: v, page: 1 })} />
      {(filters.severity || filters.code || filters.namespace) && (
        <button type="button" onClick={() => onChange({ severity: '', code: '', namespace: '', page: 1 })}>
          Clear filters
        </button>
      )}
    </div>
  );
}

function Catalogue({ data }: { readonly data: FindingsView }) {
  return (
    <details className={styles.catalogue}>
      <summary>All {data.codes.length} checks and how often each fired</summary>
      <table className="data-table" aria-label="Finding catalogue" data-testid="finding-catalogue">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Severity</th>
            <th scope="col">Check</th>
            <th scope="col">Findings</th>
          </tr>
        </thead>
        <tbody>
          {data.codes.map((c) => (
            <tr key={c.code}>
              <th scope="row">
                <Link href={`/findings${findingsSearch({ severity: '', code: c.code, namespace: '', page: 1, pageSize: FINDINGS_PAGE_SIZE })}`}>{c.code}</Link>
              </th>
              <td className={SEVERITY_PRESENTATION[c.severity].className}>{SEVERITY_PRESENTATION[c.severity].label}</td>
              <td>{c.title}</td>
              <td>{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function FindingsViewClient() {
  const [filters, setFilters] = useUrlFilters(parseFindingsFilters, findingsSearch);
  const query = useQuery(findingsQueryOptions(filters));
  // "Open since" comes from the history, its own request: the findings never wait for the database.
  const openSince = useQuery(findingsHistoryQueryOptions()).data?.data.openSince;
  return (
    <ViewQuery query={query} what="the findings">
      {(data) => {
        const page = data.findings;
        return (
          <>
            <Summary data={data} />
            <Catalogue data={data} />
            <h2>
              {page.total} finding{page.total === 1 ? '' : 's'}
              {filters.severity || filters.code || filters.namespace ? ' matching the filters' : ''}
            </h2>
            <Filters data={data} filters={filters} onChange={setFilters} />
            {page.total === 0 ? (
              <EmptyState>
                {data.counts.total === 0
                  ? 'No findings: no check fired on the data that could be read (kinds that could not be read are listed above).'
                  : 'No finding matches these filters.'}
              </EmptyState>
            ) : (
              <>
                <ol className={styles.list} data-testid="finding-list">
                  {page.rows.map((f, i) => (
                    <li key={`${page.page}-${i}-${f.code}`}>
                      <FindingCard finding={f} openSince={openSince?.[f.key]} />
                    </li>
                  ))}
                </ol>
                <Pager page={page.page} pageSize={page.pageSize} total={page.total} onPage={(p) => setFilters({ page: p })} />
              </>
            )}
          </>
        );
      }}
    </ViewQuery>
  );
}
