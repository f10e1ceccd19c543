import { describe, expect, it } from 'vitest';
import { anAuthorizationPolicy } from '@/test/builders';
import type { AuthzSource } from '@/lib/snapshot/types';
import { namespacesNamedBy } from './named-namespaces';

const policyFrom = (...from: AuthzSource[]) => anAuthorizationPolicy({ name: 'p', namespace: 'home', rules: [{ from, to: null, when: null }] });

describe('namespacesNamedBy', () => {
  it.each([
    { name: 'namespaces and notNamespaces', from: [{ namespaces: ['a'], notNamespaces: ['b'] }], expected: ['a', 'b'] },
    { name: 'the namespace of a principal, any trust domain', from: [{ principals: ['cluster.local/ns/pay/sa/api', 'old.example/ns/ledger/sa/x'] }], expected: ['ledger', 'pay'] },
    { name: 'serviceAccounts: ns/sa, or sa meaning the policy namespace', from: [{ serviceAccounts: ['ops/bot', 'local-sa'] }], expected: ['home', 'ops'] },
    { name: 'wildcards name no namespace', from: [{ namespaces: ['team-*', '*'], principals: ['*', 'cluster.local/ns/*/sa/x', '*/ns/abc/sa/y'] }], expected: ['abc'] },
    { name: 'a rule without from names nothing', from: [], expected: [] },
    { name: 'duplicates once, sorted', from: [{ namespaces: ['z', 'a'] }, { principals: ['cluster.local/ns/z/sa/q'] }], expected: ['a', 'z'] },
  ])('$name', ({ from, expected }) => {
    expect(namespacesNamedBy([policyFrom(...from)])).toEqual(expected);
  });

  it('ignores a policy without rules', () => {
    expect(namespacesNamedBy([anAuthorizationPolicy({ name: 'allow-nothing', namespace: 'x' })])).toEqual([]);
  });
});
