// Versioned schema migrations of the history store, shared by both back ends (one SQL dialect: PostgreSQL). Each
// migration runs once, in order, inside one transaction holding an advisory lock, so two processes starting at once
// migrate once. A database whose schema is newer than this build knows is refused before anything is written: an
// older binary must never write rows a newer schema would misread.
import type { SqlClient, SqlExecutor } from './sql-client';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
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
      await tx.query('INSERT INTO mesh_posture_schema (version, description) VALUES ($1, $2)', [m.version, m.description]);
      applied.push(m.version);
    }
    return applied;
  });
}
