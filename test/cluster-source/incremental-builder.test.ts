// The feed's incremental builder gives exactly the snapshot one buildSnapshot pass gives, before and after changes,
// while parsing each object only once.
import { describe, expect, it } from 'vitest';
import { assembleSnapshot, type KindReading } from '@/lib/sources/cluster/assemble-snapshot';
import { createIncrementalBuilder } from '@/lib/sources/cluster/incremental-builder';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { rawPeerAuthentication, rawPod, smallMeshObjects } from './harness';
import { content } from './snapshot-content';

type Raw = Record<string, unknown>;

const deployment = (namespace: string, name: string, replicas: number): Raw => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { replicas, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] } } },
});
const ownedPod = (namespace: string, name: string, replicaSet: string): Raw => {
  const pod = rawPod(namespace, name) as Raw & { metadata: Raw };
  return { ...pod, metadata: { ...pod.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSet, uid: 'u', controller: true }] } };
};

const OBJECTS: Raw[] = [
  ...smallMeshObjects(),
  deployment('shop', 'pending', 2), // no pods yet: predicted
  deployment('shop', 'running', 1), // its pod exists: not predicted
  ownedPod('shop', 'running-7d9f8c6b5-x1x1x', 'running-7d9f8c6b5'),
  deployment('shop', 'scaled-down', 0),
  { ...rawPeerAuthentication('shop', 'broken', 'STRICT'), spec: { mtls: { mode: 'strict' } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-ca-root-cert', namespace: 'shop' }, data: { 'root-cert.pem': 'not a PEM' } },
];

function readings(objects: readonly Raw[], forbidden: readonly string[] = []): KindReading[] {
  return KIND_TABLE.map((spec): KindReading => {
    if (forbidden.includes(spec.id)) return { spec, status: 'forbidden', reason: `${spec.resource} is forbidden`, lastSyncOk: null, objects: [] };
    const mine = objects.filter((o) => o['kind'] === spec.kind);
    return { spec, status: 'ok', lastSyncOk: Date.parse('2026-06-01T11:59:00Z'), objects: mine };
  });
}

const OPTIONS = { source: 'cluster test', now: Date.parse('2026-06-01T12:00:00Z') };

describe('the incremental builder', () => {
  it('builds what one buildSnapshot pass builds, before and after changes, and with a forbidden kind', () => {
    const build = createIncrementalBuilder();
    const steps: { name: string; objects: Raw[]; forbidden?: string[] }[] = [
      { name: 'initial', objects: OBJECTS },
      { name: 'a pod changed', objects: OBJECTS.map((o) => (o['kind'] === 'Pod' && (o['metadata'] as Raw)['name'] === 'sleep-7b9f8c6d4-fghij' ? rawPod('shop', 'sleep-7b9f8c6d4-fghij', { app: 'sleep', v: '2' }) : o)) },
      { name: 'the pending deployment got its pod', objects: [...OBJECTS, ownedPod('shop', 'pending-5c6d7e8f9-a1b2c', 'pending-5c6d7e8f9')] },
      { name: 'a policy deleted', objects: OBJECTS.filter((o) => (o['metadata'] as Raw)['name'] !== 'httpbin-admin') },
      { name: 'pods forbidden', objects: OBJECTS, forbidden: ['pods'] },
    ];
    const results = steps.map(({ name, objects, forbidden }) => {
      const r = readings(objects, forbidden);
      const incremental = assembleSnapshot(r, OPTIONS, build);
      const whole = assembleSnapshot(r, OPTIONS);
      return { name, same: JSON.stringify(content(incremental)) === JSON.stringify(content(whole)), kinds: JSON.stringify(incremental.kinds) === JSON.stringify(whole.kinds) };
    });
    expect(results).toEqual(steps.map(({ name }) => ({ name, same: true, kinds: true })));
  });

  it('predicts a pod only for the controller that has none', () => {
    const snapshot = assembleSnapshot(readings(OBJECTS), OPTIONS, createIncrementalBuilder());
    expect(snapshot.pods.filter((p) => p.predictedFrom).map((p) => `${p.meta.namespace}/${p.predictedFrom?.kind}/${p.predictedFrom?.name}`)).toEqual(['shop/Deployment/pending']);
    expect(snapshot.issues.map((i) => i.object).sort()).toEqual(['ConfigMap/shop/istio-ca-root-cert', 'PeerAuthentication/shop/broken']);
  });
});
