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
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  return new Response(null, {
    status: 303,
    headers: {
      Location: '/',
      'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      'Cache-Control': 'no-store',
    },
  });
}
