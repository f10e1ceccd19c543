import { describe, expect, it } from 'vitest';
import { aMeshConfig, aPeerAuthentication, aPod, aService } from '@/test/builders';
import { findingsFor, summaries, type SnapshotInput } from './testing';

const CODES = ['MP101', 'MP102', 'MP103', 'MP104'];
const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString().replace('.000Z', 'Z');

// httpbin: Service port 8000 → container port 8080 (istio-semantics PA-8, samples/httpbin).
const httpbinPod = aPod({ name: 'httpbin-1', namespace: 'web', labels: { app: 'httpbin' }, ports: [8080] });
const httpbinSvc = aService({ name: 'httpbin', namespace: 'web', ports: [{ name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP' }] });
const portLevel = (ports: Record<number, 'DISABLE' | 'PERMISSIVE' | 'STRICT'>) =>
  aPeerAuthentication({ name: 'httpbin-ports', namespace: 'web', selector: { app: 'httpbin' }, mode: 'STRICT', portLevelMtls: ports });

describe('PeerAuthentication checks', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'MP101: a portLevelMtls key that is the Service port (8000), not the container port (8080)',
      input: { pods: [httpbinPod], services: [httpbinSvc], peerAuthentications: [portLevel({ 8000: 'DISABLE' })] },
      expected: [{ code: 'MP101', severity: 'error', objects: ['PeerAuthentication/web/httpbin-ports', 'Service/web/httpbin', 'Pod/web/httpbin-1'] }],
    },
    {
      name: 'no MP101: the key is the container port',
      input: { pods: [httpbinPod], services: [httpbinSvc], peerAuthentications: [portLevel({ 8080: 'DISABLE' })] },
      expected: [],
    },
    {
      name: 'no MP101: a key that is neither a Service port nor a container port',
      input: { pods: [httpbinPod], services: [httpbinSvc], peerAuthentications: [portLevel({ 9999: 'DISABLE' })] },
      expected: [],
    },
    {
      name: 'no MP101: Service port 80 → targetPort 80 on a pod that declares no ports (80 is the workload port)',
      input: {
        pods: [aPod({ name: 'web-1', namespace: 'web', labels: { app: 'httpbin' }, ports: [] })],
        services: [aService({ name: 'httpbin', namespace: 'web', ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }] })],
        peerAuthentications: [portLevel({ 80: 'DISABLE' })],
      },
      expected: [],
    },
    {
      name: 'MP101: one finding for all replicas of the workload',
      input: {
        pods: [httpbinPod, aPod({ name: 'httpbin-2', namespace: 'web', labels: { app: 'httpbin' }, ports: [8080] })],
        services: [httpbinSvc],
        peerAuthentications: [portLevel({ 8000: 'PERMISSIVE' })],
      },
      expected: [{ code: 'MP101', severity: 'error', objects: ['PeerAuthentication/web/httpbin-ports', 'Service/web/httpbin', 'Pod/web/httpbin-1', 'Pod/web/httpbin-2'] }],
    },
    {
      name: 'MP102: a selector typo (app=promotion) matches no pod',
      input: {
        pods: [aPod({ name: 'promotions-1', namespace: 'shop', labels: { app: 'promotions' } })],
        peerAuthentications: [aPeerAuthentication({ name: 'promo', namespace: 'shop', selector: { app: 'promotion' }, mode: 'PERMISSIVE' })],
      },
      expected: [{ code: 'MP102', severity: 'warning', objects: ['PeerAuthentication/shop/promo'] }],
    },
    {
      name: 'MP102: the selector matches only pods without a dataplane (IST0127 counts in-mesh pods)',
      input: {
        pods: [aPod({ name: 'promotions-1', namespace: 'shop', labels: { app: 'promotions' }, dataplane: 'none' })],
        peerAuthentications: [aPeerAuthentication({ name: 'promo', namespace: 'shop', selector: { app: 'promotions' }, mode: 'STRICT' })],
      },
      expected: [{ code: 'MP102', severity: 'warning', objects: ['PeerAuthentication/shop/promo'] }],
    },
    {
      name: 'no MP102: the selector matches a sidecar pod',
      input: {
        pods: [aPod({ name: 'promotions-1', namespace: 'shop', labels: { app: 'promotions' } })],
        peerAuthentications: [aPeerAuthentication({ name: 'promo', namespace: 'shop', selector: { app: 'promotions' }, mode: 'STRICT' })],
      },
      expected: [],
    },
    {
      name: 'MP103: the newer namespace-level policy is ignored; the older one is named as the winner',
      input: {
        peerAuthentications: [
          aPeerAuthentication({ name: 'default', namespace: 'notifications', mode: 'PERMISSIVE', creationTimestamp: t(0) }),
          aPeerAuthentication({ name: 'notifications-strict', namespace: 'notifications', mode: 'STRICT', creationTimestamp: t(60) }),
        ],
      },
      expected: [{ code: 'MP103', severity: 'warning', objects: ['PeerAuthentication/notifications/notifications-strict', 'PeerAuthentication/notifications/default'] }],
    },
    {
      name: 'MP103: a newer mesh-level duplicate in the root namespace; equal timestamps go to the smaller name (PA-5)',
      input: {
        peerAuthentications: [
          aPeerAuthentication({ name: 'b-mesh', namespace: 'istio-system', mode: 'STRICT', creationTimestamp: t(0) }),
          aPeerAuthentication({ name: 'a-mesh', namespace: 'istio-system', mode: 'PERMISSIVE', creationTimestamp: t(0) }),
        ],
      },
      expected: [{ code: 'MP103', severity: 'warning', objects: ['PeerAuthentication/istio-system/b-mesh', 'PeerAuthentication/istio-system/a-mesh'] }],
    },
    {
      name: 'no MP103: one namespace-level and one workload-level policy',
      input: {
        pods: [aPod({ name: 'a-1', namespace: 'ns', labels: { app: 'a' } })],
        peerAuthentications: [
          aPeerAuthentication({ name: 'default', namespace: 'ns', mode: 'STRICT', creationTimestamp: t(0) }),
          aPeerAuthentication({ name: 'a', namespace: 'ns', selector: { app: 'a' }, mode: 'PERMISSIVE', creationTimestamp: t(60) }),
        ],
      },
      expected: [],
    },
    {
      name: 'MP104: a selector in the root namespace is ignored',
      input: {
        pods: [aPod({ name: 'gw-1', namespace: 'istio-system', labels: { istio: 'ingressgateway' } })],
        peerAuthentications: [aPeerAuthentication({ name: 'gw', namespace: 'istio-system', selector: { istio: 'ingressgateway' }, mode: 'PERMISSIVE' })],
      },
      expected: [{ code: 'MP104', severity: 'warning', objects: ['PeerAuthentication/istio-system/gw'] }],
    },
    {
      name: 'no MP104: a root-namespace policy without selector is the mesh level',
      input: { peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' })] },
      expected: [],
    },
    {
      name: 'MP104 follows meshConfig.rootNamespace',
      input: {
        meshConfig: aMeshConfig({ rootNamespace: 'istio-config' }),
        peerAuthentications: [aPeerAuthentication({ name: 'x', namespace: 'istio-config', selector: { app: 'x' } })],
      },
      expected: [{ code: 'MP104', severity: 'warning', objects: ['PeerAuthentication/istio-config/x'] }],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, CODES)).toEqual(expected);
  });

  it('MP101 message names the policy, both ports and the mode kept', () => {
    const [f] = findingsFor({ pods: [httpbinPod], services: [httpbinSvc], peerAuthentications: [portLevel({ 8000: 'DISABLE' })] }, ['MP101']);
    expect(f?.message).toBe(
      'PeerAuthentication web/httpbin-ports sets portLevelMtls 8000: DISABLE, but 8000 is the port of Service web/httpbin (forwarding to container port 8080), ' +
        'not a container port of 1 selected pod (httpbin-1); the entry never applies and container port 8080 keeps the workload mode STRICT; key it on 8080 instead',
    );
    expect(f?.verify).toEqual([
      "kubectl get peerauthentication 'httpbin-ports' -n 'web' -o yaml",
      "kubectl get service 'httpbin' -n 'web' -o yaml",
      "istioctl x describe pod 'httpbin-1' -n 'web'",
    ]);
  });

  it('PeerAuthentication unreadable: no PeerAuthentication finding at all', () => {
    const input: SnapshotInput = {
      pods: [httpbinPod],
      services: [httpbinSvc],
      peerAuthentications: [portLevel({ 8000: 'DISABLE' }), aPeerAuthentication({ name: 'x', namespace: 'istio-system', selector: { app: 'x' } })],
      kinds: { PeerAuthentication: { status: 'forbidden', asOf: null, reason: 'RBAC' } },
    };
    expect(summaries(input, CODES)).toEqual([]);
  });
});
