import { describe, expect, it } from 'vitest';
import type { AuthorizationPolicy, KindProvenance, MeshConfig, Pod, RequestAuthentication } from '@/lib/snapshot/types';
import { buildMeshIndex } from '@/lib/mesh/mesh-index';
import { aMeshConfig, anAuthorizationPolicy, aPod, aRequestAuthentication, aSnapshot, NOW } from '@/test/builders';
import { evaluateAuthorization, type AuthzDecision, type RequestAttributes } from './evaluate';
import type { AuthzTarget } from './applicability';

const NOW_S = Date.parse(NOW) / 1000;
const pod = aPod({ name: 'httpbin', namespace: 'foo', labels: { app: 'httpbin' } });
const gateway = aPod({ name: 'gw', namespace: 'foo', labels: { 'gateway.networking.k8s.io/gateway-name': 'public' } });
const sidecar: AuthzTarget = { pod, dataplane: 'sidecar', isGateway: false };

function req(r: Partial<RequestAttributes> = {}): RequestAttributes {
  return { protocol: 'http', port: 8080, mtls: true, sourcePrincipal: 'cluster.local/ns/bar/sa/sleep', method: 'GET', path: '/', headers: {}, jwt: { state: 'none' }, now: NOW, ...r };
}

const jwtRa = aRequestAuthentication({
  name: 'jwt',
  namespace: 'foo',
  jwtRules: [{ issuer: 'https://issuer', audiences: ['api'], hasInlineJwks: true, fromHeaders: [], fromParams: [], fromCookies: [], forwardOriginalToken: false }],
});
const token = (claims: Record<string, unknown>): RequestAttributes['jwt'] => ({ state: 'valid', claims: { iss: 'https://issuer', sub: 'alice', aud: 'api', exp: NOW_S + 3600, ...claims } });

const allowFromBar = anAuthorizationPolicy({ name: 'allow-bar', namespace: 'foo', rules: [{ from: [{ namespaces: ['bar'] }], to: null, when: null }] });
const denyPlaintext = anAuthorizationPolicy({ name: 'mtls-only', namespace: 'foo', action: 'DENY', rules: [{ from: [{ notPrincipals: ['*'] }], to: null, when: null }] });
const requireJwt = anAuthorizationPolicy({ name: 'require-jwt', namespace: 'foo', rules: [{ from: [{ requestPrincipals: ['*'] }], to: null, when: null }] });
const extAuthz = anAuthorizationPolicy({ name: 'ext', namespace: 'foo', action: 'CUSTOM', provider: 'opa', rules: [{ from: null, to: [{ paths: ['/admin/*'] }], when: null }] });

interface Case {
  readonly name: string;
  readonly target?: AuthzTarget;
  readonly policies?: AuthorizationPolicy[];
  readonly ras?: RequestAuthentication[];
  readonly mesh?: MeshConfig;
  readonly kinds?: Record<string, KindProvenance>;
  readonly pods?: Pod[];
  readonly request?: Partial<RequestAttributes>;
  readonly want: AuthzDecision;
}

const cases: Case[] = [
  {
    name: 'no policy: allowed',
    want: { outcome: 'allowed', reason: "Allowed: no ALLOW policy applies at the sidecar's HTTP filter chain, so nothing restricts it.", policies: [], audited: [] },
  },
  {
    name: 'no dataplane: nothing enforces even an allow-nothing policy',
    target: { pod, dataplane: 'none', isGateway: false },
    policies: [anAuthorizationPolicy({ name: 'allow-nothing', namespace: 'foo' })],
    want: { outcome: 'allowed', reason: 'Allowed: the pod has neither a sidecar nor ztunnel, so nothing enforces authorization.', policies: [], audited: [] },
  },
  {
    name: 'allow-nothing (Z-5) in the root namespace denies everything mesh-wide',
    policies: [anAuthorizationPolicy({ name: 'allow-nothing', namespace: 'istio-system' })],
    want: { outcome: 'denied', reason: "Denied: ALLOW policies apply at the sidecar's HTTP filter chain (istio-system/allow-nothing) and none of their rules matches.", policies: ['istio-system/allow-nothing'], audited: [] },
  },
  {
    name: 'namespaces match the SPIFFE id of the peer',
    policies: [allowFromBar],
    want: { outcome: 'allowed', reason: "Allowed by ALLOW policy foo/allow-bar at the sidecar's HTTP filter chain.", policies: ['foo/allow-bar'], audited: [] },
  },
  {
    name: 'plaintext: no principal, so ALLOW namespaces never matches (Z-10)',
    policies: [allowFromBar],
    request: { mtls: false, sourcePrincipal: null },
    want: { outcome: 'denied', reason: "Denied: ALLOW policies apply at the sidecar's HTTP filter chain (foo/allow-bar) and none of their rules matches.", policies: ['foo/allow-bar'], audited: [] },
  },
  {
    name: 'DENY notPrincipals ["*"] denies plaintext before any ALLOW (Z-4, Z-10)',
    policies: [allowFromBar, denyPlaintext, anAuthorizationPolicy({ name: 'allow-all', namespace: 'foo', rules: [{ from: null, to: null, when: null }] })],
    request: { mtls: false, sourcePrincipal: 'cluster.local/ns/bar/sa/sleep' },
    want: { outcome: 'denied', reason: "Denied by DENY policy foo/mtls-only at the sidecar's HTTP filter chain.", policies: ['foo/mtls-only'], audited: [] },
  },
  {
    name: 'targetRefs policies are ignored on sidecars (Z-3)',
    policies: [anAuthorizationPolicy({ name: 'gw-only', namespace: 'foo', targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }] })],
    want: { outcome: 'allowed', reason: "Allowed: no ALLOW policy applies at the sidecar's HTTP filter chain, so nothing restricts it.", policies: [], audited: [] },
  },
  {
    name: 'a gateway enforces the policy that targets its Gateway',
    target: { pod: gateway, dataplane: 'sidecar', isGateway: true },
    pods: [gateway],
    policies: [anAuthorizationPolicy({ name: 'gw-only', namespace: 'foo', targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }] })],
    want: { outcome: 'denied', reason: "Denied: ALLOW policies apply at the gateway's HTTP filter chain (foo/gw-only) and none of their rules matches.", policies: ['foo/gw-only'], audited: [] },
  },
  {
    name: 'no token with a RequestAuthentication: passes without a request principal, so requestPrincipals ["*"] denies (J-2)',
    policies: [requireJwt],
    ras: [jwtRa],
    want: { outcome: 'denied', reason: "Denied: ALLOW policies apply at the sidecar's HTTP filter chain (foo/require-jwt) and none of their rules matches.", policies: ['foo/require-jwt'], audited: [] },
  },
  {
    name: 'valid token: request principal iss/sub satisfies requestPrincipals',
    policies: [requireJwt],
    ras: [jwtRa],
    request: { jwt: token({}) },
    want: { outcome: 'allowed', reason: "Allowed by ALLOW policy foo/require-jwt at the sidecar's HTTP filter chain.", policies: ['foo/require-jwt'], audited: [] },
  },
  {
    name: 'expired token: 401 before any authorization policy',
    policies: [requireJwt],
    ras: [jwtRa],
    request: { jwt: token({ exp: NOW_S - 120 }) },
    want: { outcome: 'unauthenticated', reason: 'Rejected with 401 by RequestAuthentication foo/jwt: the token was rejected: it has expired (exp).', policies: ['foo/jwt'], audited: [] },
  },
  {
    name: 'a token with no applicable RequestAuthentication is ignored (no principal)',
    policies: [requireJwt],
    request: { jwt: { state: 'invalid' } },
    want: { outcome: 'denied', reason: "Denied: ALLOW policies apply at the sidecar's HTTP filter chain (foo/require-jwt) and none of their rules matches.", policies: ['foo/require-jwt'], audited: [] },
  },
  {
    name: 'JWT never applies to TCP: an invalid token on a TCP connection is not a 401',
    ras: [jwtRa],
    request: { protocol: 'tcp', jwt: { state: 'invalid' } },
    want: { outcome: 'allowed', reason: "Allowed: no ALLOW policy applies at the sidecar's TCP filter chain, so nothing restricts it.", policies: [], audited: [] },
  },
  {
    name: 'CUSTOM with a valid provider: the outcome is subject to the external authorizer',
    policies: [extAuthz],
    mesh: aMeshConfig({ extensionProviders: [{ name: 'opa', kind: 'envoyExtAuthzGrpc', service: 'opa.opa.svc.cluster.local', port: 9191 }] }),
    request: { path: '/admin/users' },
    want: {
      outcome: 'allowed',
      reason: `Allowed: no ALLOW policy applies at the sidecar's HTTP filter chain, so nothing restricts it. This is subject to the external authorizer "opa" (CUSTOM policy foo/ext), assumed to allow.`,
      policies: [],
      audited: [],
      customProvider: 'opa',
    },
  },
  {
    name: 'CUSTOM with a missing provider fails closed for the matched requests',
    policies: [extAuthz],
    request: { path: '/admin/users' },
    want: {
      outcome: 'denied',
      reason: 'Denied by CUSTOM policy foo/ext: the CUSTOM provider "opa" is not defined in meshConfig.extensionProviders, so Istio denies the requests its rules match (fail closed).',
      policies: ['foo/ext'],
      audited: [],
    },
  },
  {
    name: 'AUDIT and dry-run never decide',
    policies: [
      anAuthorizationPolicy({ name: 'audit', namespace: 'foo', action: 'AUDIT', rules: [{ from: null, to: null, when: null }] }),
      anAuthorizationPolicy({ name: 'dry-deny', namespace: 'foo', action: 'DENY', dryRun: true, rules: [{ from: null, to: null, when: null }] }),
    ],
    want: { outcome: 'allowed', reason: "Allowed: no ALLOW policy applies at the sidecar's HTTP filter chain, so nothing restricts it.", policies: [], audited: ['foo/audit'] },
  },
  {
    name: 'ambient: an ALLOW rule with an L7 attribute is left out by ztunnel (Z-15)',
    target: { pod, dataplane: 'ambient', isGateway: false },
    policies: [anAuthorizationPolicy({ name: 'get-only', namespace: 'foo', rules: [{ from: null, to: [{ methods: ['GET'] }], when: null }] })],
    want: { outcome: 'denied', reason: 'Denied: ALLOW policies apply at ztunnel (L4 only) (foo/get-only) and none of their rules matches.', policies: ['foo/get-only'], audited: [] },
  },
  {
    name: 'forbidden AuthorizationPolicy: evaluate what is known, say the decision may differ',
    kinds: { AuthorizationPolicy: { status: 'forbidden', asOf: null } },
    want: {
      outcome: 'allowed',
      reason: "Allowed: no ALLOW policy applies at the sidecar's HTTP filter chain, so nothing restricts it.",
      policies: [],
      audited: [],
      unknownReason: 'AuthorizationPolicy could not be read (forbidden): the decision may differ',
    },
  },
];

describe('evaluateAuthorization', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const index = buildMeshIndex(
      aSnapshot({
        pods: c.pods ?? [pod],
        authorizationPolicies: c.policies ?? [],
        requestAuthentications: c.ras ?? [],
        ...(c.mesh ? { meshConfig: c.mesh } : {}),
        ...(c.kinds ? { kinds: c.kinds } : {}),
      }),
    );
    expect(evaluateAuthorization(c.target ?? sidecar, req(c.request), index)).toEqual(c.want);
  });
});
