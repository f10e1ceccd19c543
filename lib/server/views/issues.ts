import 'server-only';
// Builds the unreadable-input view from the current snapshot's collection issues, derived once per snapshot.
import { countIssuesByKind, NO_KIND, parseIssuesFilters, type IssueRowDto, type IssuesView } from '@/lib/api/views/issues';
import { pageOf } from '@/lib/api/paging';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import type { PostureState } from '../posture-store';

interface Derived {
  readonly rows: readonly IssueRowDto[];
  readonly byKind: IssuesView['byKind'];
}

function derive(snapshot: MeshSnapshot): Derived {
  const rows = snapshot.issues.map((i): IssueRowDto => ({ level: i.level ?? 'warning', kind: i.kind ?? null, object: i.object ?? null, file: i.file ?? null, line: i.line ?? null, reason: i.reason }));
  return { rows, byKind: countIssuesByKind(rows) };
}

const derived = new WeakMap<MeshSnapshot, Derived>();

export function buildIssuesView(state: PostureState, params: URLSearchParams): IssuesView {
  const filters = parseIssuesFilters(params);
  let d = derived.get(state.snapshot);
  if (!d) {
    d = derive(state.snapshot);
    derived.set(state.snapshot, d);
  }
  const rows = filters.kind ? d.rows.filter((r) => (r.kind ?? NO_KIND) === filters.kind) : d.rows;
  return { byKind: d.byKind, issues: pageOf(rows, filters.page, filters.pageSize) };
}
