import { describe, expect, it } from 'vitest';
import { expandTrustDomainAliases, matchesNamespace, matchesPrincipal, matchesRequestPrincipal, matchesServiceAccount, matchesTrustDomain } from './identity-match';

describe('expandTrustDomainAliases (Z-14)', () => {
  it.each([
    ['local td expands to every alias', 'td1/ns/a/sa/b', ['td1', 'cluster.local'], ['td1/ns/a/sa/b', 'cluster.local/ns/a/sa/b']],
    ['cluster.local is the local placeholder', 'cluster.local/ns/a/sa/b', ['td1'], ['td1/ns/a/sa/b']],
    ['foreign td stays', 'other/ns/a/sa/b', ['td1', 'cluster.local'], ['other/ns/a/sa/b']],
    ['* td is not enforced', '*/ns/a/sa/b', ['td1', 'foobar'], ['*/ns/a/sa/b']],
    ['*bar keeps its pattern for foobar and adds td1', '*bar/ns/a/sa/b', ['td1', 'foobar'], ['td1/ns/a/sa/b', '*bar/ns/a/sa/b']],
    ['no bundle (ztunnel)', 'cluster.local/ns/a/sa/b', null, ['cluster.local/ns/a/sa/b']],
  ] as const)('%s', (_, principal, bundle, want) => {
    expect(expandTrustDomainAliases(principal, bundle)).toEqual(want);
  });
});

describe('identity matchers (Z-7, Z-10)', () => {
  it.each([
    ['principal exact', matchesPrincipal('cluster.local/ns/a/sa/b', 'cluster.local/ns/a/sa/b', null), true],
    ['principal * needs a peer', matchesPrincipal('*', null, null), false],
    ['principal prefix', matchesPrincipal('cluster.local/ns/a/*', 'cluster.local/ns/a/sa/b', null), true],
    ['namespace', matchesNamespace('a', 'cluster.local/ns/a/sa/b'), true],
    ['namespace wildcard', matchesNamespace('prod-*', 'cluster.local/ns/prod-eu/sa/b'), true],
    ['namespace other', matchesNamespace('a', 'cluster.local/ns/ab/sa/b'), false],
    ['service account ns/sa', matchesServiceAccount('a/b', 'foo', 'cluster.local/ns/a/sa/b'), true],
    ['service account in the policy namespace', matchesServiceAccount('b', 'foo', 'cluster.local/ns/foo/sa/b'), true],
    ['service account is not a prefix', matchesServiceAccount('a/b', 'foo', 'cluster.local/ns/a/sa/bc'), false],
    ['trust domain prefix pattern', matchesTrustDomain('bad*', 'badness/ns/a/sa/b'), true],
    ['request principal iss/sub', matchesRequestPrincipal('https://issuer/alice', { iss: 'https://issuer', sub: 'alice' }), true],
    ['request principal issuer/*', matchesRequestPrincipal('https://issuer/*', { iss: 'https://issuer', sub: 'bob' }), true],
    ['request principal * needs a subject', matchesRequestPrincipal('*', { iss: 'https://issuer', sub: '' }), false],
    ['request principal without a token', matchesRequestPrincipal('*', null), false],
  ] as const)('%s', (_, got, want) => {
    expect(got).toBe(want);
  });
});
