// POST /api/v1/session: the sign-in form posts the token; a valid one is kept in an HttpOnly, SameSite=Strict cookie.
import { isValidToken, TOKEN_COOKIE } from '@/lib/server/access';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const token = form?.get('token');
  if (typeof token !== 'string' || !isValidToken(token)) {
    return new Response(null, { status: 303, headers: { Location: '/login?failed=1', 'Cache-Control': 'no-store' } });
  }
  // Behind a TLS-terminating proxy the request URL is http: honour X-Forwarded-Proto (it can only add the restriction).
  const https = new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
  const secure = https ? '; Secure' : '';
  return new Response(null, {
    status: 303,
    headers: {
      Location: '/',
      'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      'Cache-Control': 'no-store',
    },
  });
}
