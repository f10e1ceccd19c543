'use client';
// The unreadable-input view: every object or file the source could not read (kind, where, why), filterable by kind
// and paged on the server. Data comes from /api/v1/issues through react-query (prefetched on the server).
import { useQuery } from '@tanstack/react-query';
import { DataTable, Pager, type Column } from '@/components/ui/data-table';
import { FilterSelect } from '@/components/ui/filter-select';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { issuesQueryOptions, issuesSearch, parseIssuesFilters, unreadableSentence, type IssueRowDto } from '@/lib/api/views/issues';

const COLUMNS: readonly Column<IssueRowDto>[] = [
  { key: 'where', header: 'File', rowHeader: true, render: (r) => (r.file ? `${r.file}${r.line ? `:${r.line}` : ''}` : '(from the cluster)') },
  { key: 'level', header: 'Level', render: (r) => (r.level === 'info' ? 'info (skipped, data complete)' : 'warning (not in any verdict)') },
  { key: 'kind', header: 'Kind', render: (r) => r.kind ?? '' },
  { key: 'object', header: 'Object', render: (r) => r.object ?? '' },
  { key: 'reason', header: 'Why it was not read', render: (r) => r.reason },
];

export function IssuesViewClient() {
  const [filters, setFilters] = useUrlFilters(parseIssuesFilters, issuesSearch);
  const query = useQuery(issuesQueryOptions(filters));
  return (
    <ViewQuery query={query} what="the unreadable input">
      {(data, envelope) => (
        <>
          <p>
            Objects listed here are in <strong>no</strong> verdict: a policy that could not be read is not counted as in force, and
            nothing that depends on it is shown as secure because of it.
          </p>
          <h2>{envelope.unreadable === 0 ? 'Every object and file was read' : unreadableSentence(envelope.unreadable)}</h2>
          {data.byKind.length > 0 && (
            <FilterSelect
              id="issue-kind"
              label="Kind"
              value={filters.kind}
              options={data.byKind.map((k) => ({ value: k.kind, label: `${k.kind} (${k.count})` }))}
              onChange={(v) => setFilters({ kind: v, page: 1 })}
            />
          )}
          {data.issues.total === 0 ? (
            <EmptyState>{envelope.unreadable === 0 ? 'Nothing to show: the source was read whole.' : 'No unreadable object of this kind.'}</EmptyState>
          ) : (
            <>
              <DataTable label="Objects and files that could not be read" rows={data.issues.rows} columns={COLUMNS} rowKey={(r) => `${r.file ?? ''}:${r.line ?? ''}:${r.object ?? ''}:${r.reason}`} testId="issue-table" />
              <Pager page={data.issues.page} pageSize={data.issues.pageSize} total={data.issues.total} onPage={(page) => setFilters({ page })} />
            </>
          )}
        </>
      )}
    </ViewQuery>
  );
}
