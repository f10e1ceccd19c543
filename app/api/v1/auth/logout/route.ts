// POST /api/v1/auth/logout (the sign-out button): the session is revoked in this process and its cookie (and the
// token mode's) cleared; with OpenID Connect the browser then goes to the provider's end-session endpoint.
import { accessMode } from '@/lib/server/access';
import { htmlPage, redirect } from '@/lib/server/auth-responses';
import { TOKEN_COOKIE } from '@/lib/server/access';
import { signOutUrl } from '@/lib/server/oidc';
import { clearCookie } from '@/lib/server/sealed-cookie';
import { readSession, revokeSession, SESSION_COOKIE } from '@/lib/server/session';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function POST(request: Request): Promise<Response> {
  const mode = accessMode();
  const secure = mode.kind === 'oidc' ? mode.oidc.publicUrl.protocol === 'https:' : new URL(request.url).protocol === 'https:';
  const cleared = [clearCookie(SESSION_COOKIE, '/', secure), `${TOKEN_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`];
  if (mode.kind !== 'oidc') return redirect('/login?signed-out=1', cleared);
  // Another site's form cannot sign a user out (the browser names the page that posted).
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== mode.oidc.publicUrl.origin) return htmlPage(403, 'Sign-out refused', 'The sign-out request did not come from this dashboard.');
  const now = Math.floor(Date.now() / 1000);
  const session = readSession(request.headers, mode.oidc.sessionSecret, now);
  if (session.ok) revokeSession(session.value, now);
  return redirect(await signOutUrl(mode.oidc), cleared);
}
