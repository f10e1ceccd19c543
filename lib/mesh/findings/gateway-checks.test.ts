// MP110: Gateway API listeners of class istio that accept plaintext from outside the mesh. The inputs follow Istio's
// ingress tasks: istio.io latest/docs/tasks/traffic-management/ingress/ingress-control/ (Gateway API: an HTTP listener
// on port 80) and .../ingress/secure-ingress/ (an HTTPS listener with tls.mode Terminate and a certificateRef).
import { describe, expect, it } from 'vitest';
import type { GatewayListener } from '@/lib/snapshot/types';
import { aGateway, aNamespace } from '@/test/builders';
import { findingsFor, summaries } from './testing';

const listener = (name: string, port: number, protocol: string, tls: GatewayListener['tls'] = null): GatewayListener => ({ name, port, protocol, allowedNamespaces: 'Same', namespaceSelector: null, tls });
const ingress = (listeners: GatewayListener[], gatewayClassName = 'istio') => aGateway({ name: 'httpbin-gateway', namespace: 'istio-ingress', gatewayClassName, listeners });
const input = (gateways: ReturnType<typeof aGateway>[]) => ({ namespaces: [aNamespace('istio-ingress')], gateways });

describe('MP110 gateway listeners without TLS', () => {
  it('flags the ingress-control task\'s HTTP listener on port 80', () => {
    expect(summaries(input([ingress([listener('default', 80, 'HTTP')])]), ['MP110'])).toEqual([{ code: 'MP110', severity: 'warning', objects: ['Gateway/istio-ingress/httpbin-gateway'] }]);
    const [f] = findingsFor(input([ingress([listener('default', 80, 'HTTP')])]), ['MP110']);
    expect(f?.message).toBe('Gateway istio-ingress/httpbin-gateway (class istio) has a listener without TLS: default (HTTP on port 80); clients outside the mesh reach it in plaintext');
  });

  it('says nothing of the secure-ingress task\'s HTTPS listener (Terminate), nor of a TLS passthrough listener', () => {
    const https = listener('https', 443, 'HTTPS', { mode: 'Terminate', terminateMode: null });
    const mutual = listener('mtls', 8443, 'HTTPS', { mode: 'Terminate', terminateMode: 'MUTUAL' });
    const passthrough = listener('tls', 9443, 'TLS', { mode: 'Passthrough', terminateMode: null });
    expect(summaries(input([ingress([https, mutual, passthrough])]), ['MP110'])).toEqual([]);
  });

  it('lists every plaintext listener of a Gateway in one finding, TCP included', () => {
    const [f] = findingsFor(input([ingress([listener('http', 80, 'HTTP'), listener('https', 443, 'HTTPS', { mode: 'Terminate', terminateMode: null }), listener('db', 5432, 'TCP')])]), ['MP110']);
    expect(f?.message).toContain('has 2 listeners without TLS: http (HTTP on port 80), db (TCP on port 5432)');
  });

  it('leaves waypoints (HBONE, mesh mTLS) and other controllers\' classes alone', () => {
    expect(summaries(input([aGateway({ name: 'waypoint', namespace: 'istio-ingress' }), ingress([listener('http', 80, 'HTTP')], 'nginx')]), ['MP110'])).toEqual([]);
  });
});
