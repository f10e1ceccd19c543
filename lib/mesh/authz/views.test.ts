import { describe, expect, it } from 'vitest';
import type { AuthzRule } from '@/lib/snapshot/types';
import { anAuthorizationPolicy } from '@/test/builders';
import { principalTrustDomains, requiresRequestPrincipal } from './policy-facts';
import { tcpView, ztunnelView } from './views';

const httpOnly: AuthzRule = { from: [{ requestPrincipals: ['*'] }], to: [{ methods: ['GET'] }], when: null };
const mixed: AuthzRule = { from: [{ namespaces: ['ns-1'] }], to: [{ ports: ['80'], methods: ['GET'] }], when: [{ key: 'request.headers[x]', values: ['y'] }] };

describe('tcpView (Z-11)', () => {
  it('ALLOW drops every rule with an HTTP-only field', () => {
    const p = anAuthorizationPolicy({ name: 'a', rules: [httpOnly, mixed, { from: [{ namespaces: ['ns-1'] }], to: null, when: null }] });
    expect(tcpView(p)).toEqual({ policy: p, rules: [{ from: [{ namespaces: ['ns-1'] }], to: null, when: null }] });
  });
  it('DENY keeps the rest of each rule (wider)', () => {
    const p = anAuthorizationPolicy({ name: 'd', action: 'DENY', rules: [httpOnly, mixed] });
    expect(tcpView(p)).toEqual({
      policy: p,
      rules: [
        { from: [{}], to: [{}], when: null },
        { from: [{ namespaces: ['ns-1'] }], to: [{ ports: ['80'] }], when: [] },
      ],
    });
  });
  it('CUSTOM with an HTTP ext_authz provider installs nothing on TCP', () => {
    expect(tcpView(anAuthorizationPolicy({ name: 'c', action: 'CUSTOM', provider: 'p', rules: [httpOnly] }), 'envoyExtAuthzHttp')).toBeNull();
  });
});

describe('ztunnelView (Z-15)', () => {
  it('does not enforce CUSTOM, AUDIT, dry-run or targetRefs policies', () => {
    expect(ztunnelView(anAuthorizationPolicy({ name: 'c', action: 'AUDIT', rules: [mixed] }))).toBeNull();
    expect(ztunnelView(anAuthorizationPolicy({ name: 'd', dryRun: true, rules: [mixed] }))).toBeNull();
    expect(ztunnelView(anAuthorizationPolicy({ name: 't', targetRefs: [{ group: '', kind: 'Service', name: 's' }], rules: [mixed] }))).toBeNull();
  });
  it('DENY with an L7 when condition never fires', () => {
    const p = anAuthorizationPolicy({ name: 'd', action: 'DENY', rules: [mixed] });
    expect(ztunnelView(p)).toEqual({ policy: p, rules: [] });
  });
  it('DENY keeps remoteIpBlocks out (unsupported) and the rest of the source', () => {
    const p = anAuthorizationPolicy({ name: 'd', action: 'DENY', rules: [{ from: [{ remoteIpBlocks: ['1.2.3.4'], ipBlocks: ['5.6.7.8'] }], to: null, when: null }] });
    expect(ztunnelView(p)).toEqual({ policy: p, rules: [{ from: [{ ipBlocks: ['5.6.7.8'] }], to: null, when: null }] });
  });
});

describe('policy facts', () => {
  it.each([
    ['ALLOW requestPrincipals', anAuthorizationPolicy({ name: 'a', rules: [httpOnly] }), true],
    ['DENY notRequestPrincipals', anAuthorizationPolicy({ name: 'd', action: 'DENY', rules: [{ from: [{ notRequestPrincipals: ['*'] }], to: null, when: null }] }), true],
    ['DENY requestPrincipals does not require one', anAuthorizationPolicy({ name: 'd', action: 'DENY', rules: [httpOnly] }), false],
  ] as const)('requiresRequestPrincipal: %s', (_, p, want) => {
    expect(requiresRequestPrincipal(p)).toBe(want);
  });

  it('principalTrustDomains lists explicit trust domains only', () => {
    const p = anAuthorizationPolicy({
      name: 'td',
      rules: [
        { from: [{ principals: ['old-td/ns/a/sa/b', '*/ns/a/sa/c', 'x*/ns/a/sa/d'] }, { trustDomains: ['other.local', 'bad*'] }], to: null, when: [{ key: 'source.principal', values: ['new-td/ns/a/sa/b'] }] },
      ],
    });
    expect(principalTrustDomains(p)).toEqual(['new-td', 'old-td', 'other.local']);
  });
});
