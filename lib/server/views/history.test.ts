import { describe, expect, it } from 'vitest';
import type { HistoryRecorder, HistoryStatus } from '../history-recorder';
import { offHistoryRecorder } from '../history-recorder';
import type { HistoryQuery, PostureHistory } from '@/lib/store/history-store';
import { buildHistoryView } from './history';

const NOW = new Date('2026-06-01T12:00:00Z');
const EMPTY: PostureHistory = { records: [], changes: [], findings: [], phases: [], rotations: [] };

function recorder(status: HistoryStatus, read: (q: HistoryQuery) => Promise<PostureHistory>): HistoryRecorder {
  return { offer: () => undefined, offerTraffic: () => undefined, replay: async () => undefined, status: () => status, flush: async () => undefined, read, stop: async () => undefined };
}

describe('buildHistoryView', () => {
  it('reads the window and namespace asked for (30 days by default, a namespace only when it is a DNS label)', async () => {
    const queries: HistoryQuery[] = [];
    const r = recorder({ state: 'recording', reason: null, database: '/h', lastRecordedAt: null, pending: false }, async (q) => (queries.push(q), EMPTY));
    await buildHistoryView(r, new URLSearchParams(), NOW);
    await buildHistoryView(r, new URLSearchParams('days=90&namespace=shop'), NOW);
    await buildHistoryView(r, new URLSearchParams('days=12&namespace=Shop%27%3B'), NOW);
    expect(queries).toEqual([{ since: '2026-05-02T12:00:00.000Z' }, { since: '2026-03-03T12:00:00.000Z', namespace: 'shop' }, { since: '2026-05-02T12:00:00.000Z' }]);
  });

  it('a database that cannot be read is a state of the view, with the reason', async () => {
    const status: HistoryStatus = { state: 'not-recording', reason: 'history is not being recorded: cannot connect to the history database postgres://db/h: timeout', database: 'postgres://db/h', lastRecordedAt: null, pending: true };
    const view = await buildHistoryView(recorder(status, async () => Promise.reject(new Error('cannot connect to the history database postgres://db/h: timeout\n    at stack'))), new URLSearchParams(), NOW);
    expect(view).toEqual({ status, readError: 'the history could not be read: cannot connect to the history database postgres://db/h: timeout', records: [], changes: [], findings: [], phases: [], traffic: [] });
  });

  it('a database slower than the timeout: the view answers with the reason instead of waiting', async () => {
    const status: HistoryStatus = { state: 'recording', reason: null, database: '/h', lastRecordedAt: null, pending: true };
    const view = await buildHistoryView(recorder(status, () => new Promise(() => undefined)), new URLSearchParams(), NOW, 50);
    expect(view.readError).toBe('the history could not be read: the history database did not answer within 0.05 s');
  });

  it('history turned off says so', async () => {
    const view = await buildHistoryView(offHistoryRecorder('history is off (MESH_POSTURE_DATABASE_URL=off)'), new URLSearchParams(), NOW);
    expect(view.status).toMatchObject({ state: 'off', reason: 'history is off (MESH_POSTURE_DATABASE_URL=off)' });
    expect(view.readError).toBeNull();
  });
});
