import 'server-only';
// Where to go after signing in: a path on this dashboard only. Anything else (another origin, a scheme-relative
// `//host`, a backslash that browsers read as a slash, control characters) becomes `/`, so the sign-in link can
// never be turned into an open redirect.

export const DEFAULT_RETURN_TO = '/';
const MAX_LENGTH = 2048;
const BASE = 'http://mesh-posture.invalid';

export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > MAX_LENGTH) return DEFAULT_RETURN_TO;
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return DEFAULT_RETURN_TO;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.origin !== BASE) return DEFAULT_RETURN_TO;
  // The sign-in machinery itself is no place to return to (it would loop or sign out).
  if (url.pathname.startsWith('/api/')) return DEFAULT_RETURN_TO;
  return `${url.pathname}${url.search}${url.hash}`;
}
