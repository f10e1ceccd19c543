import { describe, expect, it } from 'vitest';
import { aPeerAuthentication, aPod, aProxyCertificates, aRequestAuthentication, aService, aSnapshot, anAuthorizationPolicy } from '@/test/builders';
import type { CertificateDetails, MeshSnapshot } from '@/lib/snapshot/types';
import { canI, CanIQueryError, type CanIQuery } from './can-i';
import { buildMeshIndex } from './mesh-index';

const NOW = '2026-06-01T12:00:00Z';
const nowSeconds = Date.parse(NOW) / 1000;
const api = aPod({ name: 'api-1', namespace: 'shop', labels: { app: 'api' }, ports: [8080] });
const web = aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, serviceAccountName: 'web' });
const jwt = aRequestAuthentication({
  name: 'api-jwt', namespace: 'shop', selector: { app: 'api' },
  jwtRules: [{ issuer: 'https://idp.example.com', audiences: ['shop-api'], hasInlineJwks: false, fromHeaders: [], fromParams: [], fromCookies: [], forwardOriginalToken: false }],
});
const requireJwt = anAuthorizationPolicy({
  name: 'require-jwt', namespace: 'shop', selector: { app: 'api' }, action: 'ALLOW',
  rules: [{ from: [{ requestPrincipals: ['https://idp.example.com/*'] }], to: null, when: null }],
});

function ask(query: Partial<CanIQuery>, snapshot: Partial<MeshSnapshot> = {}) {
  const index = buildMeshIndex(
    aSnapshot({
      pods: [api, web],
      services: [aService({ name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] })],
      peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'shop', mode: 'STRICT' })],
      requestAuthentications: [jwt],
      authorizationPolicies: [requireJwt],
      ...snapshot,
    }),
  );
  const r = canI({ to: { namespace: 'shop', pod: 'api-1' }, port: 8080, from: { namespace: 'shop', pod: 'web-1' }, now: NOW, ...query }, index);
  return { outcome: r.outcome, mtls: r.mtls, policies: r.policies, service: r.service };
}

const token = (claims: Record<string, unknown>) => ({ state: 'valid' as const, claims: { iss: 'https://idp.example.com', sub: 'alice', aud: 'shop-api', exp: nowSeconds + 600, ...claims } });

describe('can-i: JWT and authorization on an mTLS connection', () => {
  it.each([
    { name: 'no token: RequestAuthentication lets it through, the ALLOW needs a request principal → denied', jwt: { state: 'none' as const }, outcome: 'denied', policies: ['shop/require-jwt'] },
    { name: 'a token that fails verification → 401', jwt: { state: 'invalid' as const }, outcome: 'unauthenticated', policies: ['shop/api-jwt'] },
    { name: 'a valid token from the issuer → allowed', jwt: token({}), outcome: 'allowed', policies: ['shop/require-jwt'] },
    { name: 'an expired token → 401', jwt: token({ exp: nowSeconds - 3600 }), outcome: 'unauthenticated', policies: ['shop/api-jwt'] },
    { name: 'a token for another audience → 401', jwt: token({ aud: 'billing' }), outcome: 'unauthenticated', policies: ['shop/api-jwt'] },
    { name: 'a token from an unknown issuer → 401', jwt: token({ iss: 'https://evil.example.com' }), outcome: 'unauthenticated', policies: ['shop/api-jwt'] },
  ])('$name', ({ jwt: presented, outcome, policies }) => {
    expect(ask({ jwt: presented })).toEqual({ outcome, mtls: true, policies, service: 'shop/api' });
  });
});

describe('can-i: what it cannot know, and bad queries', () => {
  it('answers unknown, not allowed, when AuthorizationPolicies could not be read', () => {
    const r = ask({ jwt: token({}) }, { authorizationPolicies: [], kinds: { AuthorizationPolicy: { status: 'forbidden', asOf: null } } as MeshSnapshot['kinds'] });
    expect(r.outcome).toBe('unknown');
  });

  it('a Service that does not select the pod is a query error', () => {
    expect(() => ask({ service: { namespace: 'shop', name: 'nope' } })).toThrow(CanIQueryError);
  });

  it('a pod that is not in the source is a query error naming it', () => {
    expect(() => ask({ to: { namespace: 'shop', pod: 'ghost' } })).toThrow('target pod shop/ghost is not in the source');
  });
});

describe('can-i: a proxy certificate outside its validity period fails the mTLS handshake (Envoy checks it)', () => {
  const leaf = (spiffeId: string, notBefore: string, notAfter: string): CertificateDetails => ({
    serial: '0a', subject: '', issuer: 'O=cluster.local', notBefore, notAfter, isCA: false, uriSans: [spiffeId], dnsSans: [],
  });
  const valid = (pod: string, sa: string) => aProxyCertificates({ namespace: 'shop', pod, chain: [leaf(`spiffe://cluster.local/ns/shop/sa/${sa}`, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')] });
  const expired = (pod: string, sa: string) => aProxyCertificates({ namespace: 'shop', pod, chain: [leaf(`spiffe://cluster.local/ns/shop/sa/${sa}`, '2026-05-30T00:00:00Z', '2026-05-31T00:00:00Z')] });
  const future = (pod: string, sa: string) => aProxyCertificates({ namespace: 'shop', pod, chain: [leaf(`spiffe://cluster.local/ns/shop/sa/${sa}`, '2026-06-05T00:00:00Z', '2026-06-06T00:00:00Z')] });
  const full = (proxyCertificates: MeshSnapshot['proxyCertificates'], query: Partial<CanIQuery> = {}) => {
    const index = buildMeshIndex(aSnapshot({
      pods: [api, web],
      services: [aService({ name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] })],
      peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'shop', mode: 'STRICT' })],
      proxyCertificates,
    }));
    return canI({ to: { namespace: 'shop', pod: 'api-1' }, port: 8080, from: { namespace: 'shop', pod: 'web-1' }, now: NOW, ...query }, index);
  };

  it.each([
    { name: 'both certificates valid → allowed over mTLS', certs: [valid('api-1', 'default'), valid('web-1', 'web')], outcome: 'allowed', rejected: undefined },
    { name: 'the server certificate expired → the client proxy rejects it', certs: [expired('api-1', 'default'), valid('web-1', 'web')], outcome: 'connection-failed', rejected: 'server' },
    { name: 'the client certificate expired → the server proxy rejects it', certs: [valid('api-1', 'default'), expired('web-1', 'web')], outcome: 'connection-failed', rejected: 'client' },
    { name: 'the server certificate is not yet valid → rejected', certs: [future('api-1', 'default'), valid('web-1', 'web')], outcome: 'connection-failed', rejected: 'server' },
    { name: 'no certificate data (unknown) → the policy verdict stands', certs: [], outcome: 'allowed', rejected: undefined },
  ])('$name', ({ certs, outcome, rejected }) => {
    const r = full(certs);
    expect(r.outcome).toBe(outcome);
    expect(r.connection.rejectedCertificate).toBe(rejected);
    if (rejected) {
      expect(r.mtls).toBe(false);
      expect(r.reason).toMatch(new RegExp(`the ${rejected} proxy's certificate (expired|is not yet valid)`));
    }
  });

  it('plaintext from outside the mesh never reaches a certificate check: STRICT resets it', () => {
    const r = full([expired('api-1', 'default')], { from: null });
    expect(r.outcome).toBe('connection-failed');
    expect(r.connection.rejectedCertificate).toBeUndefined();
    expect(r.connection.clientSends).toBe('plaintext');
  });
});

// The Service port dialled decides the protocol (protocol-selection: appProtocol, then the port name prefix), so two
// Services on the same pod port may give two answers (lib/mesh/ports.test.ts for the rule itself).
describe('can-i: the protocol of the Service port dialled', () => {
  const protocolVia = (service: string) => {
    const index = buildMeshIndex(aSnapshot({
      pods: [api, web],
      services: [
        aService({ name: 'api', namespace: 'shop', selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] }),
        aService({ name: 'api-raw', namespace: 'shop', selector: { app: 'api' }, ports: [{ name: 'tcp-raw', port: 9000, targetPort: 8080, protocol: 'TCP' }] }),
        aService({ name: 'api-stream', namespace: 'shop', selector: { app: 'api' }, ports: [{ name: 'stream', port: 9001, targetPort: 8080, protocol: 'TCP', appProtocol: 'tcp' }] }),
      ],
    }));
    return canI({ to: { namespace: 'shop', pod: 'api-1' }, port: 8080, from: { namespace: 'shop', pod: 'web-1' }, now: NOW, service: { namespace: 'shop', name: service } }, index).protocol;
  };
  it.each([
    ['api (port named http)', 'api', 'http'],
    ['api-raw (port named tcp-raw)', 'api-raw', 'tcp'],
    ['api-stream (appProtocol: tcp)', 'api-stream', 'tcp'],
  ])('via %s', (_, service, protocol) => {
    expect(protocolVia(service)).toBe(protocol);
  });
});
