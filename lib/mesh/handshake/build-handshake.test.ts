// The handshake of one connection, for each dataplane variant and each place a connection can end.
import { describe, expect, it } from 'vitest';
import type { CertificateDetails, MeshSnapshot } from '@/lib/snapshot/types';
import {
  aDestinationRule,
  aNamespace,
  anAuthorizationPolicy,
  aPeerAuthentication,
  aPod,
  aProxyCertificates,
  aRequestAuthentication,
  aService,
  aSnapshot,
  NOW,
} from '@/test/builders';
import type { CanIQuery } from '../can-i';
import { buildMeshIndex } from '../mesh-index';
import { buildHandshake } from './build-handshake';
import type { HandshakeModel } from './model';

const leaf = (serial: string, spiffeId: string): CertificateDetails => ({
  serial, subject: '', issuer: 'O=cluster.local', notBefore: '2026-06-01T01:58:00Z', notAfter: '2026-06-02T02:00:00Z', isCA: false, uriSans: [spiffeId], dnsSans: [],
});

const api = { ...aPod({ name: 'api-1', namespace: 'shop', labels: { app: 'api' }, serviceAccountName: 'api', ports: [8080] }), podIP: '10.0.0.2' };
const web = aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, serviceAccountName: 'web' });
const legacy = aPod({ name: 'cron-1', namespace: 'legacy', dataplane: 'none' });
const db = aPod({ name: 'db-0', namespace: 'legacy', labels: { app: 'db' }, dataplane: 'none', ports: [5432] });
const ambientClient = aPod({ name: 'client-1', namespace: 'mesh', labels: { app: 'client' }, dataplane: 'ambient-label', serviceAccountName: 'client' });
const ambientServer = aPod({ name: 'store-1', namespace: 'mesh', labels: { app: 'store' }, dataplane: 'ambient-label', serviceAccountName: 'store', ports: [9000] });
const spire = aPod({ name: 'sync-1', namespace: 'shop', labels: { app: 'sync', 'spiffe.io/spire-managed-identity': 'true' }, serviceAccountName: 'sync' });

const jwtRule = { issuer: 'https://idp.example.com', audiences: [], hasInlineJwks: false, fromHeaders: [], fromParams: [], fromCookies: [], forwardOriginalToken: false };

function snapshot(input: Partial<MeshSnapshot> = {}): MeshSnapshot {
  return aSnapshot({
    namespaces: [aNamespace('shop'), aNamespace('legacy'), aNamespace('mesh', { 'istio.io/dataplane-mode': 'ambient' })],
    pods: [api, web, legacy, db, ambientClient, ambientServer, spire],
    services: [
      aService({ name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] }),
      aService({ name: 'db', namespace: 'legacy', ports: [{ name: 'tcp-pg', port: 5432, targetPort: 5432, protocol: 'TCP' }] }),
      aService({ name: 'store', namespace: 'mesh', ports: [{ name: 'http', port: 9000, targetPort: 9000, protocol: 'TCP' }] }),
    ],
    peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' })],
    requestAuthentications: [aRequestAuthentication({ name: 'api-jwt', namespace: 'shop', selector: { app: 'api' }, jwtRules: [jwtRule] })],
    authorizationPolicies: [
      anAuthorizationPolicy({ name: 'api-reads', namespace: 'shop', selector: { app: 'api' }, rules: [{ from: null, to: [{ methods: ['GET'] }], when: null }] }),
      anAuthorizationPolicy({ name: 'store-from-client', namespace: 'mesh', selector: { app: 'store' }, rules: [{ from: [{ principals: ['cluster.local/ns/mesh/sa/client'] }], to: null, when: null }] }),
    ],
    proxyCertificates: [
      aProxyCertificates({ namespace: 'shop', pod: 'api-1', origin: 'config-dump', chain: [leaf('a1', 'spiffe://cluster.local/ns/shop/sa/api')] }),
      aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'config-dump', chain: [leaf('b2', 'spiffe://cluster.local/ns/shop/sa/web')] }),
    ],
    ...input,
  });
}

function handshake(query: Partial<CanIQuery> & Pick<CanIQuery, 'to' | 'port'>, snap: MeshSnapshot = snapshot()): HandshakeModel {
  return buildHandshake({ from: null, now: NOW, ...query }, buildMeshIndex(snap)).handshake;
}

/** The shape a reader checks: what went on the wire, where it ended, and the sequence of messages. */
function outline(h: HandshakeModel) {
  return { transport: h.transport, sni: h.sni, outcome: h.outcome, end: h.end, steps: h.steps.map((s) => `${s.from}>${s.to} ${s.kind}${s.status === 'failed' ? ' FAILED' : ''}`) };
}

const shopApi = { to: { namespace: 'shop', pod: 'api-1' }, port: 8080 } as const;
const fromWeb = { from: { namespace: 'shop', pod: 'web-1' } } as const;
const ISSUANCE = ['client-proxy>istiod certificate-request', 'istiod>client-proxy certificate-issued', 'server-proxy>istiod certificate-request', 'istiod>server-proxy certificate-issued'];
const MTLS = ['server-proxy>client-proxy tls-server-certificate', 'client-proxy>server-proxy tls-client-certificate', 'server-proxy>server-proxy mtls-established'];

describe('buildHandshake: sidecar to sidecar', () => {
  it('allowed: certificates from istiod, Istio mTLS with the outbound SNI of the Service port, JWT and authorization pass', () => {
    const h = handshake({ ...shopApi, ...fromWeb, method: 'GET', path: '/items' });
    expect(outline(h)).toEqual({
      transport: 'istio-mtls',
      sni: 'outbound_.80_._.api.shop.svc.cluster.local',
      outcome: 'allowed',
      end: { at: 'application', response: 'delivered' },
      steps: [
        ...ISSUANCE,
        'client-app>client-proxy connect',
        'client-proxy>server-proxy tls-client-hello',
        ...MTLS,
        'client-proxy>server-proxy request',
        'server-proxy>server-proxy jwt',
        'server-proxy>server-proxy authorization',
        'server-proxy>server-app forward',
        'server-app>client-app response',
      ],
    });
    expect({ client: h.client, server: h.server, policies: h.policies, service: h.service, servicePort: h.servicePort }).toEqual({
      client: { namespace: 'shop', pod: 'web-1', proxy: 'sidecar', spiffeId: 'spiffe://cluster.local/ns/shop/sa/web', serial: 'b2', notAfter: '2026-06-02T02:00:00Z', issuer: 'istiod' },
      server: { namespace: 'shop', pod: 'api-1', proxy: 'sidecar', spiffeId: 'spiffe://cluster.local/ns/shop/sa/api', serial: 'a1', notAfter: '2026-06-02T02:00:00Z', issuer: 'istiod' },
      policies: ['shop/api-reads'],
      service: 'shop/api',
      servicePort: 80,
    });
    expect(h.steps.find((s) => s.kind === 'tls-client-certificate')?.text).toBe('client certificate spiffe://cluster.local/ns/shop/sa/web (serial b2)');
  });

  it('403: the ALLOW policy does not match the method, so the sidecar answers 403 after the mTLS handshake', () => {
    expect(outline(handshake({ ...shopApi, ...fromWeb, method: 'DELETE', path: '/items' }))).toEqual({
      transport: 'istio-mtls',
      sni: 'outbound_.80_._.api.shop.svc.cluster.local',
      outcome: 'denied',
      end: { at: 'authorization', response: 'http-403' },
      steps: [
        ...ISSUANCE,
        'client-app>client-proxy connect',
        'client-proxy>server-proxy tls-client-hello',
        ...MTLS,
        'client-proxy>server-proxy request',
        'server-proxy>server-proxy jwt',
        'server-proxy>server-proxy authorization FAILED',
        'server-proxy>client-proxy response FAILED',
        'client-proxy>client-app response FAILED',
      ],
    });
  });

  it('401: a token that fails verification is rejected by the JWT step before authorization', () => {
    const h = handshake({ ...shopApi, ...fromWeb, jwt: { state: 'invalid' } });
    expect(outline(h).steps.slice(-4)).toEqual(['client-proxy>server-proxy request', 'server-proxy>server-proxy jwt FAILED', 'server-proxy>client-proxy response FAILED', 'client-proxy>client-app response FAILED']);
    expect({ outcome: h.outcome, end: h.end, policies: h.policies }).toEqual({ outcome: 'unauthenticated', end: { at: 'authentication', response: 'http-401' }, policies: ['shop/api-jwt'] });
    expect(h.steps.filter((s) => s.kind === 'jwt').map((s) => [s.text, s.detail])).toEqual([['JWT rejected', 'the token failed verification (J-2)']]);
  });

  it('a DestinationRule ISTIO_MUTUAL to a pod without a proxy fails in the TLS handshake', () => {
    const snap = snapshot({ destinationRules: [aDestinationRule({ name: 'db', namespace: 'legacy', host: 'db', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', subjectAltNames: [] }, portLevelSettings: [] } })] });
    const h = handshake({ to: { namespace: 'legacy', pod: 'db-0' }, port: 5432, ...fromWeb }, snap);
    expect(outline(h)).toEqual({
      transport: 'istio-mtls',
      sni: 'outbound_.5432_._.db.legacy.svc.cluster.local',
      outcome: 'connection-failed',
      end: { at: 'transport', response: 'handshake-failure' },
      steps: [
        'client-proxy>istiod certificate-request',
        'istiod>client-proxy certificate-issued',
        'client-app>client-proxy connect',
        'client-proxy>server-app tls-client-hello',
        'server-app>client-proxy handshake-failure FAILED',
        'client-proxy>client-app response FAILED',
      ],
    });
  });

  it('an expired server certificate fails the TLS handshake, whatever authorization says', () => {
    const expiredApi = aProxyCertificates({ namespace: 'shop', pod: 'api-1', origin: 'config-dump', chain: [{ ...leaf('a1', 'spiffe://cluster.local/ns/shop/sa/api'), notBefore: '2026-05-01T00:00:00Z', notAfter: '2026-05-02T00:00:00Z' }] });
    const snap = snapshot({ proxyCertificates: [expiredApi, aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'config-dump', chain: [leaf('b2', 'spiffe://cluster.local/ns/shop/sa/web')] })] });
    const h = handshake({ ...shopApi, ...fromWeb }, snap);
    expect({ outcome: h.outcome, end: h.end }).toEqual({ outcome: 'connection-failed', end: { at: 'transport', response: 'handshake-failure' } });
    const failure = h.steps.find((s) => s.kind === 'handshake-failure');
    expect(failure?.text).toBe('TLS handshake fails: the server certificate is not valid now');
    expect(failure?.detail).toMatch(/the server proxy's certificate expired .* so the client proxy rejects it/);
  });

  it('a SPIRE identity is issued by SPIRE, not istiod', () => {
    const h = handshake({ ...shopApi, from: { namespace: 'shop', pod: 'sync-1' } });
    expect({ issuer: h.client.issuer, first: outline(h).steps.slice(0, 2) }).toEqual({ issuer: 'spire', first: ['client-proxy>spire certificate-request', 'spire>client-proxy certificate-issued'] });
  });
});

describe('buildHandshake: no dataplane on the client', () => {
  it('plaintext reset by a STRICT sidecar (from outside the mesh)', () => {
    expect(outline(handshake(shopApi))).toEqual({
      transport: 'plaintext',
      sni: null,
      outcome: 'connection-failed',
      end: { at: 'transport', response: 'reset' },
      steps: ['server-proxy>istiod certificate-request', 'istiod>server-proxy certificate-issued', 'client-app>server-proxy plaintext', 'server-proxy>client-app reset FAILED'],
    });
  });

  it('plaintext to a pod without a proxy: delivered, nothing enforces authorization', () => {
    expect(outline(handshake({ to: { namespace: 'legacy', pod: 'db-0' }, port: 5432, from: { namespace: 'legacy', pod: 'cron-1' } }))).toEqual({
      transport: 'plaintext',
      sni: null,
      outcome: 'allowed',
      end: { at: 'application', response: 'delivered' },
      steps: ['client-app>server-app plaintext', 'server-app>server-app authorization', 'server-app>client-app response'],
    });
  });
});

describe('buildHandshake: ambient (ztunnel, HBONE)', () => {
  const store = { to: { namespace: 'mesh', pod: 'store-1' }, port: 9000 } as const;

  it('allowed over HBONE by an L4 ALLOW naming the client principal; ztunnel sees no HTTP request and checks no JWT', () => {
    const h = handshake({ ...store, from: { namespace: 'mesh', pod: 'client-1' } });
    expect(outline(h)).toEqual({
      transport: 'hbone',
      sni: null,
      outcome: 'allowed',
      end: { at: 'application', response: 'delivered' },
      steps: [
        ...ISSUANCE,
        'client-app>client-proxy connect',
        'client-proxy>server-proxy hbone-connect',
        ...MTLS,
        'server-proxy>server-proxy authorization',
        'server-proxy>server-app forward',
        'server-app>client-app response',
      ],
    });
    expect({ protocol: h.protocol, client: h.client.proxy, server: h.server.proxy, hbone: h.steps.find((s) => s.kind === 'hbone-connect')?.text }).toEqual({
      protocol: 'http', client: 'ztunnel', server: 'ztunnel', hbone: 'HBONE: mTLS to store-1:15008, HTTP/2 CONNECT store-1:9000',
    });
  });

  it('sidecar client to an ambient HTTP server, denied by ztunnel: an L4 rule resets the connection (no 403)', () => {
    const h = handshake({ ...store, ...fromWeb });
    expect({ transport: h.transport, outcome: h.outcome, end: h.end, last: outline(h).steps.slice(-2) }).toEqual({
      transport: 'hbone',
      outcome: 'denied',
      end: { at: 'authorization', response: 'reset' },
      last: ['server-proxy>client-proxy reset FAILED', 'client-proxy>client-app response FAILED'],
    });
  });
});

describe('buildHandshake: what the engine cannot know', () => {
  it('ends unknown at authorization when AuthorizationPolicy could not be read, with the reason as a note', () => {
    const h = handshake({ ...shopApi, ...fromWeb }, snapshot({ authorizationPolicies: [], kinds: { AuthorizationPolicy: { status: 'forbidden', asOf: null } } as MeshSnapshot['kinds'] }));
    expect({ outcome: h.outcome, end: h.end, last: h.steps.at(-1)?.status, note: h.notes.some((n) => n.startsWith('AuthorizationPolicy could not be read')) }).toEqual({
      outcome: 'unknown',
      end: { at: 'authorization', response: 'unknown' },
      last: 'unknown',
      note: true,
    });
  });
});
