// The migration board builder: a column per phase, a card per namespace carrying the engine's failed or unknown items
// of its next phase, the mesh checklist, and bounded columns however many namespaces the mesh has.
import { beforeAll, describe, expect, it } from 'vitest';
import { CARDS_PER_COLUMN, COLUMN_PAGE_SIZE } from '@/lib/api/views/migration';
import { staticPostureState, type PostureState } from '@/lib/server/posture-store';
import { aNamespace, aPeerAuthentication, aPod, aSnapshot, NOW } from '@/test/builders';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { DEMO_EXPECTED } from '@/demo/expectations';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { buildMigrationView } from './migration';

const SMALL = aSnapshot({
  namespaces: [aNamespace('shop', { 'istio-injection': 'enabled' }), aNamespace('legacy'), aNamespace('empty-ns')],
  pods: [aPod({ name: 'web-1', namespace: 'shop' }), aPod({ name: 'cron-1', namespace: 'legacy', dataplane: 'none' })],
  peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'shop', mode: 'PERMISSIVE' })],
});

const board = (snapshot: MeshSnapshot | PostureState, query = '') =>
  buildMigrationView('computation' in snapshot ? snapshot : staticPostureState(snapshot, new Date(NOW)), new URLSearchParams(query));

describe('buildMigrationView', () => {
  it('puts each namespace in its phase column with the failed items of its next phase and the objects behind them', () => {
    const v = board(SMALL);
    expect(v.columns.map((c) => ({ phase: c.phase, cards: c.cards.rows.map((r) => r.namespace), total: c.cards.total }))).toEqual([
      { phase: 0, cards: ['legacy', 'empty-ns'], total: 2 },
      { phase: 1, cards: ['shop'], total: 1 },
      { phase: 2, cards: [], total: 0 },
      { phase: 3, cards: [], total: 0 },
      { phase: 4, cards: [], total: 0 },
    ]);
    expect(v.columns[1]?.cards.rows[0]).toEqual({
      namespace: 'shop', phase: 1, workloads: 1, strictWorkloads: 0, dataplane: 'sidecar', countsTowardMeshPhase: true, nextPhase: 2,
      blockers: [
        {
          id: 'workloads-strict', phase: 2, title: 'Every workload enforces STRICT mTLS', state: 'failed',
          detail: '1 of 1 workload is not STRICT', objects: ['Pod/shop/web-1'], objectsOmitted: 0, blocksNextPhase: true,
        },
      ],
      evidence: null,
    });
    expect(v.columns[0]?.cards.rows.map((r) => [r.namespace, r.countsTowardMeshPhase, r.blockers.map((b) => b.id)])).toEqual([
      ['legacy', true, ['enrolled', 'dataplane-everywhere']],
      ['empty-ns', false, ['enrolled', 'dataplane-everywhere']],
    ]);
  });

  it('counts what blocks namespaces most, and filters by a blocker and by name', () => {
    expect(board(SMALL).blockerCounts).toEqual([
      { id: 'dataplane-everywhere', phase: 1, title: 'Every workload has a sidecar or ztunnel', namespaces: 2 },
      { id: 'enrolled', phase: 1, title: 'Namespace enrolled in the mesh (injection or ambient label)', namespaces: 2 },
      { id: 'workloads-strict', phase: 2, title: 'Every workload enforces STRICT mTLS', namespaces: 1 },
    ]);
    const cardsOf = (query: string) => board(SMALL, query).columns.flatMap((c) => c.cards.rows.map((r) => r.namespace));
    expect(cardsOf('blocker=workloads-strict')).toEqual(['shop']);
    expect(cardsOf('namespace=LEG')).toEqual(['legacy']);
    expect(board(SMALL, 'namespace=nothing-matches').matching).toBe(0);
  });

  it('gives the mesh checklist with the items of the mesh next phase marked blocking', () => {
    const v = board(SMALL);
    expect({ phase: v.meshPhase, checks: v.meshChecks.map((c) => [c.id, c.state, c.blocksNextPhase]) }).toEqual({
      phase: 0,
      checks: [
        ['namespaces-phase-1', 'failed', true],
        ['namespaces-phase-2', 'failed', false],
        ['namespaces-phase-3', 'failed', false],
        ['mesh-strict', 'failed', false],
        ['namespaces-phase-4', 'failed', false],
      ],
    });
  });

  describe('at 1,000 namespaces', () => {
    let state: PostureState;
    beforeAll(() => {
      const pods = Array.from({ length: 1000 }, (_, i) => aPod({ name: `app-${i}`, namespace: `team-${String(i).padStart(4, '0')}`, dataplane: i % 2 ? 'sidecar' : 'none' }));
      state = staticPostureState(aSnapshot({ pods }), new Date(NOW));
    });

    it('caps every column, keeping the full count for "N more"', () => {
      const v = board(state);
      expect(v.columns.map((c) => [c.cards.rows.length, c.cards.total])).toEqual([
        [CARDS_PER_COLUMN, 1000],
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ]);
      expect(v.namespacesTotal).toBe(1000);
    });

    it('pages a focused column and leaves the others as counts', () => {
      const v = board(state, 'phase=0&page=3');
      expect(v.columns.map((c) => [c.cards.rows.length, c.cards.total, c.cards.page])).toEqual([
        [COLUMN_PAGE_SIZE, 1000, 3],
        [0, 0, 1],
        [0, 0, 1],
        [0, 0, 1],
        [0, 0, 1],
      ]);
    });
  });

  it('places the demo namespaces in their designed phase columns', async () => {
    const demo = staticPostureState(await loadDemoSnapshot({ now: new Date(NOW) }), new Date(NOW));
    const placed = Object.fromEntries(board(demo).columns.flatMap((c) => c.cards.rows.map((r) => [r.namespace, c.phase])));
    expect(Object.fromEntries(Object.keys(DEMO_EXPECTED.phases).map((ns) => [ns, placed[ns]]))).toEqual(DEMO_EXPECTED.phases);
    const payments = board(demo, 'namespace=payments').columns[4]?.cards.rows[0];
    expect({ next: payments?.nextPhase, blockers: payments?.blockers }).toEqual({ next: null, blockers: [] });
  });
});
