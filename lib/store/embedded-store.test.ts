// The embedded history store (PGlite in a folder): the shared behaviour, plus what is particular to a file database.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, historyMesh, relaxedShop } from '@/test/history-fixtures';
import { historyStoreSpec, HISTORY_TIMES } from '@/test/history-store-spec';
import { expectVersion1Converted } from '@/test/history-migration-spec';
import type { HistoryStore } from './history-store';
import { migrate, MIGRATIONS, SCHEMA_VERSION, SchemaVersionError } from './migrations';
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

  it('keeps the last posture in parts, and a record rewrites only the namespaces that changed', async () => {
    const db = freshDb('parts.db');
    const parts = async () => {
      const raw = await openEmbeddedClient(db);
      try {
        // xmin: the transaction that wrote the row version; a row left alone keeps it.
        return new Map((await raw.query<{ namespace: string; xmin: string }>('SELECT namespace, xmin::text AS xmin FROM posture_state_parts WHERE source = $1', ['p'])).map((r) => [r.namespace, r.xmin]));
      } finally {
        await raw.close();
      }
    };
    const store = await openHistoryStore(db);
    await store.record(digestOf(historyMesh(), T1, 'p'));
    await store.close();
    const first = await parts();
    expect([...first.keys()].sort()).toEqual(['istio-system', 'shop']);
    // A new store has no cached posture: it reads the parts back, and the shop namespace alone is rewritten.
    const again = await openHistoryStore(db);
    try {
      expect((await again.record(digestOf(relaxedShop(), T2, 'p'))).delta?.changes).toHaveLength(2);
    } finally {
      await again.close();
    }
    const second = await parts();
    expect({ istio: second.get('istio-system') === first.get('istio-system'), shop: second.get('shop') === first.get('shop') }).toEqual({ istio: true, shop: false });
  });

  it('migrates a database of schema version 3: the whole last posture becomes parts, and the next record diffs against it', async () => {
    const db = freshDb('v3.db', 'blank.db');
    const v3 = await openEmbeddedClient(db);
    await migrate(v3, MIGRATIONS.filter((m) => m.version <= 3));
    const baseline = digestOf(historyMesh(), T1, 'v3');
    await v3.query(`INSERT INTO posture_state (source, at, digest, state_id, checked_at) VALUES ($1, $2::timestamptz, $3, 'v3-state', $2::timestamptz)`, ['v3', T1, JSON.stringify(baseline)]);
    await v3.close();
    const store = await openHistoryStore(db);
    try {
      expect((await store.record(digestOf(historyMesh(), T2, 'v3'))).status).toBe('unchanged');
      const relaxed = await store.record(digestOf(relaxedShop(), T3, 'v3'));
      expect(relaxed.delta?.changes.map((c) => [c.workload, c.from, c.to, c.causes.map((k) => k.name)])).toEqual([
        ['cart', 'STRICT', 'PERMISSIVE', ['relax']],
        ['db', 'STRICT', 'PERMISSIVE', ['relax']],
      ]);
    } finally {
      await store.close();
    }
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
