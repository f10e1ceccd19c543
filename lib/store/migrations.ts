// Versioned schema migrations of the history store, shared by both back ends (one SQL dialect: PostgreSQL). Each
// migration runs once, in order, inside one transaction holding an advisory lock, so two processes starting at once
// migrate once. A database whose schema is newer than this build knows is refused before anything is written: an
// older binary must never write rows a newer schema would misread.
import type { SqlClient, SqlExecutor } from './sql-client';
import { fillChangeBatches } from './change-batch';
import { splitStoredDigests } from './state-parts';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
  /** Run after `sql`, in the same transaction: data conversions easier to write once in TypeScript. */
  readonly then?: (tx: SqlExecutor) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'records, changes, finding and phase spans, certificate rotations, the last posture of each source',
    sql: `
      CREATE TABLE posture_records (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        at timestamptz NOT NULL,
        summary jsonb NOT NULL,
        daily boolean NOT NULL DEFAULT false,
        UNIQUE (source, at)
      );
      CREATE INDEX posture_records_at ON posture_records (at);
      CREATE TABLE posture_changes (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        at timestamptz NOT NULL,
        namespace text NOT NULL,
        workload text NOT NULL,
        port integer,
        from_mode text,
        to_mode text,
        from_dataplane text,
        to_dataplane text,
        regression boolean NOT NULL,
        causes jsonb NOT NULL
      );
      -- One row per source, instant, workload and port: a second writer of the same posture adds nothing.
      CREATE UNIQUE INDEX posture_changes_key ON posture_changes (source, at, namespace, workload, COALESCE(port, 0));
      CREATE INDEX posture_changes_at ON posture_changes (at);
      CREATE INDEX posture_changes_namespace_at ON posture_changes (namespace, at);
      CREATE TABLE finding_spans (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        finding_key text NOT NULL,
        code text NOT NULL,
        severity text NOT NULL,
        namespace text,
        objects jsonb NOT NULL,
        message text NOT NULL,
        open_since timestamptz NOT NULL,
        closed_at timestamptz
      );
      CREATE UNIQUE INDEX finding_spans_open ON finding_spans (source, finding_key) WHERE closed_at IS NULL;
      CREATE INDEX finding_spans_open_since ON finding_spans (open_since);
      CREATE TABLE phase_spans (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        namespace text NOT NULL,
        phase integer NOT NULL,
        entered_at timestamptz NOT NULL,
        left_at timestamptz
      );
      CREATE UNIQUE INDEX phase_spans_current ON phase_spans (source, namespace) WHERE left_at IS NULL;
      CREATE TABLE certificate_rotations (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        at timestamptz NOT NULL,
        namespace text NOT NULL,
        workload text NOT NULL,
        previous_serial text NOT NULL,
        serial text NOT NULL,
        not_after timestamptz,
        UNIQUE (source, namespace, workload, serial)
      );
      CREATE TABLE posture_state (
        source text PRIMARY KEY,
        at timestamptz NOT NULL,
        digest jsonb NOT NULL,
        -- A new random id with each new digest: a writer that wrote the digest itself can skip reading it back.
        state_id text NOT NULL,
        checked_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'namespace summaries kept as spans (one row per namespace while its counts and phase hold), records keep the mesh totals',
    // A record used to repeat every namespace's counts (1,000 namespaces: ~200 kB a posture), which a 90-day query then
    // read, parsed and validated 90 times over. A namespace's summary now lives in one row from the posture that set it
    // until the first posture that changed it or no longer had the namespace; a record's summary is reassembled from
    // the spans open at its time (history-query.ts). Existing records are converted here: consecutive records of a
    // source in which a namespace has the same summary become one span (gaps and islands over row numbers).
    sql: `
      CREATE TABLE namespace_summaries (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        namespace text NOT NULL,
        summary jsonb NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz
      );
      CREATE UNIQUE INDEX namespace_summaries_current ON namespace_summaries (source, namespace) WHERE valid_to IS NULL;
      CREATE INDEX namespace_summaries_from ON namespace_summaries (valid_from);
      CREATE INDEX namespace_summaries_to ON namespace_summaries (valid_to);
      WITH recs AS (
        SELECT source, at, summary, lead(at) OVER (PARTITION BY source ORDER BY at) AS next_at,
               row_number() OVER (PARTITION BY source ORDER BY at) AS rn
        FROM posture_records
      ), ns AS (
        SELECT r.source, r.at, r.next_at, r.rn, n.value->>'name' AS namespace, n.value - 'name' AS summary
        FROM recs r, jsonb_array_elements(r.summary->'namespaces') n
      ), marked AS (
        SELECT *, CASE WHEN lag(rn) OVER w = rn - 1 AND lag(summary) OVER w = summary THEN 0 ELSE 1 END AS starts
        FROM ns WINDOW w AS (PARTITION BY source, namespace ORDER BY at)
      ), grouped AS (
        SELECT *, sum(starts) OVER (PARTITION BY source, namespace ORDER BY at) AS grp FROM marked
      )
      INSERT INTO namespace_summaries (source, namespace, summary, valid_from, valid_to)
      SELECT source, namespace, (array_agg(summary ORDER BY at))[1], min(at),
             CASE WHEN bool_or(next_at IS NULL) THEN NULL ELSE max(next_at) END
      FROM grouped GROUP BY source, namespace, grp;
      UPDATE posture_records SET summary = summary - 'namespaces';
      CREATE INDEX finding_spans_closed_at ON finding_spans (closed_at);
      -- The last posture of a source (~6 MB of JSON at 20,000 pods) is rewritten with every record and only ever read
      -- whole, by this program, which checks it: as text it skips PostgreSQL's jsonb conversion (measured: about half
      -- the time of a record at that size).
      ALTER TABLE posture_state ALTER COLUMN digest TYPE text USING digest::text;
      -- Each posture's changes once more, as one compact JSON text (change-batch.ts) in the order they are listed: a
      -- window of history reads one row per posture instead of one per change. posture_changes stays the table of
      -- record (its unique key makes a replayed write add nothing; the namespace filter reads it). Filled for the
      -- existing changes by the step below.
      CREATE TABLE change_batches (
        source text NOT NULL,
        at timestamptz NOT NULL,
        changes text NOT NULL,
        PRIMARY KEY (source, at)
      );
      CREATE INDEX change_batches_at ON change_batches (at);
    `,
    then: fillChangeBatches,
  },
  {
    version: 3,
    description: 'observed traffic: plaintext requests and connections per UTC day and destination workload',
    // A day is read again by every recording while it lasts (and by the next ones while it is in their Prometheus
    // window), each time more complete, or less when a window starts within it: each count keeps its greatest reading.
    sql: `
      CREATE TABLE traffic_daily (
        source text NOT NULL,
        day date NOT NULL,
        namespace text NOT NULL,
        workload text NOT NULL,
        plaintext_requests bigint NOT NULL,
        plaintext_connections bigint NOT NULL,
        unclassified_requests bigint NOT NULL,
        unclassified_connections bigint NOT NULL,
        observed_at timestamptz NOT NULL,
        PRIMARY KEY (source, day, namespace, workload)
      );
      CREATE INDEX traffic_daily_day ON traffic_daily (day);
    `,
  },
  {
    version: 4,
    description: 'the last posture of each source in parts: a head and one row per namespace, rewritten only where changed',
    // posture_state.digest keeps the head (digest-parts.ts); each namespace's share of the posture is a row here, so a
    // record writes the namespaces that changed instead of the whole posture (~6 MB of JSON at 20,000 pods).
    sql: `
      CREATE TABLE posture_state_parts (
        source text NOT NULL,
        namespace text NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (source, namespace)
      );
    `,
    then: splitStoredDigests,
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Every writer of the history takes this transaction-scoped advisory lock first (any constant; ours spells MPHS). */
export const HISTORY_LOCK_KEY = 0x4d504853;

export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

/** The schema version a database is at (0: never migrated). */
export async function schemaVersionOf(db: SqlExecutor): Promise<number> {
  const [row] = await db.query<{ version: number | null }>('SELECT max(version)::integer AS version FROM mesh_posture_schema');
  return row?.version ?? 0;
}

/** Refuses a database written by a newer build, naming both versions. */
export function assertKnownSchema(version: number, label: string, known = SCHEMA_VERSION): void {
  if (version > known) {
    throw new SchemaVersionError(
      `the history database ${label} has schema version ${version}, written by a newer mesh-posture; this one knows versions up to ${known} and will not write to it: upgrade mesh-posture, or use another database`,
    );
  }
}

/** Brings the database to SCHEMA_VERSION (or refuses it); returns the versions applied. */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const known = Math.max(...migrations.map((m) => m.version));
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [HISTORY_LOCK_KEY]);
    await tx.exec('CREATE TABLE IF NOT EXISTS mesh_posture_schema (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const current = await schemaVersionOf(tx);
    assertKnownSchema(current, client.label, known);
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      await tx.exec(m.sql);
      await m.then?.(tx);
      await tx.query('INSERT INTO mesh_posture_schema (version, description) VALUES ($1, $2)', [m.version, m.description]);
      applied.push(m.version);
    }
    return applied;
  });
}
