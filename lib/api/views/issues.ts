// Unreadable input view (/issues and GET /api/v1/issues): every object or file the source could not read, with
// where it is and why. None of them is in any verdict, so a user must be able to see them all (issue #15 item 7).
import { queryOptions } from '@tanstack/react-query';
import { fetchView, toQueryString } from '../fetch-json';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, positiveInt, type PageDto } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';

export interface IssueRowDto {
  /** 'warning': the object or file is missing from every verdict; 'info': knowingly skipped (a kind the engine does
   * not read, an unknown field), which leaves the data complete. */
  readonly level: 'warning' | 'info';
  /** The object's kind when it is known. */
  readonly kind: string | null;
  /** 'Kind/namespace/name' or 'Kind/name' when the object is known. */
  readonly object: string | null;
  readonly file: string | null;
  readonly line: number | null;
  readonly reason: string;
}

export interface IssuesView {
  /** Issues per kind (`(no kind)` for files and documents that could not be decoded), largest first. */
  readonly byKind: readonly { readonly kind: string; readonly count: number }[];
  readonly issues: PageDto<IssueRowDto>;
}

export const NO_KIND = '(no kind)';

/** Issues per kind (NO_KIND when unknown), largest first, then by name: the view's filter and the server's log line. */
export function countIssuesByKind(issues: readonly { readonly kind?: string | null }[]): IssuesView['byKind'] {
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(i.kind ?? NO_KIND, (counts.get(i.kind ?? NO_KIND) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

export interface IssuesFilters {
  /** A kind from byKind, '' for all. */
  readonly kind: string;
  readonly page: number;
  readonly pageSize: number;
}

export function parseIssuesFilters(params: URLSearchParams): IssuesFilters {
  return {
    kind: (params.get('kind') ?? '').slice(0, 100),
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

export function issuesSearch(filters: IssuesFilters): string {
  return toQueryString({ kind: filters.kind, page: filters.page === 1 ? null : filters.page, pageSize: filters.pageSize === DEFAULT_PAGE_SIZE ? null : filters.pageSize });
}

export function issuesQueryOptions(filters: IssuesFilters) {
  return queryOptions({
    queryKey: ['v1', 'issues', filters] as const,
    queryFn: ({ signal }) => fetchView<IssuesView>(`/api/v1/issues${issuesSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}

/** "1 object could not be read", "3 objects could not be read". */
export function unreadableSentence(count: number): string {
  return `${count} ${count === 1 ? 'object or file' : 'objects or files'} could not be read`;
}
