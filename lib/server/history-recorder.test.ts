// The server's history recorder: debounced, off the request path, and honest when the database is away — the status
// says why history is not being recorded, the latest posture stays pending, and recording resumes by itself.
import { afterEach, describe, expect, it } from 'vitest';
import type { PostureDigest } from '@/lib/mesh/history/history-types';
import type { HistoryStore } from '@/lib/store/history-store';
import { StoreUnavailableError } from '@/lib/store/sql-client';
import { historyMesh, relaxedShop } from '@/test/history-fixtures';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import type { TrafficDay } from '@/lib/mesh/history/traffic-daily';
import { historyDatabaseFromEnv, historyRetentionFromEnv, offHistoryRecorder, startHistoryRecorder, type HistoryRecorder } from './history-recorder';
import { staticPostureState } from './posture-store';

const T1 = new Date('2026-06-01T12:00:00Z');
const T2 = new Date('2026-06-01T12:00:07Z');

/** A store that keeps what it is given, and a switch to make its database unreachable. */
function fakeDatabase() {
  const recorded: PostureDigest[] = [];
  const traffic: { source: string; at: string; days: readonly TrafficDay[] }[] = [];
  let up = true;
  let opens = 0;
  const open = async (db: string): Promise<HistoryStore> => {
    opens += 1;
    if (!up) throw new StoreUnavailableError(`cannot connect to the history database ${db}: connect ECONNREFUSED 127.0.0.1:5432`);
    return {
      label: db,
      recordTraffic: async (source, at, days) => {
        traffic.push({ source, at, days });
      },
      record: async (d) => {
        if (!up) throw new StoreUnavailableError('Connection terminated unexpectedly');
        recorded.push(d);
        return { status: 'recorded', delta: null };
      },
      history: async () => ({ records: [], changes: [], findings: [], phases: [], rotations: [] }),
      compact: async () => ({ deleted: 0, compacted: 0 }),
      close: async () => undefined,
    };
  };
  return { recorded, traffic, open, setUp: (v: boolean) => (up = v), opens: () => opens };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
let recorder: HistoryRecorder | null = null;
afterEach(async () => {
  await recorder?.stop();
  recorder = null;
});

describe('startHistoryRecorder', () => {
  it('writes only the latest of a burst of postures, after the quiet period', async () => {
    const db = fakeDatabase();
    recorder = startHistoryRecorder({ db: '/var/lib/history', open: db.open, debounceMs: 50, log: () => undefined });
    recorder.offer(staticPostureState(historyMesh(), T1));
    recorder.offer(staticPostureState(relaxedShop(), T2));
    expect(db.recorded).toEqual([]);
    expect(recorder.status()).toMatchObject({ state: 'recording', pending: true });
    await wait(200);
    expect(db.recorded.map((d) => [d.at, d.summary.mesh.workloads.strict])).toEqual([['2026-06-01T12:00:07Z', 0]]);
    expect(recorder.status()).toEqual({ state: 'recording', reason: null, database: '/var/lib/history', lastRecordedAt: '2026-06-01T12:00:07Z', pending: false });
  });

  it('keeps the daily plaintext of each traffic snapshot offered, read against the last posture offered', async () => {
    const db = fakeDatabase();
    recorder = startHistoryRecorder({ db: '/var/lib/history', open: db.open, debounceMs: 20, log: () => undefined });
    const state = staticPostureState(historyMesh(), T1);
    recorder.offer(state);
    await wait(100);
    const plaintext = anEdge({ from: 'unknown', to: 'shop/cart', securityPolicy: 'none', nonMtlsByDay: [{ day: '2026-05-31', count: 12 }] });
    recorder.offerTraffic(aTrafficSnapshot({ edges: [plaintext] }));
    recorder.offerTraffic(aTrafficSnapshot({ status: 'unreachable', edges: [] })); // says nothing: not kept, not a reset
    await wait(150);
    expect(db.traffic).toEqual([
      { source: state.computation.model.source, at: '2026-06-01T12:00:00Z', days: [{ day: '2026-05-31', namespace: 'shop', workload: 'cart', plaintextRequests: 12, plaintextConnections: 0, unclassifiedRequests: 0, unclassifiedConnections: 0 }] },
    ]);
    expect(db.recorded).toHaveLength(1);
  });

  it('an unreachable database: the reason is told, the posture kept pending, and recorded once the database is back', async () => {
    const db = fakeDatabase();
    const lines: string[] = [];
    db.setUp(false);
    recorder = startHistoryRecorder({ db: 'postgres://mp:secret@db:5432/history', open: db.open, debounceMs: 10, retryMs: 40, log: (l) => lines.push(l) });
    recorder.offer(staticPostureState(relaxedShop(), T1));
    await wait(30);
    const status = recorder.status();
    expect(status).toMatchObject({ state: 'not-recording', pending: true, database: 'postgres://mp:***@db:5432/history', lastRecordedAt: null });
    expect(status.reason).toBe('history is not being recorded: cannot connect to the history database postgres://mp:***@db:5432/history: connect ECONNREFUSED 127.0.0.1:5432');
    db.setUp(true);
    await wait(150);
    expect(db.recorded.map((d) => d.at)).toEqual(['2026-06-01T12:00:00Z']);
    expect(recorder.status()).toMatchObject({ state: 'recording', reason: null, pending: false });
    expect(lines).toEqual([expect.stringMatching(/^mesh-posture: history is not being recorded: cannot connect/), 'mesh-posture: history is being recorded again in postgres://mp:***@db:5432/history']);
  });

  it('retries with a growing delay while the database stays away', async () => {
    const db = fakeDatabase();
    db.setUp(false);
    recorder = startHistoryRecorder({ db: '/x', open: db.open, debounceMs: 0, retryMs: 20, maxRetryMs: 80, log: () => undefined });
    recorder.offer(staticPostureState(historyMesh(), T1));
    await wait(300);
    // 0, then 20, 40, 80, 80… ms: a handful of attempts, not one per tick.
    expect(db.opens()).toBeGreaterThanOrEqual(3);
    expect(db.opens()).toBeLessThanOrEqual(7);
  });
});

describe('historyRetentionFromEnv', () => {
  it.each([
    { env: {}, want: { policy: { retentionDays: 400, detailDays: 30 } } },
    { env: { MESH_POSTURE_HISTORY_RETENTION_DAYS: '90', MESH_POSTURE_HISTORY_DETAIL_DAYS: '7' }, want: { policy: { retentionDays: 90, detailDays: 7 } } },
    { env: { MESH_POSTURE_HISTORY_RETENTION_DAYS: '0' }, want: { error: 'MESH_POSTURE_HISTORY_RETENTION_DAYS: expected a whole number of days (1–99999), got "0"' } },
    { env: { MESH_POSTURE_HISTORY_DETAIL_DAYS: '30d' }, want: { error: 'MESH_POSTURE_HISTORY_DETAIL_DAYS: expected a whole number of days (1–99999), got "30d"' } },
    { env: { MESH_POSTURE_HISTORY_RETENTION_DAYS: '10' }, want: { error: 'MESH_POSTURE_HISTORY_DETAIL_DAYS (30) cannot exceed MESH_POSTURE_HISTORY_RETENTION_DAYS (10)' } },
  ])('$env', ({ env, want }) => {
    expect(historyRetentionFromEnv(env)).toEqual(want);
  });
});

describe('historyDatabaseFromEnv', () => {
  it.each([
    { env: { MESH_POSTURE_DATABASE_URL: 'postgres://a@h/db', DATABASE_URL: 'postgres://b@h/db' }, want: { db: 'postgres://a@h/db' } },
    { env: { DATABASE_URL: 'postgres://b@h/db' }, want: { db: 'postgres://b@h/db' } },
    { env: {}, want: { db: '/srv/.mesh-posture/history' } },
    { env: { MESH_POSTURE_DATABASE_URL: 'off' }, want: { off: 'history is off (MESH_POSTURE_DATABASE_URL=off)' } },
  ])('$env', ({ env, want }) => {
    expect(historyDatabaseFromEnv(env, '/srv')).toEqual(want);
  });

  it('off: a recorder that records nothing and says so', async () => {
    const off = offHistoryRecorder('history is off (MESH_POSTURE_DATABASE_URL=off)');
    off.offer(staticPostureState(historyMesh(), T1));
    expect(off.status()).toEqual({ state: 'off', reason: 'history is off (MESH_POSTURE_DATABASE_URL=off)', database: null, lastRecordedAt: null, pending: false });
  });
});

describe('startHistoryRecorder: an embedded database', () => {
  it('is closed once idle, opened again for the next write or read; reads and writes take turns', async () => {
    const db = fakeDatabase();
    let closes = 0;
    const open = async (name: string) => {
      const s = await db.open(name);
      return { ...s, close: async () => void (closes += 1) };
    };
    recorder = startHistoryRecorder({ db: '/var/lib/history', open, debounceMs: 0, idleCloseMs: 30, log: () => undefined });
    recorder.offer(staticPostureState(historyMesh(), T1));
    const read = recorder.read({});
    await recorder.flush();
    await read;
    expect(db.recorded).toHaveLength(1);
    // One burst, one open; closed after 30 ms of quiet; the next read opens it again.
    expect([db.opens(), closes]).toEqual([1, 0]);
    await wait(80);
    expect(closes).toBe(1);
    await recorder.read({});
    expect(db.opens()).toBe(2);
  });

  it('a PostgreSQL URL stays open between writes', async () => {
    const db = fakeDatabase();
    recorder = startHistoryRecorder({ db: 'postgres://h/db', open: db.open, debounceMs: 0, log: () => undefined });
    recorder.offer(staticPostureState(historyMesh(), T1));
    await recorder.flush();
    recorder.offer(staticPostureState(relaxedShop(), T2));
    await recorder.flush();
    await recorder.read({});
    expect(db.recorded).toHaveLength(2);
    expect(db.opens()).toBe(1);
  });
});

describe('HistoryRecorder.replay', () => {
  it('records the scripted postures in order into a database holding none of their source, and not again', async () => {
    const db = fakeDatabase();
    const held: PostureDigest[] = [];
    const open = async (name: string) => {
      const s = await db.open(name);
      return {
        ...s,
        history: async () => ({ records: held.map((d) => ({ at: d.at, source: d.source, summary: d.summary, daily: false })), changes: [], findings: [], phases: [], rotations: [] }),
        record: async (d: PostureDigest) => (held.push(d), s.record(d)),
      };
    };
    recorder = startHistoryRecorder({ db: '/h', open, debounceMs: 0, log: () => undefined });
    const steps = [staticPostureState(historyMesh(), T1), staticPostureState(relaxedShop(), T2)];
    await recorder.replay(steps);
    await recorder.replay(steps);
    expect(db.recorded.map((d) => d.at)).toEqual(['2026-06-01T12:00:00Z', '2026-06-01T12:00:07Z']);
  });
});
