import { describe, expect, it } from 'vitest';
import type { AuthzRule } from '@/lib/snapshot/types';
import { anAuthorizationPolicy, aPod, aRequestAuthentication } from '@/test/builders';
import { summaries, type SnapshotInput } from './testing';

const CODES = ['MP401', 'MP402'];
const bff = aPod({ name: 'bff-1', namespace: 'shop', labels: { app: 'bff' } });
const jwt = aRequestAuthentication({ name: 'bff-jwt', namespace: 'shop', selector: { app: 'bff' }, jwtRules: [{ issuer: 'https://login.example', audiences: [], hasInlineJwks: false, fromHeaders: [], fromParams: [], fromCookies: [], forwardOriginalToken: false }] });
const rule = (r: Partial<AuthzRule>): AuthzRule => ({ from: null, to: null, when: null, ...r });
const allow = (name: string, rules: AuthzRule[]) => anAuthorizationPolicy({ name, namespace: 'shop', selector: { app: 'bff' }, rules });

describe('RequestAuthentication checks', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'MP401: a selector typo matches no pod',
      input: { pods: [bff], requestAuthentications: [aRequestAuthentication({ name: 'x', namespace: 'shop', selector: { app: 'bff-service' } })] },
      expected: [{ code: 'MP401', severity: 'warning', objects: ['RequestAuthentication/shop/x'] }],
    },
    {
      name: 'no MP401 for a root-namespace RequestAuthentication that selects a pod elsewhere (J-1)',
      input: {
        pods: [bff],
        requestAuthentications: [aRequestAuthentication({ name: 'x', namespace: 'istio-system', selector: { app: 'bff' } })],
        authorizationPolicies: [allow('need-jwt', [rule({ from: [{ requestPrincipals: ['*'] }] })])],
      },
      expected: [],
    },
    {
      name: 'MP402: validated but never required (no AuthorizationPolicy)',
      input: { pods: [bff], requestAuthentications: [jwt] },
      expected: [{ code: 'MP402', severity: 'warning', objects: ['RequestAuthentication/shop/bff-jwt', 'Pod/shop/bff-1'] }],
    },
    {
      name: 'no MP402: ALLOW requestPrincipals ["*"]',
      input: { pods: [bff], requestAuthentications: [jwt], authorizationPolicies: [allow('need-jwt', [rule({ from: [{ requestPrincipals: ['*'] }] })])] },
      expected: [],
    },
    {
      name: 'no MP402: DENY notRequestPrincipals ["*"]',
      input: {
        pods: [bff],
        requestAuthentications: [jwt],
        authorizationPolicies: [anAuthorizationPolicy({ name: 'deny-anon', namespace: 'shop', action: 'DENY', rules: [rule({ from: [{ notRequestPrincipals: ['*'] }] })] })],
      },
      expected: [],
    },
    {
      name: 'no MP402: ALLOW on a request.auth.claims condition (only a valid JWT has claims)',
      input: { pods: [bff], requestAuthentications: [jwt], authorizationPolicies: [allow('admins', [rule({ when: [{ key: 'request.auth.claims[groups]', values: ['admin'] }] })])] },
      expected: [],
    },
    {
      name: 'MP402: one ALLOW rule requires a JWT but another admits a namespace without one',
      input: {
        pods: [bff],
        requestAuthentications: [jwt],
        authorizationPolicies: [allow('mixed', [rule({ from: [{ requestPrincipals: ['*'] }] }), rule({ from: [{ namespaces: ['shop'] }] })])],
      },
      expected: [{ code: 'MP402', severity: 'warning', objects: ['RequestAuthentication/shop/bff-jwt', 'Pod/shop/bff-1'] }],
    },
    {
      name: 'MP402: the requiring ALLOW is dry-run',
      input: {
        pods: [bff],
        requestAuthentications: [jwt],
        authorizationPolicies: [anAuthorizationPolicy({ name: 'need-jwt', namespace: 'shop', rules: [rule({ from: [{ requestPrincipals: ['*'] }] })], dryRun: true })],
      },
      expected: [{ code: 'MP402', severity: 'warning', objects: ['RequestAuthentication/shop/bff-jwt', 'Pod/shop/bff-1'] }],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, CODES)).toEqual(expected);
  });

  it('RequestAuthentication unreadable: no MP401/MP402', () => {
    expect(summaries({ pods: [bff], requestAuthentications: [jwt], kinds: { RequestAuthentication: { status: 'forbidden', asOf: null } } }, CODES)).toEqual([]);
  });
});
