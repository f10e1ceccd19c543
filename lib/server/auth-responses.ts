import 'server-only';
// Responses of the sign-in routes. They answer a browser's top-level navigation, so errors are short HTML pages
// (every interpolated string escaped: user names and provider messages are not ours), never cached.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export function redirect(location: string, cookies: readonly string[] = []): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
  for (const c of cookies) headers.append('Set-Cookie', c);
  return new Response(null, { status: 303, headers });
}

export function htmlPage(status: number, title: string, message: string, cookies: readonly string[] = []): Response {
  const body =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Mesh Posture</title></head>` +
    `<body><main><h2>${escapeHtml(title)}</h2><p role="alert">${escapeHtml(message)}</p><p><a href="/login">Sign in again</a></p></main></body></html>`;
  const headers = new Headers({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'",
  });
  for (const c of cookies) headers.append('Set-Cookie', c);
  return new Response(body, { status, headers });
}
