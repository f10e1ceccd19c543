import 'server-only';
// Who may see cluster data (ARCHITECTURE §5): nobody, unless the operator chose a mode. Either a shared token
// (MESH_POSTURE_TOKEN, sent as `Authorization: Bearer …` or in the cookie the sign-in form sets), or an explicit
// anonymous mode (MESH_POSTURE_ANONYMOUS=true) that every page announces. Unconfigured means closed.
import { createHash, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'mesh-posture-token';
export const MIN_TOKEN_LENGTH = 16;

export type AccessMode = { readonly kind: 'anonymous' } | { readonly kind: 'token'; readonly token: string } | { readonly kind: 'closed'; readonly reason: string };

export type AccessDecision =
  | { readonly allowed: true; readonly mode: AccessMode['kind'] }
  /** bad-request (400): the request itself is malformed (a cookie we never wrote); unauthorized (401): no or a wrong credential. */
  | { readonly allowed: false; readonly mode: AccessMode['kind']; readonly code: 'bad-request' | 'unauthorized'; readonly reason: string };

export function accessMode(env: Readonly<Record<string, string | undefined>> = process.env): AccessMode {
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

export function checkAccess(headers: Headers, mode: AccessMode = accessMode()): AccessDecision {
  switch (mode.kind) {
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
