// Observed traffic in the synchronous views: the traffic store prepares the model when a posture is offered (here the
// demo's recorded traffic, as the server plays it without a Prometheus), and the overview, namespace page, migration
// board, pod page, findings and topology read it without waiting. Expectations follow demo/traffic.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { istioWorkloadName } from '@/lib/mesh/traffic';
import { staticPostureState, type PostureState } from '@/lib/server/posture-store';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { prepareTrafficModel } from '../traffic-store';
import { buildFindingsView } from './findings';
import { buildMigrationView } from './migration';
import { buildNamespaceView } from './namespace';
import { buildOverviewView } from './overview';
import { buildPodView } from './pod';
import { parsePodFilters } from '@/lib/api/views/pod';
import { buildTopologyView } from './topology';
import { preparedTraffic } from './traffic-brief';

const none = new URLSearchParams();
let state: PostureState;

beforeAll(async () => {
  const now = new Date();
  state = staticPostureState(await loadDemoSnapshot({ now }), now);
  prepareTrafficModel(state.computation);
});

function podOf(namespace: string, workload: string): string {
  const w = state.computation.workloads.find((x) => x.pod.meta.namespace === namespace && istioWorkloadName(x.pod) === workload);
  if (!w) throw new Error(`no ${namespace}/${workload} in the demo`);
  return w.pod.meta.name;
}

describe('observed traffic in the views', () => {
  it('is prepared when the posture is offered, for that posture', () => {
    const prepared = preparedTraffic(state);
    expect(prepared?.brief).toMatchObject({ status: 'ok', evidenceDays: 7, current: true });
  });

  it('overview: plaintext observed in the window and readiness counts', () => {
    const t = buildOverviewView(state, none).traffic;
    expect(t?.plaintext).toBeGreaterThan(0);
    expect(t?.mtls).toBeGreaterThan(t?.plaintext ?? 0);
    expect(t?.namespaces.blocked).toBeGreaterThanOrEqual(1);
    expect(t?.namespaces.ready).toBeGreaterThanOrEqual(1);
    expect(t?.contradictions).toBeGreaterThanOrEqual(1);
  });

  it('migration board: a card carries its evidence, and phase 2 holds the strict-evidence item', () => {
    const v = buildMigrationView(state, none);
    expect(v.traffic?.status).toBe('ok');
    const cards = v.columns.flatMap((c) => c.cards.rows);
    const storefront = cards.find((c) => c.namespace === 'storefront');
    expect(storefront?.evidence).toMatchObject({ strictReadiness: 'ready' });
    expect(storefront?.evidence?.plaintextFreeSince).toMatch(/^\d{4}-\d\d-\d\dT/);
    const notifications = cards.find((c) => c.namespace === 'notifications');
    expect(notifications?.evidence).toMatchObject({ strictReadiness: 'blocked', blockingSources: ['unknown'] });
    const blocker = notifications?.blockers.find((b) => b.id === 'strict-evidence');
    expect(blocker).toMatchObject({ state: 'failed', phase: 2 });
  });

  it('namespace page: readiness with evidence and the workloads plaintext reached', () => {
    const v = buildNamespaceView(state, 'notifications', none);
    expect(v.traffic?.evidence.readiness).toMatchObject({ strictReadiness: 'blocked' });
    expect(v.traffic?.evidence.plaintextWorkloads.map((w) => [w.workload, w.strictReadiness, w.plaintextSources])).toEqual([['notification-api', 'blocked', ['unknown']]]);
    expect(v.checks.find((c) => c.id === 'strict-evidence')?.state).toBe('failed');
  });

  it('pod page: the clients observed into its workload, the likely senders, and the least-privilege suggestion', () => {
    const v = buildPodView(state, parsePodFilters('notifications', podOf('notifications', 'notification-api'), none));
    expect(v.observed?.workload).toBe('notification-api');
    const t = v.observed?.traffic;
    expect(t?.strictReadiness).toBe('blocked');
    expect(t?.clients.map((c) => c.source)).toEqual(expect.arrayContaining(['unknown', 'checkout/checkout']));
    expect(t?.likelySources.map((s) => s.workload)).toContain('legacy-batch/batch-scheduler');
    expect(t?.suggestion?.principals).toEqual(['cluster.local/ns/checkout/sa/checkout']);
    expect(t?.suggestion?.denies.map((d) => d.source)).toContain('unknown');
  });

  it('pod page: the contradictions about its workload', () => {
    const v = buildPodView(state, parsePodFilters('checkout', podOf('checkout', 'tax-calculator'), none));
    // Its DestinationRule disables TLS for checkout (MP201), so the engine expects that plaintext: MP601, no MP603.
    expect(v.observed?.contradictions.map((c) => c.code)).toEqual(['MP601']);
  });

  it('findings: MP106 stands only where the evidence agrees', () => {
    const rows = buildFindingsView(state, new URLSearchParams('code=MP106')).findings.rows;
    const storefront = rows.find((r) => r.namespace === 'storefront');
    expect(storefront?.message).toContain('observed traffic agrees');
  });

  it('topology: observed figures per namespace pair, and edges seen though the engine blocks them marked', () => {
    const v = buildTopologyView(state, none);
    expect(v.traffic.observed).toBe(true);
    const edge = v.edges.find((e) => e.fromLabel === 'storefront' && e.toLabel === 'checkout');
    expect(edge?.observed?.mtls).toBeGreaterThan(0);
    expect(v.edges.every((e) => e.observed !== null)).toBe(v.edges.every((e) => v.nodes.find((n) => n.key === e.from)?.namespace && v.nodes.find((n) => n.key === e.to)?.namespace));
    for (const e of v.edges) {
      const seen = (e.observed?.mtls ?? 0) + (e.observed?.plaintext ?? 0) + (e.observed?.unclassified ?? 0) > 0;
      expect(e.observedButBlocked).toBe(seen && (e.authz === 'denied' || e.authz === 'unreached' || e.transport === 'fails'));
    }
  });
});
