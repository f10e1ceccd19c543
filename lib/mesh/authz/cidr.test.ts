import { describe, expect, it } from 'vitest';
import { ipInAnyCidr, parseCidr } from './cidr';

describe('ipInAnyCidr', () => {
  it.each([
    ['bare IPv4 is a /32', ['1.2.3.4'], '1.2.3.4', true],
    ['bare IPv4 other address', ['1.2.3.4'], '1.2.3.5', false],
    ['IPv4 /16', ['5.6.0.0/16'], '5.6.255.1', true],
    ['IPv4 /16 outside', ['5.6.0.0/16'], '5.7.0.1', false],
    ['IPv4 /0', ['0.0.0.0/0'], '203.0.113.9', true],
    ['IPv6 /64', ['2001:db8:1::/64'], '2001:db8:1::42', true],
    ['IPv6 /64 outside', ['2001:db8:1::/64'], '2001:db8:2::1', false],
    ['IPv6 with embedded IPv4', ['::ffff:10.0.0.0/104'], '::ffff:10.1.2.3', true],
    ['families never mix', ['0.0.0.0/0'], '::1', false],
    ['unknown address', ['0.0.0.0/0'], undefined, false],
    ['malformed entries never match', ['1.2.3.4/33', 'x'], '1.2.3.4', false],
  ] as const)('%s', (_, cidrs, ip, want) => {
    expect(ipInAnyCidr(cidrs, ip)).toBe(want);
  });

  it('parses prefix lengths', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: { family: 4, value: 0x0a000000n }, prefixLength: 8 });
    expect(parseCidr('::/0')).toEqual({ address: { family: 6, value: 0n }, prefixLength: 0 });
    expect(parseCidr('1:2:3:4:5:6:7:8:9')).toBeNull();
  });
});
