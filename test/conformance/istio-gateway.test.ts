// Istio's own Gateway (networking.istio.io), read from an upstream file as users keep it: istio/istio
// pkg/config/analysis/analyzers/testdata/virtualservice_jwtclaimroute.yaml (corpus EXPECTED.md) holds `foo-gateway`,
// an HTTP server on port 80 for foo.com — plaintext from outside the mesh (MP111). The same file read through the files
// source and the engine; and a Gateway the API server would refuse (a port number out of range) is reported, not judged.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computePosture } from '@/lib/mesh/compute-posture';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { readManifests } from '@/lib/sources/files/read-manifests';

const NOW = '2026-05-01T00:00:00Z';
const FILE = path.resolve(import.meta.dirname, '../../../shared/corpus/istio/istio/pkg/config/analysis/analyzers/testdata/virtualservice_jwtclaimroute.yaml');

describe('Istio Gateway from upstream test data', () => {
  it('reads foo-gateway\'s HTTP server and reports it as plaintext from outside the mesh (MP111)', async () => {
    const reading = await readManifests(FILE, { readAt: NOW, displayRoot: path.dirname(FILE) });
    const snapshot = buildSnapshot(reading.documents, { source: FILE, asOf: NOW, issues: reading.issues });
    expect(snapshot.istioGateways.map((g) => ({ name: g.meta.name, selector: g.selector, servers: g.servers }))).toEqual([
      { name: 'foo-gateway', selector: { istio: 'ingressgateway' }, servers: [{ name: 'http', port: 80, protocol: 'HTTP', hosts: ['foo.com'], tls: null }] },
    ]);
    expect(snapshot.issues.filter((i) => i.object?.includes('Gateway'))).toEqual([]);
    const mp111 = computePosture(snapshot, { now: NOW }).findings.filter((f) => f.code === 'MP111');
    expect(mp111.map((f) => f.objects)).toEqual([[`Gateway/${snapshot.istioGateways[0]!.meta.namespace}/foo-gateway`]]);
  });

  it('refuses a Gateway whose server port is out of range, with an issue naming it, and judges nothing of it', () => {
    const snapshot = buildSnapshot(
      [{ raw: { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'bad', namespace: 'default' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 70000, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } } }],
      { source: 'test', asOf: NOW },
    );
    expect(snapshot.istioGateways).toEqual([]);
    expect(snapshot.issues.map((i) => i.object)).toContain('Gateway/default/bad');
    expect(computePosture(snapshot, { now: NOW }).findings.filter((f) => f.code === 'MP111')).toEqual([]);
  });
});
