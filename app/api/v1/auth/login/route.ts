// GET /api/v1/auth/login?returnTo=/path: starts an OpenID Connect sign-in (authorization code + PKCE). The flow's
// state, nonce and code verifier go into a sealed cookie; the browser goes to the identity provider.
import { accessMode } from '@/lib/server/access';
import { htmlPage, redirect } from '@/lib/server/auth-responses';
import { FLOW_COOKIE, FLOW_COOKIE_PATH, FLOW_MAX_AGE_SECONDS, startSignIn } from '@/lib/server/oidc';
import { setCookie } from '@/lib/server/sealed-cookie';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  const mode = accessMode();
  if (mode.kind !== 'oidc') return htmlPage(404, 'No OpenID Connect sign-in', 'This server does not sign in through an identity provider.');
  const returnTo = new URL(request.url).searchParams.get('returnTo');
  try {
    const { url, flowCookie } = await startSignIn(mode.oidc, returnTo, Math.floor(Date.now() / 1000));
    const secure = mode.oidc.publicUrl.protocol === 'https:';
    return redirect(url.href, [setCookie(FLOW_COOKIE, flowCookie, { path: FLOW_COOKIE_PATH, secure, maxAgeSeconds: FLOW_MAX_AGE_SECONDS })]);
  } catch (e) {
    console.warn(`mesh-posture: sign-in cannot start: ${e instanceof Error ? e.message : String(e)}`);
    return htmlPage(503, 'Identity provider unavailable', 'The identity provider cannot be reached or its configuration cannot be read. Try again later.');
  }
}
