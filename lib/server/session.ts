import 'server-only';
// The signed-in session of the OpenID Connect mode: who (subject, display name, groups from the ID token or
// userinfo), sealed in an HttpOnly cookie until its server-side expiry. Sign-out also revokes the session in this
// process, so a copy of the cookie kept by someone else stops working at once (on this replica; on others it still
// ends at its expiry, MESH_POSTURE_SESSION_MAX_AGE).
import { randomBytes } from 'node:crypto';
import { cookieValue, open, seal, type Opened, type Sealed } from './sealed-cookie';

export const SESSION_COOKIE = 'mesh-posture-session';
const PURPOSE = 'session';

export type Identity = { readonly user: string; readonly groups: readonly string[]; readonly subject?: string };
export type SessionPayload = Identity & { readonly sid: string; readonly iat: number };

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isSession(v: unknown): v is Sealed<SessionPayload> {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['sid'] === 'string' && typeof o['user'] === 'string' && isStringArray(o['groups']) && typeof o['iat'] === 'number' && typeof o['exp'] === 'number' && (o['subject'] === undefined || typeof o['subject'] === 'string');
}

// Shared by every route bundle of this process (module instances are not guaranteed to be).
const REVOKED = Symbol.for('mesh-posture.revoked-sessions');
function revokedSessions(): Map<string, number> {
  const g = globalThis as { [REVOKED]?: Map<string, number> };
  return (g[REVOKED] ??= new Map());
}

export function sealSession(identity: Identity, nowSeconds: number, maxAgeSeconds: number, secret: string): string {
  const payload: SessionPayload = { ...identity, sid: randomBytes(16).toString('base64url'), iat: nowSeconds };
  return seal(payload, nowSeconds + maxAgeSeconds, secret, PURPOSE);
}

export type SessionState = Opened<SessionPayload> | { readonly ok: false; readonly reason: 'absent' | 'revoked' };

export function readSession(headers: Headers, secret: string, nowSeconds: number): SessionState {
  const value = cookieValue(headers, SESSION_COOKIE);
  if (value === undefined || value === '') return { ok: false, reason: 'absent' };
  const opened = open(value, secret, PURPOSE, nowSeconds, isSession);
  if (opened.ok && revokedSessions().has(opened.value.sid)) return { ok: false, reason: 'revoked' };
  return opened;
}

/** Sign-out: the session id is refused until the session would have expired anyway. */
export function revokeSession(session: Sealed<SessionPayload>, nowSeconds: number): void {
  const revoked = revokedSessions();
  for (const [sid, exp] of revoked) if (exp <= nowSeconds) revoked.delete(sid);
  revoked.set(session.sid, session.exp);
}
