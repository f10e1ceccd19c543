import 'server-only';
// Who may see cluster data (ARCHITECTURE §5): nobody, unless the operator chose a mode. A shared token
// (MESH_POSTURE_TOKEN, sent as `Authorization: Bearer …` or in the cookie the sign-in form sets); OpenID Connect
// sign-in (MESH_POSTURE_OIDC_*: a sealed session cookie, an allow-list of users/groups); a trusted authenticating
// proxy (MESH_POSTURE_PROXY_*: an identity header believed only with the proxy's secret and/or from its addresses);
// or an explicit anonymous mode (MESH_POSTURE_ANONYMOUS=true) that every page announces. Unconfigured means closed,
// and so does an incomplete or ambiguous configuration.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { oidcConfigured, parseOidcSettings, parseProxySettings, proxyConfigured, type AllowList, type OidcSettings, type ProxySettings } from './access-config';
import { peerAddress } from './peer-address';
import { readSession, type Identity } from './session';

export const TOKEN_COOKIE = 'mesh-posture-token';
export const MIN_TOKEN_LENGTH = 16;

export type AccessMode =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'oidc'; readonly oidc: OidcSettings }
  | { readonly kind: 'proxy'; readonly proxy: ProxySettings }
  | { readonly kind: 'closed'; readonly reason: string };

export type AccessDecision =
  | { readonly allowed: true; readonly mode: AccessMode['kind']; readonly identity?: Identity }
  /**
   * bad-request (400): the request itself is malformed (a cookie we never wrote); unauthorized (401): no or a wrong
   * credential; forbidden (403): a known identity outside the allow-list.
   */
  | { readonly allowed: false; readonly mode: AccessMode['kind']; readonly code: 'bad-request' | 'unauthorized' | 'forbidden'; readonly reason: string; readonly identity?: Identity };

export function accessMode(env: Readonly<Record<string, string | undefined>> = process.env): AccessMode {
  const oidc = oidcConfigured(env);
  const proxy = proxyConfigured(env);
  if (oidc || proxy) {
    // The identity modes stand alone: a token or anonymous access beside them would be a second, weaker door.
    const chosen = [
      ['MESH_POSTURE_ANONYMOUS', env['MESH_POSTURE_ANONYMOUS'] === 'true'],
      ['MESH_POSTURE_TOKEN', Boolean(env['MESH_POSTURE_TOKEN'])],
      ['MESH_POSTURE_OIDC_ISSUER', oidc],
      ['MESH_POSTURE_PROXY_USER_HEADER', proxy],
    ].flatMap(([name, set]) => (set ? [name as string] : []));
    if (chosen.length > 1) return { kind: 'closed', reason: `more than one sign-in mode is configured (${chosen.join(', ')}): choose one, so access stays closed` };
    if (oidc) {
      const parsed = parseOidcSettings(env);
      return parsed.ok ? { kind: 'oidc', oidc: parsed.settings } : { kind: 'closed', reason: parsed.reason };
    }
    const parsed = parseProxySettings(env);
    return parsed.ok ? { kind: 'proxy', proxy: parsed.settings } : { kind: 'closed', reason: parsed.reason };
  }
  if (env['MESH_POSTURE_ANONYMOUS'] === 'true') return { kind: 'anonymous' };
  const token = env['MESH_POSTURE_TOKEN'];
  if (token && token.length >= MIN_TOKEN_LENGTH) return { kind: 'token', token };
  return {
    kind: 'closed',
    reason: token
      ? `MESH_POSTURE_TOKEN is shorter than ${MIN_TOKEN_LENGTH} characters, so access stays closed`
      : 'access is not configured: set MESH_POSTURE_TOKEN to a secret of 16+ characters, or MESH_POSTURE_ANONYMOUS=true to let anyone who can reach this server see the data',
  };
}

/** Compares digests so the time taken says nothing about the token. */
function sameToken(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

type Presented = { readonly token: string } | { readonly malformed: string } | null;

function presentedToken(headers: Headers): Presented {
  const auth = headers.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return { token: auth.slice('bearer '.length).trim() };
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== TOKEN_COOKIE) continue;
    // Any application on the same host can set this cookie: a bad percent-encoding is the request's fault (400),
    // never an exception that fails every page.
    try {
      return { token: decodeURIComponent(rest.join('=')) };
    } catch {
      return { malformed: `the ${TOKEN_COOKIE} cookie is not valid percent-encoding: sign in again to replace it` };
    }
  }
  return null;
}

/** Whether an identity may see the data: in the allowed users (by name or subject) or in one of the allowed groups. An empty allow-list (proxy mode only) admits every identity the proxy vouches for. */
export function isAllowed(identity: Identity, allow: AllowList): boolean {
  if (allow.users.length === 0 && allow.groups.length === 0) return true;
  if (allow.users.includes(identity.user) || (identity.subject !== undefined && allow.users.includes(identity.subject))) return true;
  return identity.groups.some((g) => allow.groups.includes(g));
}

const SESSION_PROBLEM = {
  absent: 'sign in: this server shows cluster data to signed-in users only',
  expired: 'your session has expired: sign in again',
  revoked: 'you signed out: sign in again',
  malformed: 'the session cookie is not valid (perhaps from before a restart with another secret): sign in again',
} as const;

function checkSession(headers: Headers, oidc: OidcSettings, nowSeconds: number): AccessDecision {
  const session = readSession(headers, oidc.sessionSecret, nowSeconds);
  if (!session.ok) return { allowed: false, mode: 'oidc', code: 'unauthorized', reason: SESSION_PROBLEM[session.reason] };
  const { user, groups, subject } = session.value;
  const identity: Identity = subject === undefined ? { user, groups } : { user, groups, subject };
  if (!isAllowed(identity, oidc.allow)) return { allowed: false, mode: 'oidc', code: 'forbidden', reason: `${user} is not among the allowed users or groups`, identity };
  return { allowed: true, mode: 'oidc', identity };
}

const MAX_NAME = 256;
// Printable, no separators an HTTP header could smuggle: a proxy's user or group name.
const isName = (s: string): boolean => s.length > 0 && s.length <= MAX_NAME && /^[\x21-\x7e\u00a0-\uffff][\x20-\x7e\u00a0-\uffff]*$/.test(s);

function checkProxy(headers: Headers, proxy: ProxySettings): AccessDecision {
  const deny = (reason: string): AccessDecision => ({ allowed: false, mode: 'proxy', code: 'unauthorized', reason });
  // The proxy's proof first: without it the identity header is the client's own text and is never read.
  if (proxy.secret !== undefined) {
    const presented = headers.get(proxy.secretHeader);
    if (presented === null || !sameToken(presented, proxy.secret)) return deny('sign in through the authenticating proxy: this request did not come from it');
  }
  if (proxy.trusted !== undefined) {
    const address = peerAddress(headers);
    const family = address === undefined ? 0 : isIP(address);
    if (address === undefined || family === 0 || !proxy.trusted.check(address, family === 4 ? 'ipv4' : 'ipv6')) {
      return deny('sign in through the authenticating proxy: this request did not come from a trusted address');
    }
  }
  const user = headers.get(proxy.userHeader)?.trim() ?? '';
  // A comma means two copies of the header were joined (one the client's, if the proxy appended instead of replacing).
  if (!isName(user) || user.includes(',')) return deny(user === '' ? 'the authenticating proxy sent no user' : 'the authenticating proxy sent a user name that is not valid');
  const groups = proxy.groupsHeader === undefined ? [] : (headers.get(proxy.groupsHeader) ?? '').split(',').map((g) => g.trim()).filter(isName);
  const identity: Identity = { user, groups };
  if (!isAllowed(identity, proxy.allow)) return { allowed: false, mode: 'proxy', code: 'forbidden', reason: `${user} is not among the allowed users or groups`, identity };
  return { allowed: true, mode: 'proxy', identity };
}

export function checkAccess(headers: Headers, mode: AccessMode = accessMode(), nowSeconds: number = Date.now() / 1000): AccessDecision {
  switch (mode.kind) {
    case 'oidc':
      return checkSession(headers, mode.oidc, nowSeconds);
    case 'proxy':
      return checkProxy(headers, mode.proxy);
    case 'anonymous':
      return { allowed: true, mode: mode.kind };
    case 'closed':
      return { allowed: false, mode: mode.kind, code: 'unauthorized', reason: mode.reason };
    case 'token': {
      const presented = presentedToken(headers);
      if (presented === null) return { allowed: false, mode: mode.kind, code: 'unauthorized', reason: 'sign in: a token is required' };
      if ('malformed' in presented) {
        // One line, no stack, nothing of the cookie's value (it is the client's text).
        console.warn(`mesh-posture: 400 ${presented.malformed}`);
        return { allowed: false, mode: mode.kind, code: 'bad-request', reason: presented.malformed };
      }
      if (sameToken(presented.token, mode.token)) return { allowed: true, mode: mode.kind };
      return { allowed: false, mode: mode.kind, code: 'unauthorized', reason: 'the token is not valid' };
    }
  }
}

/** Whether a presented token is the configured one (for the sign-in form). */
export function isValidToken(presented: string, mode: AccessMode = accessMode()): boolean {
  return mode.kind === 'token' && sameToken(presented, mode.token);
}

/**
 * Who may read GET /metrics: a token of its own (MESH_POSTURE_METRICS_TOKEN, for a Prometheus scrape config's
 * bearer token), or MESH_POSTURE_METRICS_ANONYMOUS=true (e.g. scraped only from inside a NetworkPolicy), else the same
 * access as the API. The metrics carry namespace names and counts, so they are cluster data (§5).
 */
export function metricsAccessMode(env: Readonly<Record<string, string | undefined>> = process.env): AccessMode {
  const token = env['MESH_POSTURE_METRICS_TOKEN'];
  if (token !== undefined && token !== '') {
    if (token.length >= MIN_TOKEN_LENGTH) return { kind: 'token', token };
    return { kind: 'closed', reason: `MESH_POSTURE_METRICS_TOKEN is shorter than ${MIN_TOKEN_LENGTH} characters, so /metrics stays closed` };
  }
  if (env['MESH_POSTURE_METRICS_ANONYMOUS'] === 'true') return { kind: 'anonymous' };
  return accessMode(env);
}
