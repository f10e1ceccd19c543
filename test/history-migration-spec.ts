// Migration 2 (namespace summaries as spans, change batches) run against a database written by schema version 1:
// shared by the embedded store (lib/store/embedded-store.test.ts) and a real PostgreSQL 15 (postgres-store.test.ts).
import { expect } from 'vitest';
import { historyStoreOver } from '@/lib/store/history-store';
import { migrate, MIGRATIONS } from '@/lib/store/migrations';
import type { SqlClient } from '@/lib/store/sql-client';
import type { PostureDigest } from '@/lib/mesh/history/history-types';
import { digestOf, historyMesh, relaxedShop } from './history-fixtures';
import { aNamespace } from './builders';

/**
 * Writes three postures the way version 1 stored them (each record with every namespace's summary; one row per change),
 * opens the store (which migrates), and expects the history read back to be what a version-2 store recording the same
 * postures returns.
 */
export async function expectVersion1Converted(openV1: () => Promise<SqlClient>, openV2: () => Promise<SqlClient>): Promise<void> {
  const source = 'v1';
  const withBilling = historyMesh({ namespaces: [aNamespace('istio-system'), aNamespace('shop', { 'istio-injection': 'enabled' }), aNamespace('billing')] });
  const digests: PostureDigest[] = [
    digestOf(historyMesh(), '2026-06-01T12:00:00Z', source),
    digestOf(relaxedShop(), '2026-06-01T13:00:00Z', source),
    digestOf(withBilling, '2026-06-01T14:00:00Z', source),
    digestOf(historyMesh(), '2026-06-01T15:00:00Z', source),
  ];
  const reference = await historyStoreOver(await openV2());
  for (const d of digests) await reference.record(d);
  const expected = await reference.history({ source });
  await reference.close();

  const v1 = await openV1();
  await migrate(v1, MIGRATIONS.slice(0, 1));
  for (const r of expected.records) {
    const digest = digests.find((d) => d.at === r.at);
    await v1.query('INSERT INTO posture_records (source, at, summary) VALUES ($1, $2::timestamptz, $3::jsonb)', [source, r.at, JSON.stringify(digest?.summary)]);
  }
  for (const c of expected.changes) {
    await v1.query(
      `INSERT INTO posture_changes (source, at, namespace, workload, port, from_mode, to_mode, from_dataplane, to_dataplane, regression, causes)
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
      [source, c.at, c.namespace, c.workload, c.port, c.from, c.to, c.dataplane.from, c.dataplane.to, c.regression, JSON.stringify(c.causes)],
    );
  }
  const store = await historyStoreOver(v1);
  try {
    const h = await store.history({ source, spans: [] });
    expect(h.records).toEqual(expected.records);
    expect(h.changes).toEqual(expected.changes);
    // billing appeared and went away again: its summary is on the third record only.
    expect(h.records.map((r) => r.summary.namespaces.map((n) => n.name))).toEqual([
      ['istio-system', 'shop'],
      ['istio-system', 'shop'],
      ['billing', 'istio-system', 'shop'],
      ['istio-system', 'shop'],
    ]);
    expect((await store.history({ source, namespace: 'shop', spans: [] })).changes).toEqual(expected.changes.filter((c) => c.namespace === 'shop'));
  } finally {
    await store.close();
  }
}
