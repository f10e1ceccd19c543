import { describe, expect, it } from 'vitest';
import { aPeerAuthentication, aPod, NOW } from '@/test/builders';
import { digestOf, historyMesh } from '@/test/history-fixtures';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { controllerOf } from './posture-digest';
import { diffPostures } from './posture-delta';
import { fingerprint, stableJson } from './fingerprint';

const LATER = '2026-06-01T13:00:00Z';

const mesh = historyMesh;
const digest = (s: MeshSnapshot, at = NOW) => digestOf(s, at);

describe('controllerOf', () => {
  it.each([
    { pod: { owner: { kind: 'ReplicaSet', name: 'cart-7d8f9c6b5' } }, name: 'cart-7d8f9c6b5-abcde', want: { kind: 'Deployment', name: 'cart' } },
    { pod: { owner: { kind: 'StatefulSet', name: 'db' } }, name: 'db-0', want: { kind: 'StatefulSet', name: 'db' } },
    { pod: { predictedFrom: { kind: 'Deployment', name: 'api' } }, name: 'api', want: { kind: 'Deployment', name: 'api' } },
    { pod: {}, name: 'orphan-6b7c8d9f5-qwert', want: { kind: 'Pod', name: 'orphan' } },
    { pod: undefined, name: 'solo', want: { kind: 'Pod', name: 'solo' } },
  ])('$name → $want.kind/$want.name', ({ pod, name, want }) => {
    expect(controllerOf(pod, name)).toEqual(want);
  });
});

describe('fingerprint', () => {
  it('ignores key order and tells content apart', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(fingerprint({ a: 1, b: 2 })).toBe(fingerprint({ b: 2, a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint('x')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('digestPosture', () => {
  it('keys ports by controller-level workload and keeps the summary', () => {
    const d = digest(mesh());
    expect(d.ports).toEqual([
      { namespace: 'shop', workload: 'cart', port: 8080, mode: 'STRICT', dataplane: 'sidecar' },
      { namespace: 'shop', workload: 'db', port: 5432, mode: 'STRICT', dataplane: 'sidecar' },
    ]);
    expect(d.deciders['shop/cart']).toEqual(['Deployment/shop/cart', 'Namespace/shop', 'PeerAuthentication/istio-system/default']);
    expect(d.summary.namespaces.find((n) => n.name === 'shop')?.workloads).toMatchObject({ total: 2, strict: 2 });
    expect(Object.keys(d.objects).sort()).toEqual(['Deployment/shop/cart', 'Namespace/istio-system', 'Namespace/shop', 'PeerAuthentication/istio-system/default', 'StatefulSet/shop/db']);
  });
});

describe('diffPostures', () => {
  it('the first posture has no changes: its findings open and its namespaces enter their phases', () => {
    const d = digest(mesh());
    const delta = diffPostures(null, d);
    expect(delta.changes).toEqual([]);
    expect(delta.openedFindings).toEqual(d.findings);
    expect(delta.phases.map((p) => [p.namespace, p.from])).toEqual([
      ['istio-system', null],
      ['shop', null],
    ]);
  });

  it('a pod restart (new pod name, same template) and an identical posture are no change', () => {
    const delta = diffPostures(digest(mesh()), digest(mesh({}, '7d8f9c6b5-zyxwv'), LATER));
    expect(delta).toMatchObject({ changes: [], openedFindings: [], closedFindings: [], phases: [], rotations: [], identical: true });
  });

  it('a namespace PeerAuthentication added: PERMISSIVE on both workloads, caused by that policy', () => {
    const permissive = aPeerAuthentication({ name: 'relax', namespace: 'shop', mode: 'PERMISSIVE' });
    const before = digest(mesh());
    const after = digest(mesh({ peerAuthentications: [...mesh().peerAuthentications, permissive] }), LATER);
    const delta = diffPostures(before, after);
    const cause = { kind: 'PeerAuthentication', namespace: 'shop', name: 'relax', change: 'added' };
    expect(delta.changes).toEqual([
      { at: LATER, namespace: 'shop', workload: 'cart', port: 8080, from: 'STRICT', to: 'PERMISSIVE', dataplane: { from: 'sidecar', to: 'sidecar' }, regression: true, causes: [cause] },
      { at: LATER, namespace: 'shop', workload: 'db', port: 5432, from: 'STRICT', to: 'PERMISSIVE', dataplane: { from: 'sidecar', to: 'sidecar' }, regression: true, causes: [cause] },
    ]);
    expect(delta.identical).toBe(false);
  });

  it('a policy modified (a port exception) names it as modified, only for the workload it selects', () => {
    const selective = (portLevelMtls: Record<number, 'PERMISSIVE'> | null) =>
      aPeerAuthentication({ name: 'db-strict', namespace: 'shop', mode: 'STRICT', selector: { app: 'db' }, portLevelMtls });
    const before = digest(mesh({ peerAuthentications: [...mesh().peerAuthentications, selective(null)] }));
    const after = digest(mesh({ peerAuthentications: [...mesh().peerAuthentications, selective({ 5432: 'PERMISSIVE' })] }), LATER);
    const delta = diffPostures(before, after);
    expect(delta.changes.map((c) => [c.workload, c.port, c.from, c.to, c.causes])).toEqual([
      ['db', 5432, 'STRICT', 'PERMISSIVE', [{ kind: 'PeerAuthentication', namespace: 'shop', name: 'db-strict', change: 'modified' }]],
    ]);
  });

  it('the mesh-wide policy removed: back to the PERMISSIVE default, caused by its removal', () => {
    const delta = diffPostures(digest(mesh()), digest(mesh({ peerAuthentications: [] }), LATER));
    expect(delta.changes.map((c) => [c.workload, c.from, c.to, c.causes])).toEqual([
      ['cart', 'STRICT', 'PERMISSIVE', [{ kind: 'PeerAuthentication', namespace: 'istio-system', name: 'default', change: 'removed' }]],
      ['db', 'STRICT', 'PERMISSIVE', [{ kind: 'PeerAuthentication', namespace: 'istio-system', name: 'default', change: 'removed' }]],
    ]);
  });

  it('a workload that loses its sidecar: dataplane and mode change, caused by the workload itself', () => {
    const base = mesh();
    const noSidecar = { ...aPod({ name: 'db-0', namespace: 'shop', ports: [5432], labels: { app: 'db' }, dataplane: 'none' }), owner: { kind: 'StatefulSet', name: 'db' } };
    const after = digest({ ...base, pods: [base.pods[0]!, noSidecar] }, LATER);
    const delta = diffPostures(digest(base), after);
    expect(delta.changes.map((c) => [c.workload, c.from, c.to, c.dataplane, c.regression, c.causes])).toEqual([
      ['db', 'STRICT', 'NONE', { from: 'sidecar', to: 'none' }, true, [{ kind: 'StatefulSet', namespace: 'shop', name: 'db', change: 'modified' }]],
    ]);
  });

  it('a workload that goes away and one that arrives are changes from / to nothing', () => {
    const base = mesh();
    const api = { ...aPod({ name: 'api-0', namespace: 'shop', ports: [9000] }), owner: { kind: 'StatefulSet', name: 'api' } };
    const delta = diffPostures(digest(base), digest({ ...base, pods: [base.pods[0]!, api] }, LATER));
    expect(delta.changes.map((c) => [c.workload, c.port, c.from, c.to, c.regression, c.causes.map((x) => `${x.kind}/${x.name}:${x.change}`)])).toEqual([
      ['api', 9000, null, 'STRICT', false, ['StatefulSet/api:added']],
      ['db', 5432, 'STRICT', null, true, ['StatefulSet/db:removed']],
    ]);
  });
});
