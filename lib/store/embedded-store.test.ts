// The embedded history store (PGlite in a folder): the shared behaviour, plus what is particular to a file database.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, historyMesh, relaxedShop } from '@/test/history-fixtures';
import { historyStoreSpec, HISTORY_TIMES } from '@/test/history-store-spec';
import { expectVersion1Converted } from '@/test/history-migration-spec';
import type { HistoryStore } from './history-store';
import { SCHEMA_VERSION, SchemaVersionError } from './migrations';
import { openHistoryStore } from './open-store';
import { openEmbeddedClient } from './pglite-client';
import { StoredDataError } from './history-rows';

const { T1, T2, T3 } = HISTORY_TIMES;
let dir: string;
let shared: HistoryStore;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mp-history-'));
  // A new PGlite folder costs an initdb (seconds): one is created, never migrated (a database as version 1 of the
  // schema found it); each case below starts from a copy of it or of the migrated template.
  await (await openEmbeddedClient(path.join(dir, 'blank.db'))).close();
  cpSync(path.join(dir, 'blank.db'), path.join(dir, 'template.db'), { recursive: true });
  await (await openHistoryStore(path.join(dir, 'template.db'))).close();
  shared = await openHistoryStore(freshDb('shared.db'));
}, 90_000);

function freshDb(name: string, template = 'template.db'): string {
  const db = path.join(dir, name);
  cpSync(path.join(dir, template), db, { recursive: true });
  return db;
}

afterAll(async () => {
  await shared?.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('embedded history store: shared behaviour', () => {
  historyStoreSpec(() => ({ open: async () => ({ ...shared, close: async () => undefined }) }));
});

describe('embedded history store: a folder on disk', () => {
  it('keeps everything across a close and a reopen, and refuses a second process while open', async () => {
    const db = freshDb('reopen.db');
    const store = await openHistoryStore(db);
    await store.record(digestOf(historyMesh(), T1, 'r'));
    await store.record(digestOf(relaxedShop(), T2, 'r'));
    const before = await store.history();
    // Another holder of the folder (here: a lock naming a live process, this one) is refused with the reason.
    await expect(openHistoryStore(db, { lockWaitMs: 200 })).rejects.toThrow(`the history database ${db} is in use by process ${process.pid}`);
    await store.close();
    const again = await openHistoryStore(db);
    try {
      expect(await again.history()).toEqual(before);
      expect(before.changes).toHaveLength(2);
      // The state survived too: the same posture again is no change.
      expect((await again.record(digestOf(relaxedShop(), T3, 'r'))).status).toBe('unchanged');
    } finally {
      await again.close();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const db = freshDb('stale-lock.db');
    writeFileSync(`${db}.lock`, '2147483646');
    const store = await openHistoryStore(db, { lockWaitMs: 200 });
    await store.close();
  });

  it('serialises concurrent writers in one process: the same posture written twice at once is recorded once', async () => {
    const source = 'concurrent';
    const d1 = digestOf(historyMesh(), T1, source);
    const d2 = digestOf(relaxedShop(), T2, source);
    await Promise.all([shared.record(d1), shared.record(d1)]);
    const outcomes = await Promise.all([shared.record(d2), shared.record(d2), shared.record(digestOf(relaxedShop(), '2026-06-01T13:00:05Z', source))]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['recorded', 'unchanged', 'unchanged']);
    const h = await shared.history({ source });
    expect(h.records.map((r) => r.at)).toEqual([T1, T2]);
    expect(h.changes).toHaveLength(2);
  });

  it('refuses a database written by a newer version, before writing anything', async () => {
    const db = freshDb('newer.db');
    const store = await openHistoryStore(db);
    await store.record(digestOf(historyMesh(), T1, 'n'));
    await store.close();
    const raw = await openEmbeddedClient(db);
    await raw.query("INSERT INTO mesh_posture_schema (version, description) VALUES ($1, 'from the future')", [SCHEMA_VERSION + 1]);
    await raw.close();
    const refused = openHistoryStore(db);
    await expect(refused).rejects.toThrow(SchemaVersionError);
    await expect(refused).rejects.toThrow(`has schema version ${SCHEMA_VERSION + 1}, written by a newer mesh-posture; this one knows versions up to ${SCHEMA_VERSION}`);
    const check = await openEmbeddedClient(db);
    try {
      expect(await check.query<{ n: number }>('SELECT count(*)::integer AS n FROM posture_records')).toEqual([{ n: 1 }]);
    } finally {
      await check.close();
    }
  });

  it('migrates a database of schema version 1: the same records, namespace summaries and changes read back', async () => {
    await expectVersion1Converted(() => openEmbeddedClient(freshDb('v1.db', 'blank.db')), () => openEmbeddedClient(freshDb('v2.db', 'blank.db')));
  });

  it('reads a tampered change batch as an error naming the table, the time and the field', async () => {
    const db = freshDb('tampered-batch.db');
    const store = await openHistoryStore(db);
    await store.record(digestOf(historyMesh(), T1, 'b'));
    await store.record(digestOf(relaxedShop(), T2, 'b'));
    await store.close();
    const raw = await openEmbeddedClient(db);
    await raw.query(`UPDATE change_batches SET changes = replace(changes, '"PERMISSIVE"', '"<script>"')`);
    await raw.close();
    const again = await openHistoryStore(db);
    try {
      await expect(again.history()).rejects.toThrow(`change_batches at ${T2}: changes.0: to: unexpected value "<script>"`);
    } finally {
      await again.close();
    }
  });

  it('reads stored rows as untrusted: a tampered summary is an error naming the column and field', async () => {
    const db = freshDb('tampered.db');
    const store = await openHistoryStore(db);
    await store.record(digestOf(historyMesh(), T1, 't'));
    await store.close();
    const raw = await openEmbeddedClient(db);
    await raw.query(`UPDATE posture_records SET summary = jsonb_set(summary, '{mesh,phase}', '"<script>"')`);
    await raw.close();
    const again = await openHistoryStore(db);
    try {
      await expect(again.history()).rejects.toThrow(StoredDataError);
      await expect(again.history()).rejects.toThrow(`posture_records at ${T1}: summary: mesh.phase:`);
    } finally {
      await again.close();
    }
  });
});
