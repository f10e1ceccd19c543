// The OpenID Connect and trusted-proxy modes of the access gate (issue #13 item 5): what each configuration allows,
// and every way a request could try to pass without the identity the mode requires.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accessMode, checkAccess, type AccessMode } from './access';
import { PEER_HEADER, PEER_KEY_ENV } from './peer-address';
import { seal } from './sealed-cookie';
import { revokeSession, readSession, sealSession, SESSION_COOKIE } from './session';

const NOW = 1_800_000_000;
const SECRET = 'a-session-secret-of-at-least-32-characters';
const PROXY_SECRET = 'a-proxy-secret-of-at-least-32-characters';
const OIDC_ENV = {
  MESH_POSTURE_OIDC_ISSUER: 'https://idp.example.com/realms/corp',
  MESH_POSTURE_OIDC_CLIENT_ID: 'mesh-posture',
  MESH_POSTURE_PUBLIC_URL: 'https://posture.example.com',
  MESH_POSTURE_OIDC_ALLOWED_GROUPS: 'security, platform',
  MESH_POSTURE_OIDC_ALLOWED_USERS: 'auditor@example.com',
  MESH_POSTURE_SESSION_SECRET: SECRET,
};

function oidcMode(env: Record<string, string> = OIDC_ENV): Extract<AccessMode, { kind: 'oidc' }> {
  const mode = accessMode(env);
  if (mode.kind !== 'oidc') throw new Error(`expected the oidc mode, got ${JSON.stringify(mode)}`);
  return mode;
}

const withCookie = (value: string) => new Headers({ cookie: `theme=dark; ${SESSION_COOKIE}=${value}` });

describe('OpenID Connect configuration', () => {
  it('a complete configuration is the oidc mode, with the redirect URL derived from the public URL', () => {
    const mode = oidcMode();
    expect({ redirect: mode.oidc.redirectUrl.href, groups: mode.oidc.allow.groups, maxAge: mode.oidc.sessionMaxAgeSeconds, scopes: mode.oidc.scopes }).toEqual({
      redirect: 'https://posture.example.com/api/v1/auth/callback',
      groups: ['security', 'platform'],
      maxAge: 28800,
      scopes: 'openid profile email',
    });
  });

  it.each<{ name: string; env: Record<string, string | undefined>; reason: RegExp }>([
    { name: 'no client id', env: { MESH_POSTURE_OIDC_CLIENT_ID: undefined }, reason: /MESH_POSTURE_OIDC_CLIENT_ID is not set/ },
    { name: 'no allow-list', env: { MESH_POSTURE_OIDC_ALLOWED_GROUPS: undefined, MESH_POSTURE_OIDC_ALLOWED_USERS: ' , ' }, reason: /ALLOWED_GROUPS and\/or .*ALLOWED_USERS/ },
    { name: 'a short session secret', env: { MESH_POSTURE_SESSION_SECRET: 'short' }, reason: /MESH_POSTURE_SESSION_SECRET must be set to 32\+/ },
    { name: 'no public URL', env: { MESH_POSTURE_PUBLIC_URL: undefined }, reason: /MESH_POSTURE_PUBLIC_URL is not set/ },
    { name: 'a plain-http issuer off loopback', env: { MESH_POSTURE_OIDC_ISSUER: 'http://idp.example.com' }, reason: /must be https/ },
    { name: 'a redirect URL on another origin', env: { MESH_POSTURE_OIDC_REDIRECT_URL: 'https://evil.example.net/api/v1/auth/callback' }, reason: /must be on MESH_POSTURE_PUBLIC_URL/ },
    { name: 'a bad session max age', env: { MESH_POSTURE_SESSION_MAX_AGE: '1h' }, reason: /MESH_POSTURE_SESSION_MAX_AGE must be a whole number/ },
    { name: 'a token beside it', env: { MESH_POSTURE_TOKEN: 'correct-horse-battery-staple' }, reason: /more than one sign-in mode .*MESH_POSTURE_TOKEN, MESH_POSTURE_OIDC_ISSUER/ },
    { name: 'anonymous beside it', env: { MESH_POSTURE_ANONYMOUS: 'true' }, reason: /more than one sign-in mode/ },
  ])('$name keeps access closed, saying why', ({ env, reason }) => {
    const mode = accessMode({ ...OIDC_ENV, ...env });
    expect(mode.kind).toBe('closed');
    expect(mode.kind === 'closed' ? mode.reason : '').toMatch(reason);
    expect(checkAccess(new Headers(), mode).allowed).toBe(false);
  });

  it('a plain-http issuer is accepted on loopback (a local provider, the tests)', () => {
    expect(oidcMode({ ...OIDC_ENV, MESH_POSTURE_OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc.insecureIssuer).toBe(true);
  });
});

describe('the OpenID Connect session', () => {
  const mode = oidcMode();
  const member = { user: 'ana@example.com', subject: 'u-1', groups: ['platform'] };

  it('a sealed session of an allowed group member lets the request in, naming the user', () => {
    const cookie = sealSession(member, NOW, 600, SECRET);
    expect(checkAccess(withCookie(cookie), mode, NOW + 1)).toEqual({ allowed: true, mode: 'oidc', identity: member });
  });

  it('an allowed user by name, in no allowed group', () => {
    const cookie = sealSession({ user: 'auditor@example.com', subject: 'u-2', groups: [] }, NOW, 600, SECRET);
    expect(checkAccess(withCookie(cookie), mode, NOW + 1).allowed).toBe(true);
  });

  it.each<{ name: string; cookie: () => string; at: number; code: string; reason: RegExp }>([
    { name: 'no cookie', cookie: () => '', at: NOW, code: 'unauthorized', reason: /^sign in/ },
    { name: 'a session past its expiry (server-side, whatever the browser kept)', cookie: () => sealSession(member, NOW, 600, SECRET), at: NOW + 600, code: 'unauthorized', reason: /session has expired/ },
    { name: 'a session sealed under another secret', cookie: () => sealSession(member, NOW, 600, 'another-secret-of-at-least-32-characters'), at: NOW, code: 'unauthorized', reason: /not valid/ },
    { name: 'a session altered by one character', cookie: () => { const c = sealSession(member, NOW, 600, SECRET); return c.slice(0, 20) + (c[20] === 'A' ? 'B' : 'A') + c.slice(21); }, at: NOW, code: 'unauthorized', reason: /not valid/ },
    { name: 'a made-up value', cookie: () => 'v1.eyJ1c2VyIjoiYWRtaW4ifQ', at: NOW, code: 'unauthorized', reason: /not valid/ },
    { name: 'a member of no allowed group', cookie: () => sealSession({ user: 'eve@example.com', subject: 'u-3', groups: ['sales'] }, NOW, 600, SECRET), at: NOW, code: 'forbidden', reason: /eve@example.com is not among the allowed/ },
  ])('$name: $code', ({ cookie, at, code, reason }) => {
    const d = checkAccess(withCookie(cookie()), mode, at);
    expect(d.allowed ? 'allowed' : d.code).toBe(code);
    expect(d.allowed ? '' : d.reason).toMatch(reason);
  });

  it('a signed-out session is refused even though its cookie is still sealed and unexpired', () => {
    const cookie = sealSession({ ...member, user: 'revoked@example.com' }, NOW, 600, SECRET);
    const session = readSession(withCookie(cookie), SECRET, NOW);
    if (!session.ok) throw new Error('the session should open');
    revokeSession(session.value, NOW);
    const d = checkAccess(withCookie(cookie), mode, NOW + 1);
    expect(d.allowed ? '' : d.reason).toBe('you signed out: sign in again');
  });

  it('a value sealed for another purpose (the sign-in flow cookie) is not a session', () => {
    const flow = seal({ user: 'ana@example.com', subject: 'u-1', groups: ['platform'], sid: 'x', iat: NOW }, NOW + 600, SECRET, 'oidc-flow');
    const d = checkAccess(withCookie(flow), mode, NOW);
    expect(d.allowed ? '' : d.reason).toMatch(/session cookie is not valid/);
  });

  it('the token mode’s cookie and bearer are not a session', () => {
    const d = checkAccess(new Headers({ authorization: `Bearer ${SECRET}`, cookie: `mesh-posture-token=${SECRET}` }), mode, NOW);
    expect(d.allowed).toBe(false);
  });
});

describe('the trusted-proxy mode', () => {
  const PEER_KEY = 'k'.repeat(64);
  beforeEach(() => vi.stubEnv(PEER_KEY_ENV, PEER_KEY));
  afterEach(() => vi.unstubAllEnvs());

  const proxy = (env: Record<string, string>) => accessMode({ MESH_POSTURE_PROXY_USER_HEADER: 'X-Forwarded-Email', MESH_POSTURE_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups', ...env });
  const fromPeer = (address: string, key = PEER_KEY) => ({ [PEER_HEADER]: `${key} ${address}` });
  const USER = { 'x-forwarded-email': 'ana@example.com', 'x-forwarded-groups': 'platform,security' };
  const SECRET_ONLY = { MESH_POSTURE_PROXY_SECRET: PROXY_SECRET };
  const ADDRESSES_ONLY = { MESH_POSTURE_PROXY_TRUSTED_ADDRESSES: '10.0.0.0/8, 192.0.2.7, fd00::/8' };

  it('neither a secret nor addresses: closed (any client could send the header)', () => {
    const mode = proxy({});
    expect(mode.kind === 'closed' ? mode.reason : mode.kind).toMatch(/MESH_POSTURE_PROXY_SECRET and\/or MESH_POSTURE_PROXY_TRUSTED_ADDRESSES/);
  });

  it.each([['a bad CIDR', { MESH_POSTURE_PROXY_TRUSTED_ADDRESSES: '10.0.0.0/33' }], ['not an address', { MESH_POSTURE_PROXY_TRUSTED_ADDRESSES: 'proxy.local' }], ['a short secret', { MESH_POSTURE_PROXY_SECRET: 'short' }]])('%s: closed', (_, env) => {
    expect(proxy(env).kind).toBe('closed');
  });

  it.each<{ name: string; env: Record<string, string>; h: Record<string, string>; result: string }>([
    { name: 'secret mode: the proxy with its secret', env: SECRET_ONLY, h: { ...USER, 'x-mesh-posture-proxy-secret': PROXY_SECRET }, result: 'allowed ana@example.com' },
    { name: 'secret mode: the identity header without the secret', env: SECRET_ONLY, h: USER, result: 'unauthorized' },
    { name: 'secret mode: a wrong secret', env: SECRET_ONLY, h: { ...USER, 'x-mesh-posture-proxy-secret': `${PROXY_SECRET}x` }, result: 'unauthorized' },
    { name: 'secret mode: the secret in a custom header', env: { ...SECRET_ONLY, MESH_POSTURE_PROXY_SECRET_HEADER: 'X-Proxy-Auth' }, h: { ...USER, 'x-proxy-auth': PROXY_SECRET }, result: 'allowed ana@example.com' },
    { name: 'secret mode: the secret but no user', env: SECRET_ONLY, h: { 'x-mesh-posture-proxy-secret': PROXY_SECRET }, result: 'unauthorized' },
    { name: 'address mode: from a trusted subnet', env: ADDRESSES_ONLY, h: { ...USER, ...fromPeer('10.1.2.3') }, result: 'allowed ana@example.com' },
    { name: 'address mode: an IPv4-mapped trusted address', env: ADDRESSES_ONLY, h: { ...USER, ...fromPeer('::ffff:192.0.2.7') }, result: 'allowed ana@example.com' },
    { name: 'address mode: a trusted IPv6 subnet', env: ADDRESSES_ONLY, h: { ...USER, ...fromPeer('fd00::1') }, result: 'allowed ana@example.com' },
    { name: 'address mode: from another address', env: ADDRESSES_ONLY, h: { ...USER, ...fromPeer('192.0.2.8') }, result: 'unauthorized' },
    { name: 'address mode: a peer header the client wrote (no key)', env: ADDRESSES_ONLY, h: { ...USER, [PEER_HEADER]: '10.1.2.3' }, result: 'unauthorized' },
    { name: 'address mode: a peer header with a guessed key', env: ADDRESSES_ONLY, h: { ...USER, ...fromPeer('10.1.2.3', 'g'.repeat(64)) }, result: 'unauthorized' },
    { name: 'address mode: X-Forwarded-For and X-Real-IP say nothing', env: ADDRESSES_ONLY, h: { ...USER, 'x-forwarded-for': '10.1.2.3', 'x-real-ip': '10.1.2.3', ...fromPeer('203.0.113.9') }, result: 'unauthorized' },
    { name: 'both: the secret from a trusted address', env: { ...SECRET_ONLY, ...ADDRESSES_ONLY }, h: { ...USER, 'x-mesh-posture-proxy-secret': PROXY_SECRET, ...fromPeer('10.1.2.3') }, result: 'allowed ana@example.com' },
    { name: 'both: the secret from another address', env: { ...SECRET_ONLY, ...ADDRESSES_ONLY }, h: { ...USER, 'x-mesh-posture-proxy-secret': PROXY_SECRET, ...fromPeer('203.0.113.9') }, result: 'unauthorized' },
    { name: 'allow-list: in an allowed group', env: { ...SECRET_ONLY, MESH_POSTURE_PROXY_ALLOWED_GROUPS: 'security' }, h: { ...USER, 'x-mesh-posture-proxy-secret': PROXY_SECRET }, result: 'allowed ana@example.com' },
    { name: 'allow-list: in no allowed group', env: { ...SECRET_ONLY, MESH_POSTURE_PROXY_ALLOWED_GROUPS: 'auditors' }, h: { ...USER, 'x-mesh-posture-proxy-secret': PROXY_SECRET }, result: 'forbidden' },
  ])('$name: $result', ({ env, h, result }) => {
    const d = checkAccess(new Headers(h), proxy(env));
    expect(d.allowed ? `allowed ${d.identity?.user}` : d.code).toBe(result);
  });

  it('two copies of the user header (a client’s and the proxy’s, joined) are refused, not read as one name', () => {
    const h = new Headers({ 'x-mesh-posture-proxy-secret': PROXY_SECRET });
    h.append('x-forwarded-email', 'admin@example.com');
    h.append('x-forwarded-email', 'ana@example.com');
    const d = checkAccess(h, proxy(SECRET_ONLY));
    expect(d.allowed ? 'allowed' : d.reason).toBe('the authenticating proxy sent a user name that is not valid');
  });

  it('the groups header becomes the identity’s groups', () => {
    const d = checkAccess(new Headers({ ...USER, 'x-mesh-posture-proxy-secret': PROXY_SECRET }), proxy(SECRET_ONLY));
    expect(d).toEqual({ allowed: true, mode: 'proxy', identity: { user: 'ana@example.com', groups: ['platform', 'security'] } });
  });

  it('a proxy identity header sent to a token-mode or an anonymous server is ignored', () => {
    const h = new Headers({ ...USER, 'x-mesh-posture-proxy-secret': PROXY_SECRET, 'x-forwarded-user': 'admin' });
    expect(checkAccess(h, accessMode({ MESH_POSTURE_TOKEN: 'correct-horse-battery-staple' })).allowed).toBe(false);
    expect(checkAccess(h, accessMode({ MESH_POSTURE_ANONYMOUS: 'true' }))).toEqual({ allowed: true, mode: 'anonymous' });
  });
});
