// Reading history back: the records (each posture's summary), the changes with their causes, findings' open/closed
// spans, namespaces' phase spans and certificate rotations, within a time window and optionally one namespace and
// one source. Every JSON column is parsed (history-rows.ts) before it leaves the store.
import type { Phase } from '@/lib/mesh/model';
import type { FindingSpan, PhaseSpan, PostureHistory, RecordedRotation } from '@/lib/mesh/history/history-types';
import { parseObjects, StoredDataError } from './history-rows';
import { readRecords } from './record-summaries';
import { readChanges } from './change-rows';
import { oneOf } from './change-batch';
import { jsonRows } from './json-rows';
import type { SqlExecutor } from './sql-client';

export type { PostureHistory } from '@/lib/mesh/history/history-types';

export interface HistoryQuery {
  /** RFC 3339; inclusive. */
  readonly since?: string;
  /** RFC 3339; inclusive. */
  readonly until?: string;
  readonly namespace?: string;
  /** One controller-level workload of `namespace`: its changes and rotations only (records and spans unfiltered). */
  readonly workload?: string;
  readonly source?: string;
  /** Which of the spans to read besides records and changes (default: all). */
  readonly spans?: readonly HistorySpanKind[];
  /** Read the records (default true) and the changes (default true); false leaves the list empty. */
  readonly records?: boolean;
  readonly changes?: boolean;
}

export const HISTORY_SPAN_KINDS = ['findings', 'phases', 'rotations', 'traffic'] as const;
export type HistorySpanKind = (typeof HISTORY_SPAN_KINDS)[number];

/** timestamptz → RFC 3339 UTC seconds, the same text from both back ends whatever their type parsers. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** `$n` placeholders for the window, namespace and source filters of one table. */
function filters(q: HistoryQuery, at: { from: string; to: string }, namespace: string | null, workload: string | null = null): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.since !== undefined) clauses.push(`(${at.to} IS NULL OR ${at.to} >= ${bind(q.since)}::timestamptz)`);
  if (q.until !== undefined) clauses.push(`${at.from} <= ${bind(q.until)}::timestamptz`);
  if (q.namespace !== undefined && namespace) clauses.push(`${namespace} = ${bind(q.namespace)}`);
  if (q.namespace !== undefined && q.workload !== undefined && workload) clauses.push(`${workload} = ${bind(q.workload)}`);
  if (q.source !== undefined) clauses.push(`source = ${bind(q.source)}`);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const SEVERITY_VALUES = ['error', 'warning', 'info'] as const;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function readHistory(db: SqlExecutor, q: HistoryQuery): Promise<PostureHistory> {
  const point = (col: string) => ({ from: col, to: col });
  const records = q.records === false ? [] : await readRecords(db, filters(q, point('at'), null), q.namespace);
  // A namespace (or workload) filter reads the rows of posture_changes; the whole mesh reads the change batches.
  const changes = q.changes === false ? [] : await readChanges(db, { ...filters(q, point('at'), 'namespace', 'workload'), namespace: q.namespace });

  const spans = new Set(q.spans ?? HISTORY_SPAN_KINDS);
  const f = filters(q, { from: 'open_since', to: 'closed_at' }, 'namespace');
  const findingRows = !spans.has('findings') ? [] : await jsonRows<{ id: number; finding_key: string; source: string; code: string; severity: unknown; namespace: string | null; objects: unknown; message: string; open_since: string; closed_at: string | null }>(
    db,
    `SELECT id, finding_key, source, code, severity, namespace, objects, message, ${iso('open_since')} AS open_since, ${iso('closed_at')} AS closed_at FROM finding_spans ${f.where}`,
    f.params,
  );
  findingRows.sort((a, b) => cmp(a.open_since, b.open_since) || cmp(a.code, b.code) || a.id - b.id);
  const findings = findingRows.map((row): FindingSpan => ({
    source: row.source, key: row.finding_key, code: row.code, namespace: row.namespace, message: row.message, openSince: row.open_since, closedAt: row.closed_at,
    severity: oneOf(SEVERITY_VALUES, row.severity, `finding_spans ${row.code}: severity`) ?? 'info',
    objects: parseObjects(row.objects, `finding_spans ${row.code}: objects`),
  }));

  const p = filters(q, { from: 'entered_at', to: 'left_at' }, 'namespace');
  const phaseRows = !spans.has('phases') ? [] : await jsonRows<{ source: string; namespace: string; phase: number; entered_at: string; left_at: string | null }>(
    db,
    `SELECT source, namespace, phase, ${iso('entered_at')} AS entered_at, ${iso('left_at')} AS left_at FROM phase_spans ${p.where}`,
    p.params,
  );
  phaseRows.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.entered_at, b.entered_at) || cmp(a.source, b.source));
  const phases = phaseRows.map((row): PhaseSpan => {
    if (![0, 1, 2, 3, 4].includes(row.phase)) throw new StoredDataError(`phase_spans ${row.namespace}: phase ${row.phase} is not 0–4`);
    return { source: row.source, namespace: row.namespace, phase: row.phase as Phase, enteredAt: row.entered_at, leftAt: row.left_at };
  });

  const k = filters(q, point('at'), 'namespace', 'workload');
  const rotationRows = !spans.has('rotations') ? [] : await jsonRows<{ source: string; at: string; namespace: string; workload: string; previous_serial: string; serial: string; not_after: string | null }>(
    db,
    `SELECT source, ${iso('at')} AS at, namespace, workload, previous_serial, serial, ${iso('not_after')} AS not_after FROM certificate_rotations ${k.where}`,
    k.params,
  );
  rotationRows.sort((a, b) => cmp(a.at, b.at) || cmp(a.namespace, b.namespace) || cmp(a.workload, b.workload));
  const rotations = rotationRows.map((row): RecordedRotation => ({
    source: row.source, at: row.at, namespace: row.namespace, workload: row.workload, previousSerial: row.previous_serial, serial: row.serial, notAfter: row.not_after,
  }));
  // A day is the interval [midnight, next midnight) UTC for the window's overlap test.
  const d = filters(q, { from: `(day::timestamp AT TIME ZONE 'UTC')`, to: `((day + 1)::timestamp AT TIME ZONE 'UTC')` }, 'namespace', 'workload');
  const trafficRows = !spans.has('traffic') ? [] : await jsonRows<{ source: string; day: string; namespace: string; workload: string; pr: number; pc: number; ur: number; uc: number }>(
    db,
    `SELECT source, to_char(day, 'YYYY-MM-DD') AS day, namespace, workload, plaintext_requests AS pr, plaintext_connections AS pc,
            unclassified_requests AS ur, unclassified_connections AS uc FROM traffic_daily ${d.where}`,
    d.params,
  );
  trafficRows.sort((a, b) => cmp(a.day, b.day) || cmp(a.namespace, b.namespace) || cmp(a.workload, b.workload) || cmp(a.source, b.source));
  const count = (v: unknown, what: string) => {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
    throw new StoredDataError(`traffic_daily ${what}: expected a count`);
  };
  const traffic = trafficRows.map((r) => ({
    source: r.source, day: r.day, namespace: r.namespace, workload: r.workload,
    plaintextRequests: count(r.pr, `${r.day}`), plaintextConnections: count(r.pc, `${r.day}`), unclassifiedRequests: count(r.ur, `${r.day}`), unclassifiedConnections: count(r.uc, `${r.day}`),
  }));
  return { records, changes, findings, phases, rotations, ...(spans.has('traffic') && traffic.length > 0 ? { traffic } : {}) };
}
