// The behaviour every back end of the history store must have, run against the embedded store
// (lib/store/embedded-store.test.ts) and a real PostgreSQL 15 (lib/store/postgres-store.test.ts).
import { expect, it } from 'vitest';
import type { HistoryStore } from '@/lib/store/history-store';
import { digestOf, historyMesh, relaxedShop } from './history-fixtures';

export interface StoreFixture {
  /** A store on a database of its own, for one test's `source`. */
  open(): Promise<HistoryStore>;
}

const T1 = '2026-06-01T12:00:00Z';
const T2 = '2026-06-01T13:00:00Z';
const T3 = '2026-06-01T14:00:00Z';

/** Registers the shared cases; `fixture()` is read when a case runs (after beforeAll). */
export function historyStoreSpec(fixture: () => StoreFixture): void {
  it('records the first posture as a baseline: a record, its findings opened, its namespaces entering their phases, no change', async () => {
    const store = await fixture().open();
    try {
      const first = digestOf(historyMesh(), T1, 'baseline');
      expect((await store.record(first)).status).toBe('recorded');
      const h = await store.history({ source: 'baseline' });
      expect(h.records).toEqual([{ at: T1, source: 'baseline', summary: first.summary, daily: false }]);
      expect(h.changes).toEqual([]);
      expect(h.phases.map((p) => [p.namespace, p.phase, p.enteredAt, p.leftAt])).toEqual(first.summary.namespaces.map((n) => [n.name, n.phase, T1, null]));
      expect(h.findings.map((f) => [f.code, f.openSince, f.closedAt])).toEqual(first.findings.map((f) => [f.code, T1, null]));
    } finally {
      await store.close();
    }
  });

  it('an identical posture adds nothing; a change is stored with its cause; its undoing closes the loop', async () => {
    const store = await fixture().open();
    try {
      const source = 'changes';
      await store.record(digestOf(historyMesh(), T1, source));
      expect((await store.record(digestOf(historyMesh({}, '7d8f9c6b5-zzzzz'), '2026-06-01T12:30:00Z', source))).status).toBe('unchanged');
      expect((await store.record(digestOf(relaxedShop(), T2, source))).status).toBe('recorded');
      expect((await store.record(digestOf(historyMesh(), T3, source))).status).toBe('recorded');
      const h = await store.history({ source });
      expect(h.records.map((r) => [r.at, r.summary.mesh.workloads.strict])).toEqual([
        [T1, 2],
        [T2, 0],
        [T3, 2],
      ]);
      const relax = (change: string) => [{ kind: 'PeerAuthentication', namespace: 'shop', name: 'relax', change }];
      expect(h.changes.map((c) => [c.at, c.workload, c.port, c.from, c.to, c.regression, c.causes])).toEqual([
        [T2, 'cart', 8080, 'STRICT', 'PERMISSIVE', true, relax('added')],
        [T2, 'db', 5432, 'STRICT', 'PERMISSIVE', true, relax('added')],
        [T3, 'cart', 8080, 'PERMISSIVE', 'STRICT', false, relax('removed')],
        [T3, 'db', 5432, 'PERMISSIVE', 'STRICT', false, relax('removed')],
      ]);
      // The phase of shop dropped and came back: three spans, the last one open.
      const shop = h.phases.filter((p) => p.namespace === 'shop');
      expect(shop.map((p) => [p.enteredAt, p.leftAt])).toEqual([
        [T1, T2],
        [T2, T3],
        [T3, null],
      ]);
      expect(shop[0]?.phase).toBe(shop[2]?.phase);
      expect(shop[1]?.phase).toBeLessThan(shop[0]?.phase ?? 0);
    } finally {
      await store.close();
    }
  });

  it('a posture older than the last one stored is not recorded', async () => {
    const store = await fixture().open();
    try {
      await store.record(digestOf(historyMesh(), T2, 'older'));
      expect((await store.record(digestOf(relaxedShop(), T1, 'older'))).status).toBe('older');
      expect((await store.history({ source: 'older' })).changes).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('filters by time window and namespace', async () => {
    const store = await fixture().open();
    try {
      const source = 'filters';
      await store.record(digestOf(historyMesh(), T1, source));
      await store.record(digestOf(relaxedShop(), T2, source));
      await store.record(digestOf(historyMesh(), T3, source));
      const since = await store.history({ source, since: '2026-06-01T13:30:00Z' });
      expect(since.records.map((r) => r.at)).toEqual([T3]);
      expect(since.changes.map((c) => c.at)).toEqual([T3, T3]);
      const window = await store.history({ source, since: T2, until: T2 });
      expect(window.changes.map((c) => [c.workload, c.to])).toEqual([
        ['cart', 'PERMISSIVE'],
        ['db', 'PERMISSIVE'],
      ]);
      const elsewhere = await store.history({ source, namespace: 'istio-system' });
      expect(elsewhere.changes).toEqual([]);
      expect(elsewhere.records.every((r) => r.summary.namespaces.length === 1 && r.summary.namespaces[0]?.name === 'istio-system')).toBe(true);
      expect((await store.history({ source, namespace: 'shop' })).changes).toHaveLength(4);
    } finally {
      await store.close();
    }
  });

  it('retention deletes what is older than the retention and compacts older records to one a day', async () => {
    const store = await fixture().open();
    try {
      const source = 'retention';
      const at = ['2026-01-01T08:00:00Z', '2026-01-01T20:00:00Z', '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z', '2026-05-31T08:00:00Z', '2026-05-31T09:00:00Z'];
      at.forEach((t, i) => expect(t > (at[i - 1] ?? '')).toBe(true));
      for (const [i, t] of at.entries()) await store.record(digestOf(i % 2 === 0 ? historyMesh() : relaxedShop(), t, source));
      const outcome = await store.compact(new Date('2026-06-01T12:00:00Z'), { retentionDays: 100, detailDays: 30 });
      const h = await store.history({ source });
      // January is past the 100 days; March is compacted to its last record of the day; May 31 keeps its detail.
      expect(h.records.map((r) => [r.at, r.daily])).toEqual([
        ['2026-03-01T10:00:00Z', true],
        ['2026-05-31T08:00:00Z', false],
        ['2026-05-31T09:00:00Z', false],
      ]);
      expect(h.changes.every((c) => c.at >= '2026-03-01')).toBe(true);
      expect(outcome.compacted).toBe(2);
      expect(outcome.deleted).toBeGreaterThanOrEqual(2 + 2);
    } finally {
      await store.close();
    }
  });

  it('keeps observed plaintext per day and workload: a day read again keeps its greatest counts; filtered like the rest', async () => {
    const store = await fixture().open();
    try {
      const source = 'traffic';
      const day = (d: string, workload: string, plaintextRequests: number) => ({ day: d, namespace: 'shop', workload, plaintextRequests, plaintextConnections: 0, unclassifiedRequests: 1, unclassifiedConnections: 0 });
      await store.recordTraffic(source, '2026-06-01T12:00:00Z', [day('2026-05-31', 'cart', 100), day('2026-06-01', 'cart', 40)]);
      // Later: the whole of 2026-06-01 read (more), 2026-05-31 only partly (a window starting within it: less).
      await store.recordTraffic(source, '2026-06-02T00:00:00Z', [day('2026-05-31', 'cart', 30), day('2026-06-01', 'cart', 96), day('2026-06-01', 'db', 5)]);
      const h = await store.history({ source, spans: ['traffic'] });
      expect(h.traffic?.map((d) => [d.day, d.workload, d.plaintextRequests, d.unclassifiedRequests])).toEqual([
        ['2026-05-31', 'cart', 100, 1],
        ['2026-06-01', 'cart', 96, 1],
        ['2026-06-01', 'db', 5, 1],
      ]);
      expect((await store.history({ source, since: '2026-06-01T06:00:00Z', namespace: 'shop', workload: 'db', spans: ['traffic'] })).traffic?.map((d) => d.day)).toEqual(['2026-06-01']);
      expect((await store.history({ source, spans: [] })).traffic).toBeUndefined();
      await store.compact(new Date('2026-07-01T00:00:00Z'), { retentionDays: 30, detailDays: 30 });
      expect((await store.history({ source, spans: ['traffic'] })).traffic?.map((d) => d.day)).toEqual(['2026-06-01', '2026-06-01']);
    } finally {
      await store.close();
    }
  });
}

export const HISTORY_TIMES = { T1, T2, T3 } as const;
