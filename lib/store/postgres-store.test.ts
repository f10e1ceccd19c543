// The PostgreSQL history store against a real PostgreSQL 15 (Debian's postgresql-15, a throwaway cluster on
// loopback, see test/postgres-server.ts): the shared behaviour, two writers in two pools at once, a crash-restart
// of the server, a newer schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, historyMesh, relaxedShop } from '@/test/history-fixtures';
import { historyStoreSpec, HISTORY_TIMES } from '@/test/history-store-spec';
import { expectVersion1Converted } from '@/test/history-migration-spec';
import { startPostgres, type PostgresServer } from '@/test/postgres-server';
import { MIGRATIONS, SCHEMA_VERSION, SchemaVersionError } from './migrations';
import { openHistoryStore } from './open-store';
import { openPostgresClient, redactUrl } from './pg-client';
import { StoreUnavailableError } from './sql-client';

const { T1, T2, T3 } = HISTORY_TIMES;
let server: PostgresServer;
let databases = 0;
const newDatabase = () => server.createDatabase(`history_${++databases}`);

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(() => server?.stop());

describe('PostgreSQL history store: shared behaviour', () => {
  historyStoreSpec(() => ({ open: () => openHistoryStore(newDatabase()) }));
});

describe('PostgreSQL history store: migrations', () => {
  it('migrates a database of schema version 1: the same records, namespace summaries and changes read back', async () => {
    await expectVersion1Converted(() => openPostgresClient(newDatabase()), () => openPostgresClient(newDatabase()));
  });
});

describe('PostgreSQL history store: a server shared by writers', () => {
  it('two processes migrating and writing at once: one schema, no row twice, each posture diffed against the other writer\'s', async () => {
    const url = newDatabase();
    const [a, b] = await Promise.all([openHistoryStore(url), openHistoryStore(url)]);
    try {
      const source = 'replicas';
      // Both replicas see the same events, computed a few seconds apart, and write them at the same moment.
      const sequence = [
        [digestOf(historyMesh(), T1, source), digestOf(historyMesh(), '2026-06-01T12:00:03Z', source)],
        [digestOf(relaxedShop(), T2, source), digestOf(relaxedShop(), '2026-06-01T13:00:02Z', source)],
        [digestOf(historyMesh(), T3, source), digestOf(historyMesh(), T3, source)],
      ] as const;
      for (const [mine, theirs] of sequence) {
        const outcomes = await Promise.all([a.record(mine), b.record(theirs)]);
        expect(outcomes.filter((o) => o.status === 'recorded')).toHaveLength(1);
      }
      const h = await a.history({ source });
      expect(h.records).toHaveLength(3);
      expect(h.changes.map((c) => [c.workload, c.from, c.to])).toEqual([
        ['cart', 'STRICT', 'PERMISSIVE'],
        ['db', 'STRICT', 'PERMISSIVE'],
        ['cart', 'PERMISSIVE', 'STRICT'],
        ['db', 'PERMISSIVE', 'STRICT'],
      ]);
      expect(h.phases.filter((p) => p.leftAt === null).map((p) => p.namespace).sort()).toEqual(['istio-system', 'shop']);
      const raw = await openPostgresClient(url);
      try {
        expect(await raw.query('SELECT version FROM mesh_posture_schema ORDER BY version')).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
      } finally {
        await raw.close();
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('the last posture in parts: another writer\'s record rewrites only the namespace that changed, and diffs against it', async () => {
    const url = newDatabase();
    const [a, b] = await Promise.all([openHistoryStore(url), openHistoryStore(url)]);
    const raw = await openPostgresClient(url);
    // xmin: the transaction that wrote the row version; a row left alone keeps it.
    const parts = async () => new Map((await raw.query<{ namespace: string; xmin: string }>('SELECT namespace, xmin::text AS xmin FROM posture_state_parts WHERE source = $1', ['parts'])).map((r) => [r.namespace, r.xmin]));
    try {
      await a.record(digestOf(historyMesh(), T1, 'parts'));
      const first = await parts();
      expect([...first.keys()].sort()).toEqual(['istio-system', 'shop']);
      // b has no posture of its own in memory: it reads a's parts back.
      expect((await b.record(digestOf(relaxedShop(), T2, 'parts'))).delta?.changes.map((c) => [c.workload, c.from, c.to])).toEqual([['cart', 'STRICT', 'PERMISSIVE'], ['db', 'STRICT', 'PERMISSIVE']]);
      const second = await parts();
      expect({ istio: second.get('istio-system') === first.get('istio-system'), shop: second.get('shop') === first.get('shop') }).toEqual({ istio: true, shop: false });
      // And a, whose cached posture is now stale, reads b's back too.
      expect((await a.record(digestOf(relaxedShop(), T3, 'parts'))).status).toBe('unchanged');
    } finally {
      await raw.close();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a crash and restart of the server loses no committed record; the store reconnects by itself', async () => {
    const url = newDatabase();
    const store = await openHistoryStore(url);
    try {
      await store.record(digestOf(historyMesh(), T1, 'crash'));
      await store.record(digestOf(relaxedShop(), T2, 'crash'));
      const before = await store.history();
      server.restart();
      // The pool's connections died with the server; the next query gets a new one.
      let after = null;
      for (let attempt = 0; attempt < 3 && after === null; attempt++) after = await store.history().catch(() => null);
      expect(after).toEqual(before);
      expect((await store.record(digestOf(historyMesh(), T3, 'crash'))).status).toBe('recorded');
      expect((await store.history()).changes).toHaveLength(4);
    } finally {
      await store.close();
    }
  });

  it('refuses a database migrated by a newer version', async () => {
    const url = newDatabase();
    await (await openHistoryStore(url)).close();
    const raw = await openPostgresClient(url);
    await raw.query("INSERT INTO mesh_posture_schema (version, description) VALUES ($1, 'from the future')", [SCHEMA_VERSION + 1]);
    await raw.close();
    await expect(openHistoryStore(url)).rejects.toThrow(SchemaVersionError);
    await expect(openHistoryStore(url)).rejects.toThrow(`the history database ${url} has schema version ${SCHEMA_VERSION + 1}`);
  });

  it('an unreachable server is a clear error that does not show the password', async () => {
    const url = server.url.replace('postgres@', 'postgres:s3cret@').replace(/:(\d+)\//, ':1/');
    const opening = openHistoryStore(url);
    await expect(opening).rejects.toThrow(StoreUnavailableError);
    await expect(opening).rejects.toThrow(/^cannot connect to the history database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/postgres: /);
    expect(redactUrl(url)).not.toContain('s3cret');
  });
});
