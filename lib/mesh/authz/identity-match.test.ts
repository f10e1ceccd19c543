import { describe, expect, it } from 'vitest';
import { expandTrustDomainAliases, matchesAnyNamespace, matchesAnyPrincipal, matchesNamespace, matchesPrincipal, matchesRequestPrincipal, matchesServiceAccount, matchesTrustDomain } from './identity-match';

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

describe('compiled lists agree with matching each value (matchesAnyPrincipal, matchesAnyNamespace)', () => {
  // Small alphabets so that exact hits, prefixes, suffixes and repeated `/ns/` segments all occur.
  const pick = <T,>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
  const segments = ['a', 'b', 'ab', 'ns', '*', 'a*', '*b', 'x/y', 'a\nb', ''];
  const tds = ['cluster.local', 'td1', 'other', '*', '*1'];
  const bundles: (readonly string[] | null)[] = [null, ['td1'], ['td1', 'cluster.local'], ['cluster.local', 'foo']];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const principal = (): string => `${pick(tds, next())}/ns/${pick(segments, next())}/sa/${pick(segments, next())}`;
  const peers = (): (string | null)[] => [null, '', principal(), `${principal()}/ns/${pick(segments, next())}/x`, 'spiffe-less', 'td1/ns/a\n/ns/b/sa/c'];

  it('principals: the same answer for 2,000 random lists, peers and bundles', () => {
    const seen = { true: 0, false: 0 };
    for (let i = 0; i < 2000; i++) {
      const values = Array.from({ length: 1 + (next() % 4) }, () => (next() % 5 === 0 ? pick(['*', 'td1/*', '*/sa/a', '*1/ns/a/sa/b'], next()) : principal()));
      const bundle = pick(bundles, next());
      // Peers drawn from the values too, so that exact matches (and their alias expansions) are common.
      for (const peer of [...peers(), pick(values, next()), pick(values, next()).replace(/^[^/]*/, pick(tds, next()))]) {
        const want = values.some((v) => matchesPrincipal(v, peer, bundle));
        seen[`${want}`] += 1;
        expect(matchesAnyPrincipal(values, peer, bundle), `${JSON.stringify(values)} ${JSON.stringify(peer)} ${JSON.stringify(bundle)}`).toBe(want);
      }
    }
    expect(seen.true).toBeGreaterThan(1000);
    expect(seen.false).toBeGreaterThan(1000);
  });

  it('namespaces: the same answer for 2,000 random lists and peers', () => {
    const seen = { true: 0, false: 0 };
    for (let i = 0; i < 2000; i++) {
      const values = Array.from({ length: 1 + (next() % 4) }, () => pick(segments, next()));
      for (const peer of [...peers(), `td1/ns/${pick(values, next())}/sa/x`]) {
        const want = values.some((v) => matchesNamespace(v, peer));
        seen[`${want}`] += 1;
        expect(matchesAnyNamespace(values, peer), `${JSON.stringify(values)} ${JSON.stringify(peer)}`).toBe(want);
      }
    }
    expect(seen.true).toBeGreaterThan(1000);
    expect(seen.false).toBeGreaterThan(1000);
  });

  it('an exact namespace is found in any /ns/ segment, not as a prefix of one', () => {
    expect(matchesAnyNamespace(['b'], 'td/ns/a/ns/b/sa/c')).toBe(true);
    expect(matchesAnyNamespace(['a'], 'td/ns/ab/sa/c')).toBe(false);
    expect(matchesAnyNamespace(['c'], 'td/ns/a/sa/c')).toBe(false);
    expect(matchesAnyPrincipal(['td1/ns/a/sa/b'], 'cluster.local/ns/a/sa/b', ['td1', 'cluster.local'])).toBe(true);
    expect(matchesAnyPrincipal(['td1/ns/a/sa/b'], 'cluster.local/ns/a/sa/b', null)).toBe(false);
  });
});
