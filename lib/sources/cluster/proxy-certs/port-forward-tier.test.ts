// fetchPodCertificatesViaPortForward through the API simulator: client-node's PortForward over WebSocket, HTTP/1.1
// to the recorded Envoy admin, the existing parsers. Envoy's answers are the upstream istioctl test data
// (corpus D1, D2: /work/shared/corpus/istio/EXPECTED.md), read at run time.
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '@/test/kube-sim';
import { createEnvoyPodResponder, type EnvoyPodResponder, type RecordedEnvoy } from '@/test/kube-sim/envoy-pod-responder';
import { fetchPodCertificatesViaPortForward } from './port-forward-tier';

const CORPUS = '/work/shared/corpus/istio/istio/istioctl/pkg/writer/envoy/configdump/testdata/secret';
const corpusDump = (name: 'istio' | 'spire'): unknown => JSON.parse(readFileSync(`${CORPUS}/${name}/config_dump.json`, 'utf8'));
const now = new Date('2026-06-01T12:00:00Z');

let sim: KubeSim | null = null;
let responder: EnvoyPodResponder | null = null;
afterEach(async () => {
  responder?.closeAll();
  await sim?.stop();
  sim = null;
});

async function cluster(pods: Record<string, RecordedEnvoy | null>): Promise<{ kc: KubeConfig; sim: KubeSim; responder: EnvoyPodResponder }> {
  responder = createEnvoyPodResponder(Object.fromEntries(Object.entries(pods).flatMap(([k, v]) => (v ? [[k, v]] : []))));
  const objects = Object.keys(pods).map((key) => {
    const [namespace, name] = key.split('/');
    return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name }, spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } };
  });
  sim = await startKubeSim({ objects, podSubresources: responder });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  return { kc, sim, responder };
}

const summary = (c: { serial: string; notBefore: string; notAfter: string; uriSans: readonly string[] }) => ({
  serial: c.serial,
  notBefore: c.notBefore,
  notAfter: c.notAfter,
  uriSans: c.uriSans,
});

describe('fetchPodCertificatesViaPortForward', () => {
  it("reads the waypoint's secrets of corpus D1: leaf, root and the warming secret", async () => {
    const { kc, responder } = await cluster({ 'ambient/waypoint-1': { secretsDump: corpusDump('istio') } });
    const record = await fetchPodCertificatesViaPortForward(kc, { namespace: 'ambient', name: 'waypoint-1' }, { now });
    expect({ ...record, chain: record.chain.map(summary), roots: record.roots.map(summary) }).toEqual({
      namespace: 'ambient',
      pod: 'waypoint-1',
      origin: 'config-dump',
      asOf: '2026-06-01T12:00:00Z',
      chain: [
        {
          serial: '6fbee254c22900615cb1f74e3d2f1713',
          notBefore: '2023-05-15T01:30:52Z',
          notAfter: '2023-05-16T01:32:52Z',
          uriSans: ['spiffe://cluster.local/ns/ambient/sa/namespace-istio-waypoint'],
        },
        { serial: '0193a543fe2b0d9cd4847675394dfc54', notBefore: '2023-05-05T03:41:33Z', notAfter: '2033-05-02T03:41:33Z', uriSans: [] },
      ],
      roots: [{ serial: '0193a543fe2b0d9cd4847675394dfc54', notBefore: '2023-05-05T03:41:33Z', notAfter: '2033-05-02T03:41:33Z', uriSans: [] }],
      warmingSecrets: ['configmap://some/thing'],
    });
    // One request, to the allow-listed path only: the chain was there, so /certs was not needed.
    expect(responder.requests).toEqual([{ via: 'portforward', namespace: 'ambient', pod: 'waypoint-1', port: 15000, path: '/config_dump?resource=dynamic_active_secrets' }]);
  });

  it('keeps the trust domain of each SPIRE bundle (corpus D2)', async () => {
    const { kc } = await cluster({ 'istio-system/federation-gw-1': { secretsDump: corpusDump('spire') } });
    const record = await fetchPodCertificatesViaPortForward(kc, { namespace: 'istio-system', name: 'federation-gw-1' }, { now });
    expect([record.chain[0]?.serial, record.roots.map((r) => [r.serial, r.trustDomain])]).toEqual([
      'cd4902e499169b11ec171dad1668adbb',
      [
        ['529cbbaf623611d057b517d4ffe341e4e8035037', 'east.local'],
        ['6726e5fad145f8ca9a711f0550297ced839ee37f', 'west.local'],
      ],
    ]);
  });

  it('falls back to /certs when this Envoy does not serve the secrets dump', async () => {
    const certs = {
      certificates: [
        {
          ca_cert: [{ serial_number: '0193a543fe2b0d9cd4847675394dfc54', valid_from: '2023-05-05T03:41:33Z', expiration_time: '2033-05-02T03:41:33Z' }],
          cert_chain: [
            {
              serial_number: '6fbee254c22900615cb1f74e3d2f1713',
              subject_alt_names: [{ uri: 'spiffe://cluster.local/ns/shop/sa/cart' }],
              days_until_expiration: '0',
              valid_from: '2026-06-01T05:58:00Z',
              expiration_time: '2026-06-02T06:00:00Z',
            },
          ],
        },
      ],
    };
    const { kc, responder } = await cluster({ 'shop/cart-1': { certs } });
    const record = await fetchPodCertificatesViaPortForward(kc, { namespace: 'shop', name: 'cart-1' }, { now });
    expect([record.origin, record.chain.map(summary), record.roots.map((r) => r.serial)]).toEqual([
      'envoy-certs',
      [{ serial: '6fbee254c22900615cb1f74e3d2f1713', notBefore: '2026-06-01T05:58:00Z', notAfter: '2026-06-02T06:00:00Z', uriSans: ['spiffe://cluster.local/ns/shop/sa/cart'] }],
      ['0193a543fe2b0d9cd4847675394dfc54'],
    ]);
    expect(responder.requests.map((r) => r.path)).toEqual(['/config_dump?resource=dynamic_active_secrets', '/certs']);
  });

  it.each([
    {
      case: 'nothing listens on the admin port (the kubelet says so on the error channel); /certs is not tried',
      recorded: null,
      reason: /^port-forward to 15000: error forwarding port 15000 to pod .*connect: connection refused/,
      paths: [],
    },
    {
      case: 'Envoy answers neither path with JSON',
      recorded: { certs: 'not json' as unknown, secretsDump: { configs: [] } },
      reason: /^config_dump holds no SecretsConfigDump .*; Envoy \/certs: /,
      paths: ['/config_dump?resource=dynamic_active_secrets', '/certs'],
    },
  ])('fails with every reason when $case', async ({ recorded, reason, paths }) => {
    const { kc, responder } = await cluster({ 'shop/cart-1': recorded });
    await expect(fetchPodCertificatesViaPortForward(kc, { namespace: 'shop', name: 'cart-1' }, { now })).rejects.toThrow(reason);
    expect(responder.requests.map((r) => r.path)).toEqual(paths);
  });

  it('gives up after the per-pod timeout when Envoy never answers', async () => {
    const { kc } = await cluster({ 'shop/cart-1': { secretsDump: corpusDump('istio'), fault: 'hang' } });
    await expect(fetchPodCertificatesViaPortForward(kc, { namespace: 'shop', name: 'cart-1' }, { now, perPodTimeoutMs: 300 })).rejects.toThrow(
      'port-forward to 15000 /config_dump?resource=dynamic_active_secrets: timed out (limit 300 ms)',
    );
  });

  it('refuses a hostile pod name before any request reaches the API server', async () => {
    const { kc, sim } = await cluster({ 'shop/cart-1': { secretsDump: corpusDump('istio') } });
    sim.resetRequests();
    await expect(fetchPodCertificatesViaPortForward(kc, { namespace: 'shop', name: '../../nodes/n1/proxy' }, { now })).rejects.toThrow(
      'pod name "../../nodes/n1/proxy" is not a DNS-1123 subdomain',
    );
    expect(sim.requests).toEqual([]);
  });
});
