import 'server-only';
// Sealed cookie values (the sign-in session and the OpenID Connect flow): AES-256-GCM under a key derived from the
// operator's session secret, so the browser holds the value but can neither read nor change it. Expiry lives inside
// the sealed value and is checked here, on the server: a cookie kept past its time (or replayed) is refused.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One key per purpose, so a flow cookie can never be presented as a session cookie (or the reverse). */
function keyFor(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), `mesh-posture ${purpose} ${VERSION}`, 32));
}

export type Sealed<T> = T & { readonly exp: number };

/** Seals `payload` until `exp` (seconds since the epoch). */
export function seal<T extends object>(payload: T, exp: number, secret: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify({ ...payload, exp }), 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export type Opened<T> = { readonly ok: true; readonly value: Sealed<T> } | { readonly ok: false; readonly reason: 'malformed' | 'expired' };

/**
 * Opens a sealed value; `nowSeconds` is the server's clock. A value sealed under another secret or purpose, or
 * altered by one bit, is `malformed`; `check` narrows the JSON to the expected shape (anything else is malformed).
 */
export function open<T extends object>(value: string, secret: string, purpose: string, nowSeconds: number, check: (v: unknown) => v is Sealed<T>): Opened<T> {
  const [version, data] = value.split('.', 2);
  if (version !== VERSION || data === undefined || !/^[A-Za-z0-9_-]+$/.test(data)) return { ok: false, reason: 'malformed' };
  const raw = Buffer.from(data, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) return { ok: false, reason: 'malformed' };
  let parsed: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    parsed = JSON.parse(Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!check(parsed)) return { ok: false, reason: 'malformed' };
  if (!(parsed.exp > nowSeconds)) return { ok: false, reason: 'expired' };
  return { ok: true, value: parsed };
}

/** The value of cookie `name` in a Cookie header, undefined when absent (values we write are base64url: no decoding). */
export function cookieValue(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type CookieOptions = { readonly path: string; readonly secure: boolean; readonly maxAgeSeconds: number };

/** A Set-Cookie header value: HttpOnly, SameSite=Lax (the IdP's redirect back is a cross-site top-level GET). */
export function setCookie(name: string, value: string, o: CookieOptions): string {
  return `${name}=${value}; Path=${o.path}; Max-Age=${o.maxAgeSeconds}; HttpOnly; SameSite=Lax${o.secure ? '; Secure' : ''}`;
}

export function clearCookie(name: string, path: string, secure: boolean): string {
  return `${name}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
