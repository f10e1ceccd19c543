// Migration board (/migration and GET /api/v1/migration): a column per phase 0–4, a card per namespace with what
// blocks its next phase, and the mesh-level checklist. Columns are capped (or one column is paged) so the board
// stays light at 1,000 namespaces.
import { queryOptions } from '@tanstack/react-query';
import { fetchView, toQueryString } from '../fetch-json';
import { positiveInt, type PageDto } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';
import type { PhaseCheckDto } from './namespace';
import type { TrafficBriefDto, TrafficEvidenceDto } from './traffic';

/** Cards per column on the whole board; the rest are counted ("N more") and reachable by paging that column. */
export const CARDS_PER_COLUMN = 12;
/** Cards per page when one column is shown on its own. */
export const COLUMN_PAGE_SIZE = 60;

export interface MigrationCardDto {
  readonly namespace: string;
  readonly phase: number;
  readonly workloads: number;
  readonly strictWorkloads: number;
  readonly dataplane: string;
  /** False for platform namespaces and namespaces without workloads: they do not hold the mesh phase back. */
  readonly countsTowardMeshPhase: boolean;
  /** The phase this namespace works towards; null at phase 4. */
  readonly nextPhase: number | null;
  /** The failed or unknown items of the next phase, with the objects behind each. */
  readonly blockers: readonly PhaseCheckDto[];
  /** STRICT readiness on observed traffic ("plaintext-free since", or who still sends plaintext); null without traffic. */
  readonly evidence: TrafficEvidenceDto | null;
}

export interface MigrationColumnDto {
  readonly phase: number;
  /** Matching namespaces in this phase and the page of them shown (empty when another column is focused). */
  readonly cards: PageDto<MigrationCardDto>;
}

export interface BlockerCountDto {
  readonly id: string;
  readonly phase: number;
  readonly title: string;
  /** Matching namespaces (before the blocker filter) held back by this item. */
  readonly namespaces: number;
}

export interface MigrationView {
  readonly meshPhase: number;
  /** The mesh-level checklist of phases 1–4. */
  readonly meshChecks: readonly PhaseCheckDto[];
  readonly columns: readonly MigrationColumnDto[];
  /** What holds namespaces back, most frequent first. */
  readonly blockerCounts: readonly BlockerCountDto[];
  /** Namespaces matching the filters, all columns together. */
  readonly matching: number;
  readonly namespacesTotal: number;
  /** The observed traffic the evidence comes from; null before the server has prepared any. */
  readonly traffic: TrafficBriefDto | null;
}

export interface MigrationFilters {
  /** Substring of the namespace name. */
  readonly namespace: string;
  /** Show this column alone, paged; null shows every column capped. */
  readonly phase: number | null;
  /** Only namespaces this checklist item blocks (a check id such as `authz-coverage`). */
  readonly blocker: string;
  readonly page: number;
}

function phaseParam(value: string | null): number | null {
  return value !== null && /^[0-4]$/.test(value) ? Number(value) : null;
}

export function parseMigrationFilters(params: URLSearchParams): MigrationFilters {
  const blocker = params.get('blocker') ?? '';
  return {
    namespace: (params.get('namespace') ?? '').slice(0, 253),
    phase: phaseParam(params.get('phase')),
    blocker: /^[a-z0-9-]{1,64}$/.test(blocker) ? blocker : '',
    page: positiveInt(params.get('page'), 1),
  };
}

export function migrationSearch(filters: MigrationFilters): string {
  return toQueryString({
    namespace: filters.namespace,
    phase: filters.phase,
    blocker: filters.blocker,
    page: filters.page === 1 || filters.phase === null ? null : filters.page,
  });
}

export function migrationQueryOptions(filters: MigrationFilters) {
  return queryOptions({
    queryKey: ['v1', 'migration', filters] as const,
    queryFn: ({ signal }) => fetchView<MigrationView>(`/api/v1/migration${migrationSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}
