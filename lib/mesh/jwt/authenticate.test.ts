import { describe, expect, it } from 'vitest';
import type { JwtRule } from '@/lib/snapshot/types';
import { aRequestAuthentication, NOW } from '@/test/builders';
import { authenticateRequest, type AuthenticationRequest, type JwtAuthentication } from './authenticate';

const NOW_S = Date.parse(NOW) / 1000;
const rule = (issuer: string, audiences: string[] = []): JwtRule => ({ issuer, audiences, hasInlineJwks: true, fromHeaders: [], fromParams: [], fromCookies: [], forwardOriginalToken: false });
const ra = aRequestAuthentication({ name: 'ra', namespace: 'foo', jwtRules: [rule('https://a', ['api', 'web'])] });
const rootRa = aRequestAuthentication({ name: 'root', namespace: 'istio-system', jwtRules: [rule('https://b')] });
const valid = (claims: Record<string, unknown>): AuthenticationRequest => ({ jwt: { state: 'valid', claims }, now: NOW, headers: {}, method: 'GET' });

const cases: [string, AuthenticationRequest, JwtAuthentication][] = [
  ['no RequestAuthentication: the token is ignored', { jwt: { state: 'invalid' }, now: NOW, headers: {} }, { outcome: 'anonymous', reason: 'no RequestAuthentication with jwtRules applies, so a token is not examined' }],
  ['no token: anonymous (J-2)', { jwt: { state: 'none' }, now: NOW, headers: {} }, { outcome: 'anonymous', reason: 'no token was presented: the request passes without a request principal (J-2)' }],
  ['invalid token: 401', { jwt: { state: 'invalid' }, now: NOW, headers: {} }, { outcome: 'rejected', reason: 'the token failed verification (J-2)', policies: ['foo/ra', 'istio-system/root'] }],
  ['CORS preflight skips the check (J-5)', { jwt: { state: 'invalid' }, now: NOW, method: 'OPTIONS', headers: { origin: 'x', 'access-control-request-method': 'GET' } }, { outcome: 'anonymous', reason: 'CORS preflight requests skip the JWT check (J-5)' }],
  ['unknown issuer: 401', valid({ iss: 'https://c', sub: 's' }), { outcome: 'rejected', reason: 'the token\'s issuer "https://c" is not among the applicable jwtRules\' issuers', policies: ['foo/ra', 'istio-system/root'] }],
  ['audience outside the rule: 401', valid({ iss: 'https://a', sub: 's', aud: ['other'] }), { outcome: 'rejected', reason: 'the token\'s audience is not among the audiences configured for issuer "https://a"', policies: ['foo/ra', 'istio-system/root'] }],
  ['audience list containing one configured: ok', valid({ iss: 'https://a', sub: 's', aud: ['other', 'web'] }), { outcome: 'authenticated', principal: { iss: 'https://a', sub: 's' }, claims: { iss: 'https://a', sub: 's', aud: ['other', 'web'] }, policies: ['foo/ra', 'istio-system/root'] }],
  ['rule with no audiences: any aud (merged rules, J-1)', valid({ iss: 'https://b', sub: 's', aud: 'x' }), { outcome: 'authenticated', principal: { iss: 'https://b', sub: 's' }, claims: { iss: 'https://b', sub: 's', aud: 'x' }, policies: ['foo/ra', 'istio-system/root'] }],
  ['expired beyond the 60 s clock skew: 401', valid({ iss: 'https://b', sub: 's', exp: NOW_S - 61 }), { outcome: 'rejected', reason: 'the token was rejected: it has expired (exp)', policies: ['foo/ra', 'istio-system/root'] }],
  ['expired within the clock skew: ok', valid({ iss: 'https://b', sub: 's', exp: NOW_S - 30 }), { outcome: 'authenticated', principal: { iss: 'https://b', sub: 's' }, claims: { iss: 'https://b', sub: 's', exp: NOW_S - 30 }, policies: ['foo/ra', 'istio-system/root'] }],
  ['not yet valid: 401', valid({ iss: 'https://b', sub: 's', nbf: NOW_S + 120 }), { outcome: 'rejected', reason: 'the token was rejected: it is not yet valid (nbf)', policies: ['foo/ra', 'istio-system/root'] }],
  ['non-numeric exp: 401', valid({ iss: 'https://b', sub: 's', exp: 'soon' }), { outcome: 'rejected', reason: 'the token was rejected: its exp claim is not a number', policies: ['foo/ra', 'istio-system/root'] }],
];

describe('authenticateRequest', () => {
  it.each(cases)('%s', (name, request, want) => {
    const ras = name.startsWith('no RequestAuthentication') ? [] : [ra, rootRa];
    expect(authenticateRequest(ras, request)).toEqual(want);
  });
});
