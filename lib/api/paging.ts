// Paging and sorting parameters shared by the table views (server-side paging keeps 20,000-row meshes light).

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

export interface PageDto<Row> {
  readonly rows: readonly Row[];
  /** Rows matching the filters, before paging. */
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export type SortDirection = 'asc' | 'desc';

/** A positive integer from a query parameter, or the fallback when absent or invalid. */
export function positiveInt(value: string | null | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === null || value === undefined || !/^\d{1,9}$/.test(value)) return fallback;
  const n = Number(value);
  return n >= 1 ? Math.min(n, max) : fallback;
}

export function oneOf<T extends string>(value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  return value !== null && value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Slice a sorted list into the requested page (pages past the end give the last page). */
export function pageOf<Row>(rows: readonly Row[], page: number, pageSize: number): PageDto<Row> {
  const lastPage = Math.max(1, Math.ceil(rows.length / pageSize));
  const p = Math.min(page, lastPage);
  return { rows: rows.slice((p - 1) * pageSize, p * pageSize), total: rows.length, page: p, pageSize };
}
