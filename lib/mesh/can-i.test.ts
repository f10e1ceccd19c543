import { describe, expect, it } from 'vitest';
import { aPeerAuthentication, aPod, aRequestAuthentication, aService, aSnapshot, anAuthorizationPolicy } from '@/test/builders';
import type { MeshSnapshot } from '@/lib/snapshot/types';
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
