// The history beside the posture views, read from a real embedded store holding the history fixtures' postures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingKey } from '@/lib/mesh/workload-identity';
import { openHistoryStore } from '@/lib/store/open-store';
import type { HistoryStore } from '@/lib/store/history-store';
import { digestOf, historyMesh, relaxedShop } from '@/test/history-fixtures';
import { offHistoryRecorder, type HistoryRecorder } from '../history-recorder';
import { staticPostureState, type PostureState } from '../posture-store';
import { buildFindingsHistory, buildMigrationHistory, buildWorkloadHistory } from './history-context';

const T1 = '2026-06-01T12:00:00Z';
const T2 = '2026-06-02T12:00:00Z';
const T3 = '2026-06-03T12:00:00Z';
const NOW = new Date('2026-06-03T13:00:00Z');
let dir: string;
let store: HistoryStore;
let state: PostureState;

const RECORDING = { state: 'recording', reason: null, database: '/h', lastRecordedAt: T3, pending: false } as const;
const recorderOver = (s: HistoryStore): HistoryRecorder => ({
  offer: () => undefined, offerTraffic: () => undefined, replay: async () => undefined, status: () => RECORDING, flush: async () => undefined, read: (q) => s.history(q), stop: async () => undefined,
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mp-history-context-'));
  store = await openHistoryStore(path.join(dir, 'h'));
  state = staticPostureState(historyMesh(), NOW);
  const source = state.computation.model.source;
  // Another source's history must not show through.
  await store.record(digestOf(relaxedShop(), T1, 'another'));
  await store.record(digestOf(historyMesh(), T1, source));
  await store.record(digestOf(relaxedShop(), T2, source));
  await store.record(digestOf(historyMesh(), T3, source));
}, 90_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('history beside the posture views', () => {
  it('the migration board: the phase each namespace is in, since when', async () => {
    const view = await buildMigrationHistory(recorderOver(store), state, NOW);
    const shopPhase = state.computation.model.namespaces.find((n) => n.name === 'shop')?.phase;
    expect(view).toEqual({
      status: RECORDING,
      readError: null,
      phases: [
        { namespace: 'istio-system', phase: expect.any(Number), enteredAt: T1 },
        // shop dropped a phase at T2 and came back at T3.
        { namespace: 'shop', phase: shopPhase, enteredAt: T3 },
      ],
    });
  });

  it("the pod view: the changes of the pod's workload (a Deployment's pod: the Deployment), with their causes", async () => {
    const view = await buildWorkloadHistory(recorderOver(store), state, 'shop', 'cart-7d8f9c6b5-abcde', new URLSearchParams(), NOW);
    expect(view.workload).toEqual({ kind: 'Deployment', name: 'cart' });
    expect(view.days).toBe(90);
    expect(view.changes.map((c) => [c.at, c.workload, c.port, c.from, c.to, c.causes.map((k) => `${k.name} ${k.change}`)])).toEqual([
      [T2, 'cart', 8080, 'STRICT', 'PERMISSIVE', ['relax added']],
      [T3, 'cart', 8080, 'PERMISSIVE', 'STRICT', ['relax removed']],
    ]);
    const unknown = await buildWorkloadHistory(recorderOver(store), state, 'shop', 'no-such-pod', new URLSearchParams(), NOW);
    expect(unknown).toMatchObject({ workload: null, changes: [] });
    const lastDay = await buildWorkloadHistory(recorderOver(store), state, 'shop', 'db-0', new URLSearchParams('days=1'), NOW);
    expect(lastDay.changes.map((c) => [c.at, c.workload])).toEqual([[T3, 'db']]);
  });

  it('the findings view: since when each open finding has been open, by its key', async () => {
    const view = await buildFindingsHistory(recorderOver(store), state, NOW);
    const keys = state.computation.model.findings.map(findingKey);
    expect(Object.keys(view.openSince).sort()).toEqual([...new Set(keys)].sort());
    expect(Object.values(view.openSince).every((at) => [T1, T2, T3].includes(at))).toBe(true);
  });

  it('no history or an unreadable database: empty, with the reason', async () => {
    const off = await buildMigrationHistory(offHistoryRecorder('history is off'), state, NOW);
    expect(off).toEqual({ status: expect.objectContaining({ state: 'off' }), readError: null, phases: [] });
    const failing: HistoryRecorder = { ...recorderOver(store), read: async () => Promise.reject(new Error('connection refused')) };
    expect(await buildFindingsHistory(failing, state, NOW)).toEqual({ status: RECORDING, readError: 'the history could not be read: connection refused', openSince: {} });
  });
});
