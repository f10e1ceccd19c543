import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { resolveDataplane } from '@/lib/mesh/dataplane';
import { countSyntheticMesh, generateSyntheticMesh, planSyntheticMesh, syntheticMeshJsonChunks, type KubeObject } from './generate-mesh';

const SMALL = { pods: 300, namespaces: 21, policiesPerNamespace: 5, seed: 1 } as const;

function countKinds(items: readonly KubeObject[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[item.kind] = (out[item.kind] ?? 0) + 1;
  return out;
}

describe('generateSyntheticMesh', () => {
  const mesh = generateSyntheticMesh(SMALL);
  const kinds = countKinds(mesh.items);

  it('is a kubectl List of exactly the requested pods and namespaces, with policiesPerNamespace policies per application namespace', () => {
    expect(mesh).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(kinds['Pod']).toBe(300);
    expect(kinds['Namespace']).toBe(21);
    const policies = ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'DestinationRule'].reduce((n, k) => n + (kinds[k] ?? 0), 0);
    expect(policies).toBe(20 * 5 + 1); // + the mesh-wide PeerAuthentication in istio-system
    expect(kinds['ConfigMap']).toBe(1);
  });

  it('reports the same counts from the plan alone as the generated objects hold', () => {
    const counts = countSyntheticMesh(planSyntheticMesh(SMALL));
    expect(counts).toMatchObject({ pods: kinds['Pod'], namespaces: kinds['Namespace'], services: kinds['Service'], serviceAccounts: kinds['ServiceAccount'] });
    expect(counts.policiesByKind).toEqual({
      PeerAuthentication: kinds['PeerAuthentication'],
      AuthorizationPolicy: kinds['AuthorizationPolicy'],
      RequestAuthentication: kinds['RequestAuthentication'] ?? 0,
      DestinationRule: kinds['DestinationRule'] ?? 0,
    });
  });

  it('is deterministic: the same seed gives identical JSON, another seed a different mesh', () => {
    const json = JSON.stringify(mesh);
    expect(JSON.stringify(generateSyntheticMesh(SMALL))).toBe(json);
    expect(JSON.stringify(generateSyntheticMesh({ ...SMALL, seed: 2 }))).not.toBe(json);
  });

  it('writes the same text in chunks as JSON.stringify of the whole list', () => {
    expect([...syntheticMeshJsonChunks(planSyntheticMesh(SMALL))].join('')).toBe(JSON.stringify(mesh));
  });

  it('parses into a snapshot with zero collection issues, the mesh config read from istio-system', () => {
    const snapshot = buildSnapshot([{ raw: JSON.parse(JSON.stringify(mesh)) as unknown }], { source: 'synthetic', asOf: '2026-05-01T00:00:00Z' });
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.pods).toHaveLength(300);
    expect(snapshot.namespaces).toHaveLength(21);
    expect(snapshot.meshConfig.from).toEqual({ namespace: 'istio-system', name: 'istio' });
    expect(snapshot.kinds.MeshConfig.status).toBe('ok');
    expect(snapshot.peerAuthentications.find((p) => p.meta.namespace === 'istio-system')).toMatchObject({ selector: null, mode: 'STRICT' });
    expect(snapshot.peerAuthentications.some((p) => p.portLevelMtls !== null)).toBe(true);
    expect(new Set(snapshot.authorizationPolicies.map((p) => p.action))).toEqual(new Set(['ALLOW', 'DENY']));
    expect(snapshot.authorizationPolicies.some((p) => p.rules?.some((r) => r.when !== null))).toBe(true);
    expect(snapshot.services.every((s) => s.selector !== null && s.ports.length > 0)).toBe(true);
  });

  it('mixes ~70% sidecar, ~15% ambient and ~15% no-dataplane namespaces, and pods follow their namespace', () => {
    const plan = planSyntheticMesh({ pods: 20_000, namespaces: 1_001, policiesPerNamespace: 5, seed: 7 });
    expect(countSyntheticMesh(plan).namespacesByDataplane).toEqual({ sidecar: 700, ambient: 150, none: 150 });

    const snapshot = buildSnapshot([{ raw: mesh }], { source: 'synthetic', asOf: '2026-05-01T00:00:00Z' });
    const nsByName = new Map(snapshot.namespaces.map((n) => [n.meta.name, n]));
    for (const pod of snapshot.pods) {
      const ns = nsByName.get(pod.meta.namespace);
      const expected = ns?.meta.labels['istio-injection'] === 'enabled' ? 'sidecar' : ns?.meta.labels['istio.io/dataplane-mode'] === 'ambient' ? 'ambient' : 'none';
      const isGateway = pod.meta.labels['istio'] === 'ingressgateway';
      expect(resolveDataplane(pod, ns)).toBe(isGateway ? 'sidecar' : expected);
      expect(pod.containers).toHaveLength(isGateway ? 1 : 2);
      expect(pod.podIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
      expect(pod.owner?.kind).toBe('ReplicaSet');
    }
    const sidecarPod = snapshot.pods.find((p) => resolveDataplane(p, nsByName.get(p.meta.namespace)) === 'sidecar' && p.meta.labels['istio'] === undefined);
    expect(sidecarPod?.meta.labels['security.istio.io/tlsMode']).toBe('istio');
    expect(sidecarPod?.meta.annotations['sidecar.istio.io/status']).toContain('istio-proxy');
  });

  it('pays the size of real pods: several KiB of JSON each', () => {
    const pod = mesh.items.find((i) => i.kind === 'Pod' && i.metadata['namespace'] !== 'istio-system');
    expect(JSON.stringify(pod).length).toBeGreaterThan(4_000);
  });

  it('rejects sizes it cannot build', () => {
    expect(() => generateSyntheticMesh({ ...SMALL, namespaces: 1 })).toThrow(RangeError);
    expect(() => generateSyntheticMesh({ ...SMALL, pods: 1.5 })).toThrow(RangeError);
  });
});
