// Reading history back: the records (each posture's summary), the changes with their causes, findings' open/closed
// spans, namespaces' phase spans and certificate rotations, within a time window and optionally one namespace and
// one source. Every JSON column is parsed (history-rows.ts) before it leaves the store.
import { DATAPLANES, EFFECTIVE_MODES, type Phase } from '@/lib/mesh/model';
import type { FindingSpan, PhaseSpan, PostureHistory, RecordedChange, RecordedPosture, RecordedRotation } from '@/lib/mesh/history/history-types';
import { parseCauses, parseObjects, parseSummary, StoredDataError } from './history-rows';
import type { SqlExecutor } from './sql-client';

export type { PostureHistory } from '@/lib/mesh/history/history-types';

export interface HistoryQuery {
  /** RFC 3339; inclusive. */
  readonly since?: string;
  /** RFC 3339; inclusive. */
  readonly until?: string;
  readonly namespace?: string;
  readonly source?: string;
  /** Which of the spans to read besides records and changes (default: all). */
  readonly spans?: readonly HistorySpanKind[];
}

export const HISTORY_SPAN_KINDS = ['findings', 'phases', 'rotations'] as const;
export type HistorySpanKind = (typeof HISTORY_SPAN_KINDS)[number];

/** timestamptz → RFC 3339 UTC seconds, the same text from both back ends whatever their type parsers. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** `$n` placeholders for the window, namespace and source filters of one table. */
function filters(q: HistoryQuery, at: { from: string; to: string }, namespace: string | null): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.since !== undefined) clauses.push(`(${at.to} IS NULL OR ${at.to} >= ${bind(q.since)}::timestamptz)`);
  if (q.until !== undefined) clauses.push(`${at.from} <= ${bind(q.until)}::timestamptz`);
  if (q.namespace !== undefined && namespace) clauses.push(`${namespace} = ${bind(q.namespace)}`);
  if (q.source !== undefined) clauses.push(`source = ${bind(q.source)}`);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const oneOf = <T extends string>(allowed: readonly T[], value: unknown, what: string): T | null => {
  if (value === null) return null;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new StoredDataError(`${what}: unexpected value ${JSON.stringify(String(value).slice(0, 40))}`);
};

const SEVERITY_VALUES = ['error', 'warning', 'info'] as const;

export async function readHistory(db: SqlExecutor, q: HistoryQuery): Promise<PostureHistory> {
  const point = (col: string) => ({ from: col, to: col });
  const r = filters(q, point('at'), null);
  const recordRows = await db.query<{ at: string; source: string; summary: unknown; daily: boolean }>(
    `SELECT ${iso('at')} AS at, source, summary, daily FROM posture_records ${r.where} ORDER BY at, source`,
    r.params,
  );
  const records = recordRows.map((row): RecordedPosture => {
    const summary = parseSummary(row.summary, `posture_records at ${row.at}: summary`);
    return {
      at: row.at,
      source: row.source,
      daily: row.daily,
      summary: q.namespace === undefined ? summary : { ...summary, namespaces: summary.namespaces.filter((n) => n.name === q.namespace) },
    };
  });

  const c = filters(q, point('at'), 'namespace');
  const changeRows = await db.query<{
    at: string; source: string; namespace: string; workload: string; port: number | null; from_mode: unknown; to_mode: unknown;
    from_dataplane: unknown; to_dataplane: unknown; regression: boolean; causes: unknown;
  }>(
    `SELECT ${iso('at')} AS at, source, namespace, workload, port, from_mode, to_mode, from_dataplane, to_dataplane, regression, causes
     FROM posture_changes ${c.where} ORDER BY at, namespace, workload, port NULLS FIRST`,
    c.params,
  );
  const changes = changeRows.map((row): RecordedChange => {
    const what = `posture_changes at ${row.at}`;
    return {
      at: row.at, source: row.source, namespace: row.namespace, workload: row.workload, port: row.port,
      from: oneOf(EFFECTIVE_MODES, row.from_mode, `${what}: from_mode`),
      to: oneOf(EFFECTIVE_MODES, row.to_mode, `${what}: to_mode`),
      dataplane: { from: oneOf(DATAPLANES, row.from_dataplane, `${what}: from_dataplane`), to: oneOf(DATAPLANES, row.to_dataplane, `${what}: to_dataplane`) },
      regression: row.regression,
      causes: parseCauses(row.causes, `${what}: causes`),
    };
  });

  const spans = new Set(q.spans ?? HISTORY_SPAN_KINDS);
  const f = filters(q, { from: 'open_since', to: 'closed_at' }, 'namespace');
  const findingRows = !spans.has('findings') ? [] : await db.query<{ source: string; code: string; severity: unknown; namespace: string | null; objects: unknown; message: string; open_since: string; closed_at: string | null }>(
    `SELECT source, code, severity, namespace, objects, message, ${iso('open_since')} AS open_since, ${iso('closed_at')} AS closed_at
     FROM finding_spans ${f.where} ORDER BY open_since, code, id`,
    f.params,
  );
  const findings = findingRows.map((row): FindingSpan => ({
    source: row.source, code: row.code, namespace: row.namespace, message: row.message, openSince: row.open_since, closedAt: row.closed_at,
    severity: oneOf(SEVERITY_VALUES, row.severity, `finding_spans ${row.code}: severity`) ?? 'info',
    objects: parseObjects(row.objects, `finding_spans ${row.code}: objects`),
  }));

  const p = filters(q, { from: 'entered_at', to: 'left_at' }, 'namespace');
  const phaseRows = !spans.has('phases') ? [] : await db.query<{ source: string; namespace: string; phase: number; entered_at: string; left_at: string | null }>(
    `SELECT source, namespace, phase, ${iso('entered_at')} AS entered_at, ${iso('left_at')} AS left_at FROM phase_spans ${p.where} ORDER BY namespace, entered_at`,
    p.params,
  );
  const phases = phaseRows.map((row): PhaseSpan => {
    if (![0, 1, 2, 3, 4].includes(row.phase)) throw new StoredDataError(`phase_spans ${row.namespace}: phase ${row.phase} is not 0–4`);
    return { source: row.source, namespace: row.namespace, phase: row.phase as Phase, enteredAt: row.entered_at, leftAt: row.left_at };
  });

  const k = filters(q, point('at'), 'namespace');
  const rotationRows = !spans.has('rotations') ? [] : await db.query<{ source: string; at: string; namespace: string; workload: string; previous_serial: string; serial: string; not_after: string | null }>(
    `SELECT source, ${iso('at')} AS at, namespace, workload, previous_serial, serial, ${iso('not_after')} AS not_after FROM certificate_rotations ${k.where} ORDER BY at, namespace, workload`,
    k.params,
  );
  const rotations = rotationRows.map((row): RecordedRotation => ({
    source: row.source, at: row.at, namespace: row.namespace, workload: row.workload, previousSerial: row.previous_serial, serial: row.serial, notAfter: row.not_after,
  }));
  return { records, changes, findings, phases, rotations };
}
