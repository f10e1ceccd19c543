// A small mesh for history tests, and postures of it digested as the store records them.
import { computePosture } from '@/lib/mesh/compute-posture';
import { digestPosture } from '@/lib/mesh/history/posture-digest';
import type { PostureDigest } from '@/lib/mesh/history/history-types';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { aNamespace, aPeerAuthentication, aPod, aSnapshot, NOW } from './builders';

/** shop: cart (a Deployment's pod, port 8080) and db (a StatefulSet pod, port 5432); a mesh-wide STRICT policy. */
export function historyMesh(overrides: Partial<MeshSnapshot> = {}, podSuffix = '7d8f9c6b5-abcde'): MeshSnapshot {
  const hash = podSuffix.split('-')[0] ?? '';
  return aSnapshot({
    namespaces: [aNamespace('istio-system'), aNamespace('shop', { 'istio-injection': 'enabled' })],
    pods: [
      { ...aPod({ name: `cart-${podSuffix}`, namespace: 'shop', labels: { app: 'cart', 'pod-template-hash': hash } }), owner: { kind: 'ReplicaSet', name: `cart-${hash}` } },
      { ...aPod({ name: 'db-0', namespace: 'shop', ports: [5432], labels: { app: 'db' } }), owner: { kind: 'StatefulSet', name: 'db' } },
    ],
    peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' })],
    ...overrides,
  });
}

/** The shop namespace relaxed to PERMISSIVE by a namespace-wide policy `shop/relax`. */
export function relaxedShop(): MeshSnapshot {
  const base = historyMesh();
  return { ...base, peerAuthentications: [...base.peerAuthentications, aPeerAuthentication({ name: 'relax', namespace: 'shop', mode: 'PERMISSIVE' })] };
}

export function digestOf(snapshot: MeshSnapshot, at = NOW, source = snapshot.source): PostureDigest {
  return digestPosture(computePosture({ ...snapshot, source }, { now: at }), { ...snapshot, source }, at);
}
