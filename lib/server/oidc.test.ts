import { describe, expect, it } from 'vitest';
import { identityFromClaims } from './oidc';

// Who the dashboard says signed in, and what the allow-list is matched against.
describe('identityFromClaims', () => {
  it.each<{ name: string; claims: Record<string, unknown>; identity: ReturnType<typeof identityFromClaims> }>([
    { name: 'a verified e-mail names the user; groups from the claim', claims: { sub: 'u1', email: 'ana@example.com', email_verified: true, groups: ['platform', 'sec'] }, identity: { user: 'ana@example.com', subject: 'u1', groups: ['platform', 'sec'] } },
    { name: 'an e-mail the provider says is unverified is not a name', claims: { sub: 'u2', email: 'ceo@example.com', email_verified: false, groups: [] }, identity: { user: 'u2', subject: 'u2', groups: [] } },
    { name: 'no e-mail: the subject', claims: { sub: 'u3' }, identity: { user: 'u3', subject: 'u3', groups: [] } },
    { name: 'a single group as a string', claims: { sub: 'u4', groups: 'platform' }, identity: { user: 'u4', subject: 'u4', groups: ['platform'] } },
    { name: 'non-string group entries are dropped', claims: { sub: 'u5', groups: ['platform', 7, { admin: true }] }, identity: { user: 'u5', subject: 'u5', groups: ['platform'] } },
  ])('$name', ({ claims, identity }) => {
    expect(identityFromClaims(claims, 'groups')).toEqual(identity);
  });

  it('reads groups from the configured claim', () => {
    expect(identityFromClaims({ sub: 'u6', roles: ['auditor'], groups: ['x'] }, 'roles').groups).toEqual(['auditor']);
  });
});
