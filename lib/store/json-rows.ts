// Reading many rows at once from either back end.
import type { SqlExecutor } from './sql-client';

/**
 * The rows of `select` as one JSON text parsed here: PGlite converts each row and value in JavaScript, which for
 * thousands of spans cost more than the whole query may take; PostgreSQL builds the text in one pass. Unordered:
 * callers sort (code-unit order, the same from both back ends whatever their collation).
 */
export async function jsonRows<Row>(db: SqlExecutor, select: string, params: readonly unknown[]): Promise<Row[]> {
  const [row] = await db.query<{ rows: string }>(`SELECT coalesce(json_agg(t), '[]')::text AS rows FROM (${select}) t`, params);
  return JSON.parse(row?.rows ?? '[]') as Row[];
}
