// Reading and writing the last posture of a source in parts (digest-parts.ts; schema version 4), inside the record's
// transaction, and migration 4's conversion of the whole digests stored before it.
import type { PostureDigest } from '@/lib/mesh/history/history-types';
import { changedParts, joinDigest, splitDigest, type DigestParts } from './digest-parts';
import { parseDigest } from './history-rows';
import type { SqlExecutor } from './sql-client';

/** The stored parts of a source's last posture, and the digest they make (checked). */
export async function readStoredDigest(tx: SqlExecutor, source: string, what: string): Promise<{ readonly stored: DigestParts; readonly digest: PostureDigest }> {
  const [head] = await tx.query<{ digest: string }>('SELECT digest FROM posture_state WHERE source = $1', [source]);
  const rows = await tx.query<{ namespace: string; body: string }>('SELECT namespace, body FROM posture_state_parts WHERE source = $1', [source]);
  const stored: DigestParts = { head: head?.digest ?? 'null', parts: new Map(rows.map((r) => [r.namespace, r.body])) };
  return { stored, digest: joinDigest(stored, what) };
}

/**
 * Makes the stored parts of `source` those of `after`: the head always (it holds the time), a namespace's part only
 * when its text changed. `before`: what is stored now (null: nothing, or unknown — then every part is replaced).
 */
export async function writeStoredDigest(tx: SqlExecutor, source: string, at: string, stateId: string, before: DigestParts | null, after: DigestParts): Promise<void> {
  await tx.query(
    `INSERT INTO posture_state (source, at, digest, state_id, checked_at) VALUES ($1, $2::timestamptz, $3, $4, $2::timestamptz)
     ON CONFLICT (source) DO UPDATE SET at = EXCLUDED.at, digest = EXCLUDED.digest, state_id = EXCLUDED.state_id,
       checked_at = GREATEST(posture_state.checked_at, EXCLUDED.checked_at)`,
    [source, at, after.head, stateId],
  );
  if (before === null) await tx.query('DELETE FROM posture_state_parts WHERE source = $1', [source]);
  const { write, remove } = changedParts(before, after);
  if (remove.length > 0) {
    await tx.query('DELETE FROM posture_state_parts WHERE source = $1 AND namespace IN (SELECT jsonb_array_elements_text($2::jsonb))', [source, JSON.stringify(remove)]);
  }
  await upsertParts(tx, source, write);
}

async function upsertParts(tx: SqlExecutor, source: string, parts: readonly (readonly [string, string])[]): Promise<void> {
  if (parts.length === 0) return;
  // Two text arrays rather than one JSON document: the bodies are JSON text already, not escaped a second time.
  await tx.query(
    `INSERT INTO posture_state_parts (source, namespace, body)
     SELECT $1, p.namespace, p.body FROM unnest($2::text[], $3::text[]) AS p(namespace, body)
     ON CONFLICT (source, namespace) DO UPDATE SET body = EXCLUDED.body`,
    [source, parts.map(([namespace]) => namespace), parts.map(([, body]) => body)],
  );
}

/**
 * Migration 4: each whole digest stored by versions 1–3 becomes a head and parts. A digest that does not parse is left
 * as it is: the next record then stops with an error naming it, as it did before (never a silent baseline).
 */
export async function splitStoredDigests(tx: SqlExecutor): Promise<void> {
  const rows = await tx.query<{ source: string; digest: string }>('SELECT source, digest FROM posture_state');
  for (const row of rows) {
    let digest: PostureDigest;
    try {
      digest = parseDigest(JSON.parse(row.digest), 'posture_state');
    } catch {
      continue;
    }
    const parts = splitDigest(digest);
    await tx.query('UPDATE posture_state SET digest = $2 WHERE source = $1', [row.source, parts.head]);
    await upsertParts(tx, row.source, [...parts.parts]);
  }
}
