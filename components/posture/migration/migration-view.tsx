'use client';
// The migration board: the mesh's phase, a column per phase with a card per namespace (first, as a board), what holds
// namespaces back most, and the mesh-level checklist below. Filters (name, blocker, focused phase, page) live in the
// URL. Data from /api/v1/migration.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { migrationHistoryQueryOptions } from '@/lib/api/views/history-context';
import { migrationQueryOptions, migrationSearch, parseMigrationFilters, type MigrationView } from '@/lib/api/views/migration';
import { phaseName } from '@/lib/api/views/namespace';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { PhaseChecklist } from '../namespace/phase-checklist';
import { TrafficBriefNote } from '../traffic/traffic-evidence';
import { MigrationBoard } from './migration-board';
import styles from './migration.module.css';

/** One line first: the mesh's phase in words and how much holds it back (the checklist itself is below the board). */
function MeshPhase({ data }: { readonly data: MigrationView }) {
  const blocking = data.meshChecks.filter((c) => c.blocksNextPhase).length;
  return (
    <p>
      The mesh is in phase <strong data-testid="mesh-phase">{data.meshPhase}</strong> ({phaseName(data.meshPhase)}).{' '}
      {data.meshPhase === 4 ? 'Every phase passed.' : `${blocking} ${blocking === 1 ? 'item blocks' : 'items block'} phase ${data.meshPhase + 1}: see the mesh checklist below the board.`}
    </p>
  );
}

export function MigrationViewClient() {
  const [filters, setFilters] = useUrlFilters(parseMigrationFilters, migrationSearch);
  const query = useQuery(migrationQueryOptions(filters));
  // The history is its own request: a slow or absent database never holds the board back.
  const history = useQuery(migrationHistoryQueryOptions());
  const since = useMemo(() => new Map((history.data?.data.phases ?? []).map((p) => [p.namespace, p])), [history.data]);
  return (
    <ViewQuery query={query} what="the migration board">
      {(data) => {
        const known = data.blockerCounts.some((b) => b.id === filters.blocker);
        return (
          <>
            <MeshPhase data={data} />
            <h2>Namespaces by phase</h2>
            {data.traffic && <TrafficBriefNote brief={data.traffic} />}
            <div className={styles.tools}>
              <span>
                <label htmlFor="migration-namespace-filter">Filter namespaces</label>{' '}
                <input id="migration-namespace-filter" type="search" defaultValue={filters.namespace} onChange={(e) => setFilters({ namespace: e.target.value, page: 1 })} />
              </span>
              <span>
                <label htmlFor="migration-blocker-filter">Blocked by</label>{' '}
                <select id="migration-blocker-filter" value={filters.blocker} onChange={(e) => setFilters({ blocker: e.target.value, page: 1 })}>
                  <option value="">any item</option>
                  {filters.blocker && !known && <option value={filters.blocker}>{filters.blocker} (0 namespaces)</option>}
                  {data.blockerCounts.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.title} (phase {b.phase}): {b.namespaces} {b.namespaces === 1 ? 'namespace' : 'namespaces'}
                    </option>
                  ))}
                </select>
              </span>
              <span className="muted" data-testid="migration-matching">
                {data.matching} of {data.namespacesTotal} namespaces
              </span>
            </div>
            {data.namespacesTotal === 0 ? (
              <EmptyState>No namespaces in this mesh yet.</EmptyState>
            ) : data.matching === 0 ? (
              <EmptyState>No namespace matches these filters.</EmptyState>
            ) : (
              <MigrationBoard columns={data.columns} filters={filters} onPage={(page) => setFilters({ page })} since={since} />
            )}
            <h2>Mesh checklist</h2>
            <PhaseChecklist items={data.meshChecks} label="Mesh checklist" />
          </>
        );
      }}
    </ViewQuery>
  );
}
