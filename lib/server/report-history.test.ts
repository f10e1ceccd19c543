// The history section of the dashboard's report download: read for the served source over 90 days; left out when
// history is off, the database fails or is slower than the timeout.
import { describe, expect, it } from 'vitest';
import type { RecordedPosture } from '@/lib/mesh/history/history-types';
import type { HistoryQuery, PostureHistory } from '@/lib/store/history-store';
import type { HistoryRecorder, HistoryStatus } from './history-recorder';
import { offHistoryRecorder } from './history-recorder';
import { historyForExport } from './report-history';

const NOW = new Date('2026-06-01T12:00:00Z');
const RECORDING: HistoryStatus = { state: 'recording', reason: null, database: 'postgres://mp:***@db/h', lastRecordedAt: null, pending: false };
const posture = (at: string, strict: number): RecordedPosture => ({
  at, source: 'demo', daily: false,
  summary: { mesh: { phase: 1, workloads: { total: 4, strict, permissive: 4 - strict, disable: 0, none: 0, unknown: 0 }, ports: { total: 4, strict, permissive: 4 - strict, disable: 0, none: 0, unknown: 0 } }, namespaces: [], findings: { error: 0, warning: 0, info: 0 } },
});

function recorder(status: HistoryStatus, read: (q: HistoryQuery) => Promise<PostureHistory>): HistoryRecorder {
  return { offer: () => undefined, offerTraffic: () => undefined, replay: async () => undefined, status: () => status, flush: async () => undefined, read, stop: async () => undefined };
}

describe('historyForExport', () => {
  it('reads the served source\'s records of the last 90 days and builds the trend, naming the database as shown', async () => {
    const queries: HistoryQuery[] = [];
    const h = await historyForExport(recorder(RECORDING, async (q) => (queries.push(q), { records: [posture('2026-05-20T00:00:00Z', 1), posture('2026-05-31T00:00:00Z', 3)], changes: [], findings: [], phases: [], rotations: [] })), 'demo', NOW);
    expect(queries).toEqual([{ source: 'demo', since: '2026-03-03T12:00:00.000Z', changes: false, spans: [] }]);
    expect(h).toMatchObject({ database: 'postgres://mp:***@db/h', source: 'demo', since: null, changes: null, daily: [{ share: 25 }, { share: 75 }] });
    expect(h?.windows.map((w) => [w.days, w.first?.share, w.last?.share, w.change])).toEqual([[30, 25, 75, 50], [90, 25, 75, 50]]);
  });

  it.each([
    ['history is off', offHistoryRecorder('history is off (MESH_POSTURE_DATABASE_URL=off)'), 1000],
    ['the database fails', recorder(RECORDING, () => Promise.reject(new Error('connection refused'))), 1000],
    ['the database is slower than the timeout', recorder(RECORDING, () => new Promise(() => undefined)), 50],
  ] as const)('%s: no section', async (_why, r, timeoutMs) => {
    expect(await historyForExport(r, 'demo', NOW, timeoutMs)).toBeNull();
  });
});
