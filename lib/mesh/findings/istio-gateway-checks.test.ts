// MP111 and MP112: servers of Istio's own Gateway (networking.istio.io). Inputs follow istio.io's Gateway reference
// (latest/docs/reference/config/networking/gateway: Server, ServerTLSSettings.httpsRedirect, mode, minProtocolVersion
// "By default, it is TLSV1_2") and its secure-ingress task (an HTTPS server with tls.mode SIMPLE and a credentialName).
import { describe, expect, it } from 'vitest';
import type { IstioGateway, IstioGatewayServer } from '@/lib/snapshot/types';
import { aMeta, aNamespace, allKinds } from '@/test/builders';
import { findingsFor, summaries } from './testing';

const server = (name: string, port: number, protocol: string, tls: IstioGatewayServer['tls'] = null): IstioGatewayServer => ({ name, port, protocol, hosts: ['*'], tls });
const tls = (input: Partial<NonNullable<IstioGatewayServer['tls']>>): IstioGatewayServer['tls'] => ({ mode: null, httpsRedirect: false, minProtocolVersion: null, ...input });
const gateway = (servers: IstioGatewayServer[]): IstioGateway => ({ meta: aMeta({ name: 'bookinfo-gateway', namespace: 'bookinfo' }), selector: { istio: 'ingressgateway' }, servers });
const input = (servers: IstioGatewayServer[]) => ({ namespaces: [aNamespace('bookinfo')], istioGateways: [gateway(servers)] });

describe('MP111 Istio Gateway servers without TLS', () => {
  it('flags a plain HTTP server (Bookinfo\'s gateway on port 8080)', () => {
    expect(summaries(input([server('http', 8080, 'HTTP')]), ['MP111'])).toEqual([{ code: 'MP111', severity: 'warning', objects: ['Gateway/bookinfo/bookinfo-gateway'] }]);
    const [f] = findingsFor(input([server('http', 8080, 'HTTP')]), ['MP111']);
    expect(f?.message).toBe('Istio Gateway bookinfo/bookinfo-gateway has a server without TLS: http (HTTP on port 8080); clients outside the mesh reach it in plaintext');
  });

  it('says nothing of HTTPS (SIMPLE, MUTUAL), TLS passthrough, or an HTTP server that redirects to HTTPS', () => {
    const servers = [
      server('https', 443, 'HTTPS', tls({ mode: 'SIMPLE' })),
      server('mtls', 8443, 'HTTPS', tls({ mode: 'MUTUAL' })),
      server('tls', 9443, 'TLS', tls({ mode: 'PASSTHROUGH' })),
      server('http', 80, 'HTTP', tls({ httpsRedirect: true })),
    ];
    expect(summaries(input(servers), ['MP111', 'MP112'])).toEqual([]);
  });

  it('lists every plaintext server in one finding: TCP, GRPC and HTTP2 are plaintext too', () => {
    const [f] = findingsFor(input([server('db', 5432, 'TCP'), server('grpc', 9000, 'GRPC'), server('h2', 81, 'HTTP2'), server('https', 443, 'HTTPS', tls({ mode: 'SIMPLE' }))]), ['MP111']);
    expect(f?.message).toContain('has 3 servers without TLS: db (TCP on port 5432), grpc (GRPC on port 9000), h2 (HTTP2 on port 81)');
  });

  it('is skipped, never a clean bill, when Istio Gateways could not be read', () => {
    const forbidden = { ...allKinds(), IstioGateway: { status: 'forbidden' as const, asOf: null, reason: 'gateways.networking.istio.io is forbidden' } };
    expect(summaries({ ...input([server('http', 80, 'HTTP')]), kinds: forbidden }, ['MP111'])).toEqual([]);
  });
});

describe('MP112 gateway servers below TLS 1.2', () => {
  it('flags minProtocolVersion TLSV1_0 and TLSV1_1, not TLSV1_2 or the default', () => {
    const servers = [
      server('old', 443, 'HTTPS', tls({ mode: 'SIMPLE', minProtocolVersion: 'TLSV1_0' })),
      server('legacy', 8443, 'HTTPS', tls({ mode: 'SIMPLE', minProtocolVersion: 'TLSV1_1' })),
      server('ok', 9443, 'HTTPS', tls({ mode: 'SIMPLE', minProtocolVersion: 'TLSV1_2' })),
      server('default', 10443, 'HTTPS', tls({ mode: 'SIMPLE' })),
    ];
    const [f, ...rest] = findingsFor(input(servers), ['MP112']);
    expect(rest).toEqual([]);
    expect(f?.message).toBe('Istio Gateway bookinfo/bookinfo-gateway accepts TLS below 1.2 on old (HTTPS on port 443): minProtocolVersion TLSV1_0, legacy (HTTPS on port 8443): minProtocolVersion TLSV1_1');
  });
});
