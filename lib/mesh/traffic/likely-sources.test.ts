// The likely senders of `unknown` plaintext into a destination, from configuration: a sidecar client of its namespace
// whose DestinationRule makes it send plaintext to *that destination's* Services (istio-semantics C-4).
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '../compute-posture';
import { aDestinationRule, aNamespace, aPeerAuthentication, aPod, aService, aSnapshot, NOW } from '@/test/builders';
import { likelySourcesOf } from './likely-sources';

describe('likelySourcesOf', () => {
  it('names the sidecar client whose DestinationRule disables TLS to the destination, beside another workload of the namespace with such a caller', () => {
    const mesh = aSnapshot({
      namespaces: [aNamespace('shop', { 'istio-injection': 'enabled' })],
      pods: [
        aPod({ name: 'aaa-first', namespace: 'shop', labels: { app: 'aaa-first' } }),
        aPod({ name: 'web', namespace: 'shop', labels: { app: 'web' } }),
        aPod({ name: 'caller', namespace: 'shop', labels: { app: 'caller' } }),
      ],
      services: [aService({ name: 'aaa-first', namespace: 'shop' }), aService({ name: 'web', namespace: 'shop' })],
      peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'shop', mode: 'PERMISSIVE' })],
      // Plaintext to both Services from every sidecar of the namespace.
      destinationRules: [
        aDestinationRule({ name: 'aaa-plain', namespace: 'shop', host: 'aaa-first', trafficPolicy: { tls: { mode: 'DISABLE', subjectAltNames: [] }, portLevelSettings: [] } }),
        aDestinationRule({ name: 'web-plain', namespace: 'shop', host: 'web', trafficPolicy: { tls: { mode: 'DISABLE', subjectAltNames: [] }, portLevelSettings: [] } }),
      ],
    });
    const computation = computePostureDetailed(mesh, { now: NOW });
    const ctx = { index: computation.index, workloads: computation.workloads, namespaces: computation.model.namespaces, now: computation.model.now };
    const web = computation.workloads.filter((w) => w.pod.meta.name === 'web');
    const sources = likelySourcesOf(ctx, web);
    expect(sources).toHaveLength(1);
    expect(sources[0]?.reason).toMatch(/^sends plaintext to shop\/web:80: /);
    expect(sources[0]?.inferred).toBe(true);
  });
});
