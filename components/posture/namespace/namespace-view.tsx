'use client';
// One namespace: coverage, migration phase with its checklist, workloads (server paged), policies and findings, with
// an Export menu scoped to the namespace. Data from /api/v1/namespaces/{ns} through react-query (server prefetched).
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { formatShare } from '@/lib/api/coverage';
import { namespaceQueryOptions, namespaceSearch, parseNamespaceFilters, phaseName, type NamespaceView, type WorkloadSortKey } from '@/lib/api/views/namespace';
import { Pager } from '@/components/ui/data-table';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { ExportMenu } from '../export-menu';
import { NamespaceFindings } from './namespace-findings';
import { NamespacePolicies } from './namespace-policies';
import { NamespaceTraffic } from './namespace-traffic';
import { PhaseChecklist } from './phase-checklist';
import { WorkloadsTable } from './workloads-table';

function Summary({ data }: { readonly data: NamespaceView }) {
  const c = data.coverage;
  return (
    <dl className="summary">
      <div className="card">
        <dt>Migration phase</dt>
        <dd className="card-text">
          <span data-testid="namespace-phase">{data.phase}</span> · {phaseName(data.phase)}
        </dd>
      </div>
      <div className="card">
        <dt>Workloads enforcing mTLS</dt>
        <dd data-testid="namespace-strict">
          {c.strict} of {c.total} ({formatShare(c.strict, c.total)})
        </dd>
      </div>
      <div className="card">
        <dt>Ports enforcing mTLS</dt>
        <dd>{formatShare(data.portCoverage.strict, data.portCoverage.total)}</dd>
      </div>
      <div className="card">
        <dt>Workloads accepting plaintext</dt>
        <dd data-testid="namespace-plaintext">{data.plaintextWorkloads}</dd>
      </div>
      <div className="card">
        <dt>Verdicts unknown</dt>
        <dd>{c.unknown}</dd>
      </div>
      <div className="card">
        <dt>Namespace-level mode · dataplane</dt>
        <dd className="card-text">
          {data.namespaceMode} · {data.dataplane}
        </dd>
      </div>
    </dl>
  );
}

function ChecklistIntro({ data }: { readonly data: NamespaceView }) {
  const blocking = data.checks.filter((c) => c.blocksNextPhase).length;
  return (
    <p data-testid="namespace-next-phase">
      {data.phase === 4
        ? 'Every phase passed.'
        : `${blocking} ${blocking === 1 ? 'item blocks' : 'items block'} phase ${data.phase + 1} (${phaseName(data.phase + 1)}).`}
      {!data.countsTowardMeshPhase && <span className="muted"> This namespace does not count towards the mesh phase (no workloads, or a platform namespace).</span>}
    </p>
  );
}

export function NamespaceViewClient({ namespace }: { readonly namespace: string }) {
  const [filters, setFilters] = useUrlFilters(parseNamespaceFilters, namespaceSearch);
  const query = useQuery(namespaceQueryOptions(namespace, filters));
  const onSort = useCallback(
    (key: string) => setFilters({ sort: key as WorkloadSortKey, dir: filters.sort === key && filters.dir === 'asc' ? 'desc' : 'asc', page: 1 }),
    [filters.dir, filters.sort, setFilters],
  );
  return (
    <ViewQuery query={query} what={`namespace ${namespace}`}>
      {(data) => (
        <>
          <ExportMenu filters={{ namespace: data.name }} />
          <Summary data={data} />
          <h2>Migration checklist</h2>
          <ChecklistIntro data={data} />
          <PhaseChecklist items={data.checks} label="Migration checklist" namespace={data.name} />
          {data.traffic && data.coverage.total > 0 && <NamespaceTraffic namespace={data.name} traffic={data.traffic} />}
          <h2>Workloads</h2>
          {data.coverage.total === 0 ? (
            <EmptyState>This namespace has no workloads: nothing runs in it to protect yet.</EmptyState>
          ) : (
            <>
              <div className="table-tools">
                <label htmlFor="workload-filter">Filter workloads</label>{' '}
                <input id="workload-filter" type="search" defaultValue={filters.q} onChange={(e) => setFilters({ q: e.target.value, page: 1 })} />
              </div>
              {data.workloads.total === 0 ? (
                <EmptyState>No workload matches “{filters.q}”.</EmptyState>
              ) : (
                <>
                  <WorkloadsTable namespace={data.name} rows={data.workloads.rows} sort={{ key: filters.sort, dir: filters.dir }} onSort={onSort} />
                  <Pager page={data.workloads.page} pageSize={data.workloads.pageSize} total={data.workloads.total} onPage={(page) => setFilters({ page })} />
                </>
              )}
            </>
          )}
          <h2>Policies</h2>
          <NamespacePolicies policies={data.policies} unreadable={data.unreadablePolicyKinds} />
          <h2>Findings</h2>
          <NamespaceFindings namespace={data.name} findings={data.findings} omitted={data.findingsOmitted} />
        </>
      )}
    </ViewQuery>
  );
}
