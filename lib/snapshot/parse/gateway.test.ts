// The Gateway API Gateway as a waypoint (https://istio.io/latest/docs/ambient/usage/waypoint/ "Deploy a waypoint proxy").
import { describe, expect, it } from 'vitest';
import { parseGateway } from './gateway';

const ctx = { defaultNamespace: 'default' };

describe('parseGateway', () => {
  it('reads the waypoint `istioctl waypoint generate` writes', () => {
    const r = parseGateway(
      {
        apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
        metadata: { name: 'waypoint', namespace: 'default', labels: { 'istio.io/waypoint-for': 'service' } },
        spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
      },
      ctx,
    );
    expect(r.ok && { class: r.value.gatewayClassName, listeners: r.value.listeners, status: r.value.statusAddresses, for: r.value.meta.labels['istio.io/waypoint-for'] }).toEqual({
      class: 'istio-waypoint', for: 'service', status: null,
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', allowedNamespaces: 'Same', namespaceSelector: null, tls: null }],
    });
  });

  it('reads allowedRoutes (cross-namespace waypoints) and the status addresses', () => {
    const r = parseGateway(
      {
        apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'shared', namespace: 'infra' },
        spec: {
          gatewayClassName: 'istio-waypoint',
          listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'info' } } } } }],
        },
        status: { addresses: [{ type: 'IPAddress', value: '10.96.58.95' }] },
      },
      ctx,
    );
    expect(r.ok && { listener: r.value.listeners[0], status: r.value.statusAddresses }).toEqual({
      listener: { name: 'mesh', port: 15008, protocol: 'HBONE', allowedNamespaces: 'Selector', namespaceSelector: { 'kubernetes.io/metadata.name': 'info' }, tls: null },
      status: 1,
    });
  });

  it('reads each listener\'s TLS: mode (Terminate by default) and Istio\'s tls-terminate-mode option', () => {
    const r = parseGateway(
      {
        apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'ingress', namespace: 'istio-ingress' },
        spec: {
          gatewayClassName: 'istio',
          listeners: [
            { name: 'http', port: 80, protocol: 'HTTP' },
            { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'httpbin-credential' }] } },
            { name: 'mtls', port: 8443, protocol: 'HTTPS', tls: { mode: 'Terminate', options: { 'gateway.istio.io/tls-terminate-mode': 'MUTUAL' } } },
            { name: 'tls', port: 9443, protocol: 'TLS', tls: { mode: 'Passthrough' } },
          ],
        },
      },
      ctx,
    );
    expect(r.ok && r.value.listeners.map((l) => [l.name, l.tls])).toEqual([
      ['http', null],
      ['https', { mode: 'Terminate', terminateMode: null }],
      ['mtls', { mode: 'Terminate', terminateMode: 'MUTUAL' }],
      ['tls', { mode: 'Passthrough', terminateMode: null }],
    ]);
  });

  it.each([
    ['no gatewayClassName', { listeners: [] }, 'spec.gatewayClassName'],
    ['a port out of range', { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 70000, protocol: 'HBONE' }] }, 'spec.listeners'],
    ['an unknown allowedRoutes.from', { gatewayClassName: 'istio-waypoint', listeners: [{ port: 15008, protocol: 'HBONE', allowedRoutes: { namespaces: { from: 'Everywhere' } } }] }, 'expected one of Same, All, Selector'],
  ])('rejects %s', (_name, spec, reason) => {
    const r = parseGateway({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'w', namespace: 'default' }, spec }, ctx);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toContain(reason);
  });
});
