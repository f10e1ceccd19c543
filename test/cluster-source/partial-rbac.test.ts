// Partial RBAC: each resource forbidden in turn, cluster-wide and in one namespace (which also forbids the
// cluster-wide list: a cluster-scope grant cannot leave one namespace out). The kinds that depend on it are
// forbidden with the API server's reason, the rest is used, nothing crashes, and no verdict comes out more secure
// than with full access: missing data is unknown, never secure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePosture } from '@/lib/mesh/compute-posture';
import type { PostureModel } from '@/lib/mesh/model';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import type { MeshSnapshot, SnapshotKind } from '@/lib/snapshot/types';
import { startHarness, waitFor, type Harness } from './harness';

const NOW = '2026-06-01T12:00:00Z';

let h: Harness;
let baseline: PostureModel;
beforeAll(async () => {
  h = await startHarness();
  const feed = h.feed();
  baseline = computePosture(await feed.ready(), { now: NOW });
  await feed.stop();
});
afterAll(async () => {
  await h.close();
});

function passedChecks(m: PostureModel): Set<string> {
  return new Set([...m.mesh.checks.map((c) => `mesh:${c.id}:${c.state}`), ...m.namespaces.flatMap((n) => n.checks.map((c) => `${n.name}:${c.id}:${c.state}`))].filter((c) => c.endsWith(':passed')));
}

function unknownChecks(m: PostureModel): string[] {
  return [...new Set([...m.mesh.checks, ...m.namespaces.flatMap((n) => n.checks)].filter((c) => c.state === 'unknown').map((c) => c.id))].sort();
}

/** What each forbidden resource must turn to unknown (beyond its provenance), where the engine reads it directly. */
const DEPENDENT: Readonly<Record<string, (m: PostureModel) => unknown>> = {
  'peerauthentications.security.istio.io': (m) => ({
    modes: m.workloads.map((w) => `${w.pod}=${w.mtls.mode}`).sort(),
    unknownChecks: unknownChecks(m).includes('mesh-strict'),
  }),
  'authorizationpolicies.security.istio.io': (m) => ({ coverage: [...new Set(m.workloads.map((w) => w.authz.coverage))], unknownChecks: unknownChecks(m).includes('authz-coverage') }),
  'telemetries.telemetry.istio.io': (m) => ({ unknownChecks: unknownChecks(m).includes('access-logging') }),
};

const EXPECTED_DEPENDENT: Readonly<Record<string, unknown>> = {
  'peerauthentications.security.istio.io': {
    modes: ['cron-5c7d9-klmno=NONE', 'httpbin-6d8f7c9b5-abcde=UNKNOWN', 'sleep-7b9f8c6d4-fghij=UNKNOWN'],
    unknownChecks: true,
  },
  'authorizationpolicies.security.istio.io': { coverage: ['unknown'], unknownChecks: true },
  'telemetries.telemetry.istio.io': { unknownChecks: true },
};

const cases = KIND_TABLE.filter((k) => k.provenance.length > 0).flatMap((spec) => [
  { spec, scope: 'cluster-wide', namespace: undefined },
  { spec, scope: 'in namespace shop', namespace: 'shop' },
]);

describe('partial RBAC', () => {
  it.each(cases)('$spec.id forbidden $scope: its kinds are forbidden with the reason, verdicts unknown, never more secure', async ({ spec, namespace }) => {
    h.sim.faults.allow();
    h.sim.faults.forbid({ group: spec.group, resource: spec.resource, ...(namespace ? { namespace } : {}) });
    const feed = h.feed();
    let snapshot: MeshSnapshot;
    try {
      snapshot = await feed.ready();
      expect(feed.health().kinds[spec.id]).toMatchObject({ status: 'forbidden', watching: false, lastSyncOk: null });
    } finally {
      await feed.stop();
    }
    const provenance = Object.fromEntries(spec.provenance.map((k) => [k, { status: snapshot.kinds[k].status, asOf: snapshot.kinds[k].asOf }]));
    expect(provenance).toEqual(Object.fromEntries(spec.provenance.map((k) => [k, { status: 'forbidden', asOf: null }])));
    for (const k of spec.provenance) expect(snapshot.kinds[k].reason).toMatch(new RegExp(`${spec.resource} is forbidden`));
    expect(snapshot.issues.filter((i) => i.object === spec.id).map((i) => i.kind)).toEqual([spec.kind]);
    const others = (Object.keys(snapshot.kinds) as SnapshotKind[]).filter((k) => !spec.provenance.includes(k) && k !== 'ProxyCertificates');
    expect(others.filter((k) => snapshot.kinds[k].status !== 'ok')).toEqual([]);

    const model = computePosture(snapshot, { now: NOW });
    const stillPassing = passedChecks(model);
    expect([...stillPassing].filter((c) => !passedChecks(baseline).has(c))).toEqual([]);
    expect(model.mesh.coverage.strict).toBeLessThanOrEqual(baseline.mesh.coverage.strict);
    const dependent = DEPENDENT[spec.id];
    if (dependent) expect(dependent(model)).toEqual(EXPECTED_DEPENDENT[spec.id]);
  });

  it('a kind forbidden at start is read once the permission is granted (slow retry), and turns forbidden again when revoked', async () => {
    h.sim.faults.allow();
    h.sim.faults.forbid({ group: 'security.istio.io', resource: 'peerauthentications' });
    const feed = h.feed();
    try {
      expect((await feed.ready()).kinds.PeerAuthentication.status).toBe('forbidden');
      h.sim.faults.allow();
      await waitFor('the grant to be noticed', () => feed.current()?.kinds.PeerAuthentication.status === 'ok');
      expect(feed.current()?.peerAuthentications.map((p) => p.meta.name).sort()).toEqual(['default', 'httpbin-admin']);

      h.sim.faults.forbid({ group: 'security.istio.io', resource: 'peerauthentications' });
      h.sim.faults.dropStreams();
      await waitFor('the revocation to be noticed', () => feed.current()?.kinds.PeerAuthentication.status === 'forbidden');
      expect(feed.current()?.peerAuthentications).toEqual([]);
    } finally {
      await feed.stop();
      h.sim.faults.allow();
    }
  });

  it('an absent Istio is "Istio not detected", not an error, and Kubernetes kinds are still read', async () => {
    for (const g of ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io']) h.sim.faults.absentGroup(g);
    const feed = h.feed();
    try {
      const snapshot = await feed.ready();
      const istio: SnapshotKind[] = ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'DestinationRule', 'EnvoyFilter', 'Telemetry'];
      expect(istio.map((k) => [k, snapshot.kinds[k].status, snapshot.kinds[k].reason?.startsWith('Istio not detected: ')])).toEqual(istio.map((k) => [k, 'absent', true]));
      expect(snapshot.kinds.Pod.status).toBe('ok');
      expect(snapshot.pods).toHaveLength(3);
    } finally {
      await feed.stop();
      for (const g of ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io']) h.sim.faults.presentGroup(g);
    }
  });
});
