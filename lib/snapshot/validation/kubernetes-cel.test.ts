// The Kubernetes CEL library functions added to @bufbuild/cel (the ones the vendored CRDs' rules call), against
// what k8s.io/apiserver/pkg/cel/library says of them; and the standard and strings-extension functions they use.
import { describe, expect, it } from 'vitest';
import { compileRule } from './kubernetes-cel';
import { isIP, isIPv4, isIPv6 } from './ip-address';

const evaluate = (rule: string, self: unknown = null) => compileRule(rule)(self);

describe('Kubernetes CEL library functions', () => {
  it.each([
    ['isIP("10.0.0.1")', true],
    ['isIP("::1")', true],
    ['isIP("2001:db8::ff00:42:8329")', true],
    ['isIP("::ffff:192.168.0.1")', true],
    ['isIP("010.0.0.1")', false], // leading zeros are rejected by the Kubernetes parser
    ['isIP("1.2.3")', false],
    ['isIP("example.com")', false],
    ['isIP("fe80::1%eth0")', false], // zones are rejected
    ['isURL("https://example.com/jwks")', true],
    ['isURL("/only/a/path")', true],
    ['isURL("gcr.io/repo/image")', false],
    ['isURL("")', false],
    ['url("https://example.com/jwks").getScheme()', 'https'],
    ['url("oci://ghcr.io/a/b:1").getScheme()', 'oci'],
    ['url("/a/path").getScheme()', ''],
    // standard library and strings extension, as the rules use them
    ['"a,b".split(",").size() == 2', true],
    ['"abcdef".substring(2, 4)', 'cd'],
    ['"1.5s".matches("^([0-9]+(\\\\.[0-9]+)?(ms|s|m|h))+$")', true],
    ['duration("1s") >= duration("1ms")', true],
    ['[1, 2, 2].exists_one(x, x == 1)', true],
  ] as const)('%s → %s', (rule, want) => {
    expect(evaluate(rule)).toEqual({ ok: true, value: want });
  });

  it('an evaluation error is an outcome, not an exception (url() of no URL, a missing field)', () => {
    expect(evaluate('url(self).getScheme() == "https"', 'hTPp\\lah')).toMatchObject({ ok: false });
    expect(evaluate('self.value != ""', { operation: 'UPSERT' })).toMatchObject({ ok: false, error: expect.stringContaining('value') });
  });

  it('has() takes a field of an indexed element (Gateway API HTTPRoute rules)', () => {
    expect(evaluate('has(self[0].matches)', [{ matches: [] }])).toEqual({ ok: true, value: true });
    expect(evaluate('has(self[0].matches)', [{}])).toEqual({ ok: true, value: false });
  });
});

describe('IP address syntax', () => {
  it.each([
    ['0.0.0.0', true, false],
    ['255.255.255.255', true, false],
    ['256.0.0.1', false, false],
    ['::', false, true],
    ['1::2::3', false, false],
    ['1:2:3:4:5:6:7:8', false, true],
    ['1:2:3:4:5:6:7:8:9', false, false],
    ['1:2:3:4:5:6:1.2.3.4', false, true],
    ['12345::', false, false],
  ] as const)('%s: IPv4 %s, IPv6 %s', (text, v4, v6) => {
    expect([isIPv4(text), isIPv6(text), isIP(text)]).toEqual([v4, v6, v4 || v6]);
  });
});
