// The feed reads proxy certificates (CERTS' tiers) once the objects are in, and the snapshot carries them with their
// tier; without a proxy to ask, certificate state stays not-collected / unknown, never healthy.
import { afterEach, describe, expect, it } from 'vitest';
import { certificateCollectorFromEnv } from '@/lib/sources/cluster/certificate-settings';
import { envoyPodsFor } from '@/test/kube-sim/envoy-pods';
import { smallMeshObjects, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('proxy certificates in the feed', () => {
  it('are read through pods/proxy after the first snapshot and join the next one, each saying its tier', async () => {
    const objects = smallMeshObjects();
    h = await startHarness({ objects, podSubresources: await envoyPodsFor(objects, new Date()) });
    const collector = certificateCollectorFromEnv({});
    if (!collector) throw new Error('certificate reading is on by default');
    const feed = h.feed({ collectCertificates: collector });
    expect((await feed.ready()).kinds.ProxyCertificates.status).toBe('not-collected');
    const withCerts = await waitFor('the certificates', () => (feed.current()?.proxyCertificates.length ? feed.current() : undefined));
    expect(withCerts?.proxyCertificates.map((c) => `${c.namespace}/${c.pod} ${c.origin}`).sort()).toEqual([
      'shop/httpbin-6d8f7c9b5-abcde agent-metrics',
      'shop/sleep-7b9f8c6d4-fghij agent-metrics',
    ]);
    expect(withCerts?.kinds.ProxyCertificates.status).toBe('ok');
  });

  it('MESH_POSTURE_PROXY_CERTS=off reads none; a bad value is refused', () => {
    expect(certificateCollectorFromEnv({ MESH_POSTURE_PROXY_CERTS: 'off' })).toBeNull();
    expect(() => certificateCollectorFromEnv({ MESH_POSTURE_PROXY_CERTS: 'all' })).toThrow('MESH_POSTURE_PROXY_CERTS: expected one of off, proxy, portforward, got "all"');
    expect(() => certificateCollectorFromEnv({ MESH_POSTURE_PROMETHEUS_URL: 'file:///etc/passwd' })).toThrow(/MESH_POSTURE_PROMETHEUS_URL: expected an http\(s\) URL/);
  });
});
