// The records of a history query with their summaries reassembled (migration 2): a record keeps the mesh totals and
// findings; each namespace's summary is a span (namespace_summaries) from the posture that set it until the first
// one that changed it or no longer had the namespace. A record's namespaces are the spans of its source open at its
// time, by name. Each span is read and validated once, however many records share it.
import type { NamespaceSummary, RecordedPosture } from '@/lib/mesh/history/history-types';
import { parseNamespaceSummary, parseSummaryHead } from './history-rows';
import type { SqlExecutor } from './sql-client';
import { jsonRows } from './json-rows';

export interface RecordWindow {
  readonly where: string;
  readonly params: readonly unknown[];
}

/** timestamptz → RFC 3339 UTC seconds (string order is time order). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

interface SpanRow {
  readonly source: string;
  readonly namespace: string;
  readonly summary: unknown;
  readonly valid_from: string;
  readonly valid_to: string | null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: NamespaceSummary, b: NamespaceSummary) => cmp(a.name, b.name);

/** Sweeps one source's spans (by valid_from) along its records (by time). */
function assemble(records: { at: string; head: Omit<RecordedPosture['summary'], 'namespaces'>; source: string; daily: boolean }[], spans: readonly SpanRow[]): RecordedPosture[] {
  const open = new Map<string, { until: string | null; summary: NamespaceSummary }>();
  let next = 0;
  let sorted: NamespaceSummary[] | null = null;
  return records.map((r) => {
    for (; next < spans.length && (spans[next] as SpanRow).valid_from <= r.at; next++) {
      const s = spans[next] as SpanRow;
      const summary = { name: s.namespace, ...parseNamespaceSummary(s.summary, `namespace_summaries ${s.namespace} from ${s.valid_from}: summary`) };
      open.set(s.namespace, { until: s.valid_to, summary });
      sorted = null;
    }
    for (const [name, span] of open) {
      if (span.until !== null && span.until <= r.at) {
        open.delete(name);
        sorted = null;
      }
    }
    sorted ??= [...open.values()].map((s) => s.summary).sort(byName);
    return { at: r.at, source: r.source, daily: r.daily, summary: { ...r.head, namespaces: sorted } };
  });
}

/**
 * The records matching `window` (a WHERE clause over posture_records' `at` and `source`), oldest first, with the
 * namespace summaries of `namespace` only when one is given.
 */
export async function readRecords(db: SqlExecutor, window: RecordWindow, namespace: string | undefined): Promise<RecordedPosture[]> {
  const rows = await db.query<{ at: string; source: string; summary: unknown; daily: boolean }>(
    `SELECT ${iso('at')} AS at, source, summary, daily FROM posture_records ${window.where} ORDER BY source, at`,
    window.params,
  );
  if (rows.length === 0) return [];
  const bySource = new Map<string, { at: string; head: Omit<RecordedPosture['summary'], 'namespaces'>; source: string; daily: boolean }[]>();
  let first = rows[0]?.at as string;
  let last = first;
  for (const row of rows) {
    const head = parseSummaryHead(row.summary, `posture_records at ${row.at}: summary`);
    const list = bySource.get(row.source) ?? [];
    list.push({ at: row.at, source: row.source, daily: row.daily, head });
    bySource.set(row.source, list);
    if (row.at < first) first = row.at;
    if (row.at > last) last = row.at;
  }
  // Only the spans open at some time between the first and the last record read.
  const params: unknown[] = [first, last, JSON.stringify([...bySource.keys()])];
  const spans = await jsonRows<SpanRow>(
    db,
    `SELECT source, namespace, summary, ${iso('valid_from')} AS valid_from, ${iso('valid_to')} AS valid_to FROM namespace_summaries
     WHERE valid_from <= $2::timestamptz AND (valid_to IS NULL OR valid_to > $1::timestamptz) AND source IN (SELECT jsonb_array_elements_text($3::jsonb))
     ${namespace === undefined ? '' : `AND namespace = $${params.push(namespace)}`}`,
    params,
  );
  spans.sort((a, b) => cmp(a.source, b.source) || cmp(a.valid_from, b.valid_from) || cmp(a.namespace, b.namespace));
  const spansBySource = new Map<string, SpanRow[]>();
  for (const s of spans) {
    const list = spansBySource.get(s.source) ?? [];
    list.push(s);
    spansBySource.set(s.source, list);
  }
  const assembled = [...bySource].flatMap(([source, records]) => assemble(records, spansBySource.get(source) ?? []));
  return assembled.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
