// GET /api/v1/auth/callback: the identity provider's answer. The code is redeemed (state, nonce and PKCE checked),
// the identity is checked against the allow-list, and only then is a session cookie set: a user outside the
// allowed users and groups gets a 403 and no session.
import { accessMode, isAllowed } from '@/lib/server/access';
import { htmlPage, redirect } from '@/lib/server/auth-responses';
import { completeSignIn, FLOW_COOKIE, FLOW_COOKIE_PATH, readFlow, SignInError } from '@/lib/server/oidc';
import { clearCookie, setCookie } from '@/lib/server/sealed-cookie';
import { sealSession, SESSION_COOKIE } from '@/lib/server/session';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  const mode = accessMode();
  if (mode.kind !== 'oidc') return htmlPage(404, 'No OpenID Connect sign-in', 'This server does not sign in through an identity provider.');
  const s = mode.oidc;
  const secure = s.publicUrl.protocol === 'https:';
  const clearFlow = clearCookie(FLOW_COOKIE, FLOW_COOKIE_PATH, secure);
  const now = Math.floor(Date.now() / 1000);
  try {
    const flow = readFlow(request.headers, s, now);
    const identity = await completeSignIn(s, new URL(request.url), flow);
    if (!isAllowed(identity, s.allow)) {
      console.warn(`mesh-posture: 403 sign-in refused: ${JSON.stringify(identity.user)} is not among the allowed users or groups`);
      return htmlPage(403, 'Not allowed', `You signed in as ${identity.user}, but this account is not among the users or groups allowed to see this dashboard.`, [clearFlow]);
    }
    // Only the groups the allow-list names are kept: a directory can list hundreds, and a cookie holds 4 KB.
    const kept = { ...identity, groups: identity.groups.filter((g) => s.allow.groups.includes(g)) };
    const session = sealSession(kept, now, s.sessionMaxAgeSeconds, s.sessionSecret);
    return redirect(flow.returnTo, [clearFlow, setCookie(SESSION_COOKIE, session, { path: '/', secure, maxAgeSeconds: s.sessionMaxAgeSeconds })]);
  } catch (e) {
    if (!(e instanceof SignInError)) throw e;
    console.warn(`mesh-posture: 400 sign-in failed: ${e.message}`);
    return htmlPage(400, 'Sign-in failed', e.message, [clearFlow]);
  }
}
