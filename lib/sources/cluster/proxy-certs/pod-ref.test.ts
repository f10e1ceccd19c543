import { describe, expect, it } from 'vitest';
import { agentMetricsProxyPath, invalidPodRefReason, portForwardTarget } from './pod-ref';

describe('pod and namespace names are validated before any path is built', () => {
  it.each([
    { case: 'a generated pod name', namespace: 'shop', name: 'cart-7d9f8-xk2lp' },
    { case: 'a pod name with dots (DNS-1123 subdomain)', namespace: 'shop', name: 'cart.v2.canary' },
    { case: 'the longest pod name (253)', namespace: 'shop', name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` },
    { case: 'the longest namespace (63)', namespace: 'n'.repeat(63), name: 'cart-1' },
  ])('accepts $case', ({ namespace, name }) => {
    expect(invalidPodRefReason({ namespace, name })).toBeNull();
    expect(agentMetricsProxyPath({ namespace, name })).toBe(`/api/v1/namespaces/${namespace}/pods/${name}:15020/proxy/stats/prometheus`);
    expect(portForwardTarget({ namespace, name })).toEqual({ namespace, name });
  });

  it.each([
    { case: 'path traversal in the pod name', namespace: 'shop', name: '../x', bad: 'pod name "../x"' },
    { case: 'a slash in the pod name', namespace: 'shop', name: 'a/b', bad: 'pod name "a/b"' },
    { case: 'a percent-encoded dot', namespace: 'shop', name: '%2e', bad: 'pod name "%2e"' },
    { case: 'a bare dot-dot', namespace: 'shop', name: '..', bad: 'pod name ".."' },
    { case: 'a port smuggled into the pod name', namespace: 'shop', name: 'cart:15000', bad: 'pod name "cart:15000"' },
    { case: 'a query smuggled into the pod name', namespace: 'shop', name: 'cart?x=1', bad: 'pod name "cart?x=1"' },
    { case: 'a fragment in the pod name', namespace: 'shop', name: 'cart#x', bad: 'pod name "cart#x"' },
    { case: 'upper case', namespace: 'shop', name: 'Cart', bad: 'pod name "Cart"' },
    { case: 'a leading hyphen', namespace: 'shop', name: '-cart', bad: 'pod name "-cart"' },
    { case: 'an empty pod name', namespace: 'shop', name: '', bad: 'pod name ""' },
    { case: 'a newline', namespace: 'shop', name: 'cart\nx', bad: 'pod name "cart\\nx"' },
    { case: 'a look-alike Cyrillic letter', namespace: 'shop', name: 'c\u0430rt', bad: 'pod name "cаrt"' },
    { case: 'a pod name of 254 characters', namespace: 'shop', name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, bad: 'pod name "' },
    { case: 'a dotted namespace (not a DNS label)', namespace: 'a.b', name: 'cart', bad: 'namespace "a.b"' },
    { case: 'path traversal in the namespace', namespace: '..', name: 'cart', bad: 'namespace ".."' },
    { case: 'a slash in the namespace', namespace: 'kube-system/pods', name: 'cart', bad: 'namespace "kube-system/pods"' },
    { case: 'a namespace of 64 characters', namespace: 'n'.repeat(64), name: 'cart', bad: 'namespace "' },
  ])('refuses $case', ({ namespace, name, bad }) => {
    const reason = invalidPodRefReason({ namespace, name });
    expect(reason).toContain(bad);
    expect(reason).toMatch(/so no request is built from it$/);
    expect(() => agentMetricsProxyPath({ namespace, name })).toThrow(bad);
    expect(() => portForwardTarget({ namespace, name })).toThrow(bad);
  });

  it('names both problems and shortens a huge hostile name in the reason', () => {
    expect(invalidPodRefReason({ namespace: 'A', name: 'x'.repeat(5000) })).toBe(
      `namespace "A" is not a DNS-1123 label; pod name "${'x'.repeat(80)}…" is not a DNS-1123 subdomain, so no request is built from it`,
    );
  });
});
