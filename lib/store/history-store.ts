// The posture history store (issue #12): records each posture of a source with what changed since the previous one,
// and reads history back. One implementation over SqlClient, so the embedded (PGlite) and PostgreSQL back ends run
// the same SQL. Every write happens in one transaction behind an advisory lock: two writers (two replicas, a server
// and a cron job) are serialised, the second sees the first's posture as its "before", and unique keys make a
// replayed write add nothing.
import { randomUUID } from 'node:crypto';
import { diffPostures } from '@/lib/mesh/history/posture-delta';
import type { NamespaceSummary, PostureDelta, PostureDigest } from '@/lib/mesh/history/history-types';
import type { TrafficDay } from '@/lib/mesh/history/traffic-daily';
import { assertKnownSchema, HISTORY_LOCK_KEY, migrate, schemaVersionOf } from './migrations';
import type { SqlClient, SqlExecutor } from './sql-client';
import { readHistory, type HistoryQuery, type PostureHistory } from './history-query';
import { encodeChangeBatch } from './change-batch';
import { splitDigest, type DigestParts } from './digest-parts';
import { readStoredDigest, writeStoredDigest } from './state-parts';

export type { HistoryQuery, PostureHistory } from './history-query';

export const RECORD_STATUSES = ['recorded', 'unchanged', 'older'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export interface RecordOutcome {
  /** recorded: a new record (and its changes); unchanged: identical to the last posture; older: a newer one is stored. */
  readonly status: RecordStatus;
  readonly delta: PostureDelta | null;
}

export interface RetentionPolicy {
  /** Everything older is deleted (default 400). */
  readonly retentionDays: number;
  /** Records older than this are compacted to the last one of each day (default 30). */
  readonly detailDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { retentionDays: 400, detailDays: 30 };

export interface CompactionOutcome {
  readonly deleted: number;
  readonly compacted: number;
}

export interface HistoryStore {
  readonly label: string;
  record(digest: PostureDigest): Promise<RecordOutcome>;
  /** Keeps observed plaintext per day and workload; a day read again keeps the greatest of each count. */
  recordTraffic(source: string, at: string, days: readonly TrafficDay[]): Promise<void>;
  history(query?: HistoryQuery): Promise<PostureHistory>;
  compact(now: Date, policy?: RetentionPolicy): Promise<CompactionOutcome>;
  close(): Promise<void>;
}

/** Takes the writers' lock and re-checks the schema (a newer build may have migrated since this one opened). */
async function lockForWrite(tx: SqlExecutor, label: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [HISTORY_LOCK_KEY]);
  assertKnownSchema(await schemaVersionOf(tx), label);
}

const json = (value: unknown) => JSON.stringify(value);

/** The record keeps the mesh totals; each namespace's summary is a span in namespace_summaries (migration 2). */
const summaryHead = (digest: PostureDigest) => ({ mesh: digest.summary.mesh, findings: digest.summary.findings });
const namespaceSummary = (n: NamespaceSummary) => ({ phase: n.phase, workloads: n.workloads, ports: n.ports });

/** Closes the spans of the namespaces whose summary changed or that went away, and opens one for each new summary. */
async function writeNamespaceSummaries(tx: SqlExecutor, before: PostureDigest | null, digest: PostureDigest): Promise<void> {
  const was = new Map((before?.summary.namespaces ?? []).map((n) => [n.name, json(namespaceSummary(n))]));
  const is = new Map(digest.summary.namespaces.map((n) => [n.name, json(namespaceSummary(n))]));
  const closed = [...was.keys()].filter((name) => was.get(name) !== is.get(name));
  const opened = digest.summary.namespaces.filter((n) => was.get(n.name) !== is.get(n.name)).map((n) => ({ name: n.name, summary: namespaceSummary(n) }));
  if (before === null || closed.length > 0) {
    // Without a previous posture every span of the source still open is stale (it cannot be, but costs nothing).
    await tx.query(
      `UPDATE namespace_summaries SET valid_to = $2::timestamptz WHERE source = $1 AND valid_to IS NULL
         AND ($3::boolean OR namespace IN (SELECT jsonb_array_elements_text($4::jsonb)))`,
      [digest.source, digest.at, before === null, json(closed)],
    );
  }
  if (opened.length > 0) {
    await tx.query(
      `INSERT INTO namespace_summaries (source, namespace, summary, valid_from)
       SELECT $1, n.name, n.summary, $2::timestamptz FROM jsonb_to_recordset($3::jsonb) AS n(name text, summary jsonb)`,
      [digest.source, digest.at, json(opened)],
    );
  }
}

async function writeDelta(tx: SqlExecutor, before: PostureDigest | null, digest: PostureDigest, delta: PostureDelta): Promise<void> {
  const { source, at } = digest;
  await tx.query('INSERT INTO posture_records (source, at, summary) VALUES ($1, $2::timestamptz, $3::jsonb) ON CONFLICT (source, at) DO NOTHING', [source, at, json(summaryHead(digest))]);
  await writeNamespaceSummaries(tx, before, digest);
  if (delta.changes.length > 0) {
    await tx.query('INSERT INTO change_batches (source, at, changes) VALUES ($1, $2::timestamptz, $3) ON CONFLICT DO NOTHING', [source, at, encodeChangeBatch(delta.changes)]);
    const rows = delta.changes.map((c) => ({
      namespace: c.namespace, workload: c.workload, port: c.port, from_mode: c.from, to_mode: c.to,
      from_dataplane: c.dataplane.from, to_dataplane: c.dataplane.to, regression: c.regression, causes: c.causes,
    }));
    await tx.query(
      `INSERT INTO posture_changes (source, at, namespace, workload, port, from_mode, to_mode, from_dataplane, to_dataplane, regression, causes)
       SELECT $1, $2::timestamptz, r.namespace, r.workload, r.port, r.from_mode, r.to_mode, r.from_dataplane, r.to_dataplane, r.regression, r.causes
       FROM jsonb_to_recordset($3::jsonb) AS r(namespace text, workload text, port integer, from_mode text, to_mode text,
                                              from_dataplane text, to_dataplane text, regression boolean, causes jsonb)
       ON CONFLICT DO NOTHING`,
      [source, at, json(rows)],
    );
  }
  if (delta.closedFindings.length > 0) {
    await tx.query(
      `UPDATE finding_spans SET closed_at = $2::timestamptz
       WHERE source = $1 AND closed_at IS NULL AND finding_key IN (SELECT jsonb_array_elements_text($3::jsonb))`,
      [source, at, json(delta.closedFindings.map((f) => f.key))],
    );
  }
  if (delta.openedFindings.length > 0) {
    await tx.query(
      `INSERT INTO finding_spans (source, finding_key, code, severity, namespace, objects, message, open_since)
       SELECT $1, f.key, f.code, f.severity, f.namespace, f.objects, f.message, $2::timestamptz
       FROM jsonb_to_recordset($3::jsonb) AS f(key text, code text, severity text, namespace text, objects jsonb, message text)
       ON CONFLICT DO NOTHING`,
      [source, at, json(delta.openedFindings)],
    );
  }
  for (const p of delta.phases) {
    await tx.query('UPDATE phase_spans SET left_at = $3::timestamptz WHERE source = $1 AND namespace = $2 AND left_at IS NULL', [source, p.namespace, at]);
    if (p.to !== null) {
      await tx.query('INSERT INTO phase_spans (source, namespace, phase, entered_at) VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT DO NOTHING', [source, p.namespace, p.to, at]);
    }
  }
  if (delta.rotations.length > 0) {
    await tx.query(
      `INSERT INTO certificate_rotations (source, at, namespace, workload, previous_serial, serial, not_after)
       SELECT $1, $2::timestamptz, r.namespace, r.workload, r."previousSerial", r.serial, r."notAfter"::timestamptz
       FROM jsonb_to_recordset($3::jsonb) AS r(namespace text, workload text, "previousSerial" text, serial text, "notAfter" text)
       ON CONFLICT DO NOTHING`,
      [source, at, json(delta.rotations)],
    );
  }
}

/** The last digest this store wrote per source, with its state id and stored parts: read back only when another writer replaced it. */
type DigestCache = Map<string, { readonly stateId: string; readonly digest: PostureDigest; readonly stored: DigestParts }>;

async function recordDigest(client: SqlClient, cache: DigestCache, digest: PostureDigest): Promise<RecordOutcome> {
  const written = await client.transaction(async (tx) => {
    await lockForWrite(tx, client.label);
    const [state] = await tx.query<{ at: string; state_id: string }>(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, state_id FROM posture_state WHERE source = $1`,
      [digest.source],
    );
    if (state && Date.parse(state.at) > Date.parse(digest.at)) return { outcome: { status: 'older', delta: null } as RecordOutcome, cached: null };
    let before: { readonly digest: PostureDigest; readonly stored: DigestParts } | null = null;
    if (state) {
      const cached = cache.get(digest.source);
      before = cached?.stateId === state.state_id ? cached : await readStoredDigest(tx, digest.source, `${client.label}: the last posture stored for ${JSON.stringify(digest.source.slice(0, 80))}`);
    }
    const delta = diffPostures(before?.digest ?? null, digest);
    if (delta.identical) {
      await tx.query('UPDATE posture_state SET checked_at = GREATEST(checked_at, $2::timestamptz) WHERE source = $1', [digest.source, digest.at]);
      return { outcome: { status: 'unchanged', delta } as RecordOutcome, cached: null };
    }
    await writeDelta(tx, before?.digest ?? null, digest, delta);
    const stateId = randomUUID();
    // Only the namespaces whose share of the posture changed are rewritten (digest-parts.ts).
    const stored = splitDigest(digest);
    await writeStoredDigest(tx, digest.source, digest.at, stateId, before?.stored ?? null, stored);
    return { outcome: { status: 'recorded', delta } as RecordOutcome, cached: { stateId, digest, stored } };
  });
  // Only once committed: a rolled-back write must not become the next diff's "before".
  if (written.cached) cache.set(digest.source, written.cached);
  return written.outcome;
}

async function recordTrafficDays(client: SqlClient, source: string, at: string, days: readonly TrafficDay[]): Promise<void> {
  if (days.length === 0) return;
  await client.transaction(async (tx) => {
    await lockForWrite(tx, client.label);
    await tx.query(
      `INSERT INTO traffic_daily (source, day, namespace, workload, plaintext_requests, plaintext_connections, unclassified_requests, unclassified_connections, observed_at)
       SELECT $1, d.day::date, d.namespace, d.workload, d."plaintextRequests", d."plaintextConnections", d."unclassifiedRequests", d."unclassifiedConnections", $2::timestamptz
       FROM jsonb_to_recordset($3::jsonb) AS d(day text, namespace text, workload text, "plaintextRequests" bigint, "plaintextConnections" bigint,
                                               "unclassifiedRequests" bigint, "unclassifiedConnections" bigint)
       ON CONFLICT (source, day, namespace, workload) DO UPDATE SET
         plaintext_requests = GREATEST(traffic_daily.plaintext_requests, EXCLUDED.plaintext_requests),
         plaintext_connections = GREATEST(traffic_daily.plaintext_connections, EXCLUDED.plaintext_connections),
         unclassified_requests = GREATEST(traffic_daily.unclassified_requests, EXCLUDED.unclassified_requests),
         unclassified_connections = GREATEST(traffic_daily.unclassified_connections, EXCLUDED.unclassified_connections),
         observed_at = GREATEST(traffic_daily.observed_at, EXCLUDED.observed_at)`,
      [source, at, json(days)],
    );
  });
}

const DAY_MS = 86_400_000;

async function compactHistory(client: SqlClient, now: Date, policy: RetentionPolicy): Promise<CompactionOutcome> {
  const cutoff = new Date(now.getTime() - policy.retentionDays * DAY_MS).toISOString();
  const detail = new Date(now.getTime() - policy.detailDays * DAY_MS).toISOString();
  return client.transaction(async (tx) => {
    await lockForWrite(tx, client.label);
    let deleted = 0;
    for (const [table, column] of [['posture_records', 'at'], ['namespace_summaries', 'valid_to'], ['posture_changes', 'at'], ['change_batches', 'at'], ['finding_spans', 'closed_at'], ['phase_spans', 'left_at'], ['certificate_rotations', 'at'], ['traffic_daily', 'day']] as const) {
      const rows = await tx.query<{ n: number }>(`WITH d AS (DELETE FROM ${table} WHERE ${column} < $1::timestamptz RETURNING 1) SELECT count(*)::integer AS n FROM d`, [cutoff]);
      deleted += rows[0]?.n ?? 0;
    }
    // Older records are kept one per source and UTC day: the day's last posture is its daily summary.
    const [gone] = await tx.query<{ n: number }>(
      `WITH d AS (
         DELETE FROM posture_records r WHERE r.at < $1::timestamptz AND EXISTS (
           SELECT 1 FROM posture_records o WHERE o.source = r.source AND o.at > r.at
             AND date_trunc('day', o.at AT TIME ZONE 'UTC') = date_trunc('day', r.at AT TIME ZONE 'UTC'))
         RETURNING 1)
       SELECT count(*)::integer AS n FROM d`,
      [detail],
    );
    await tx.query('UPDATE posture_records SET daily = true WHERE at < $1::timestamptz AND NOT daily', [detail]);
    return { deleted, compacted: gone?.n ?? 0 };
  });
}

/** A store over an open client: migrates it (or refuses a newer schema) first. */
export async function historyStoreOver(client: SqlClient): Promise<HistoryStore> {
  try {
    await migrate(client);
  } catch (e) {
    await client.close().catch(() => undefined);
    throw e;
  }
  const cache: DigestCache = new Map();
  return {
    label: client.label,
    record: (digest) => recordDigest(client, cache, digest),
    recordTraffic: (source, at, days) => recordTrafficDays(client, source, at, days),
    history: (query = {}) => readHistory(client, query),
    compact: (now, policy = DEFAULT_RETENTION) => compactHistory(client, now, policy),
    close: () => client.close(),
  };
}
