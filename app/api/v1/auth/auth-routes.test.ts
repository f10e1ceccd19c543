// The sign-in routes against a real OpenID Connect provider on loopback (test/oidc-provider.ts): what they send the
// browser, from configuration only, and what they refuse. The whole flow in a browser is e2e/signin/.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkAccess } from '@/lib/server/access';
import { sealSession, SESSION_COOKIE } from '@/lib/server/session';
import { CLIENT_ID, CLIENT_SECRET, SESSION_SECRET, startProvider, type RunningProvider } from '@/test/oidc-provider';
import { GET as callback } from './callback/route';
import { GET as login } from './login/route';
import { POST as logout } from './logout/route';

const PUBLIC_URL = 'https://posture.example.com';
let provider: RunningProvider;

beforeAll(async () => {
  provider = await startProvider([PUBLIC_URL]);
});
afterAll(() => provider.close());

function oidcEnv(): void {
  vi.unstubAllEnvs();
  for (const [k, v] of Object.entries({
    MESH_POSTURE_OIDC_ISSUER: provider.issuer,
    MESH_POSTURE_OIDC_CLIENT_ID: CLIENT_ID,
    MESH_POSTURE_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    MESH_POSTURE_OIDC_ALLOWED_GROUPS: 'platform',
    MESH_POSTURE_PUBLIC_URL: PUBLIC_URL,
    MESH_POSTURE_SESSION_SECRET: SESSION_SECRET,
    MESH_POSTURE_TOKEN: '',
    MESH_POSTURE_ANONYMOUS: '',
    MESH_POSTURE_PROXY_USER_HEADER: '',
  })) {
    vi.stubEnv(k, v);
  }
}

describe('GET /api/v1/auth/login', () => {
  beforeEach(oidcEnv);

  it('sends the browser to the provider with PKCE, state and nonce, and the configured redirect_uri whatever the request says', async () => {
    const res = await login(
      new Request('http://10.0.0.7:3000/api/v1/auth/login?returnTo=/findings', {
        headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http', forwarded: 'host=evil.example' },
      }),
    );
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    const p = Object.fromEntries(location.searchParams);
    expect({ origin: location.origin, client_id: p['client_id'], redirect_uri: p['redirect_uri'], response_type: p['response_type'], method: p['code_challenge_method'] }).toEqual({
      origin: provider.issuer,
      client_id: CLIENT_ID,
      redirect_uri: `${PUBLIC_URL}/api/v1/auth/callback`,
      response_type: 'code',
      method: 'S256',
    });
    expect([p['state'], p['nonce'], p['code_challenge']].every((v) => typeof v === 'string' && v.length >= 43)).toBe(true);
    // The flow cookie: sealed, scoped to the auth routes, Secure because the public URL is https (not the request).
    expect(res.headers.get('set-cookie')).toMatch(/^mesh-posture-oidc-flow=v1\.[\w-]+; Path=\/api\/v1\/auth; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
    expect(res.headers.get('set-cookie')).not.toContain(p['state']);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('is a 404 when the server is not in the OpenID Connect mode', async () => {
    vi.stubEnv('MESH_POSTURE_OIDC_ISSUER', '');
    vi.stubEnv('MESH_POSTURE_TOKEN', 'correct-horse-battery-staple');
    expect((await login(new Request('http://127.0.0.1/api/v1/auth/login'))).status).toBe(404);
    expect((await callback(new Request('http://127.0.0.1/api/v1/auth/callback?code=x&state=y'))).status).toBe(404);
  });

  it('is a 503 naming no secret when the provider cannot be reached', async () => {
    vi.stubEnv('MESH_POSTURE_OIDC_ISSUER', 'http://127.0.0.1:1/realms/gone');
    const res = await login(new Request('http://127.0.0.1/api/v1/auth/login'));
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain(CLIENT_SECRET);
  });
});

describe('GET /api/v1/auth/callback', () => {
  beforeEach(oidcEnv);

  it.each<{ name: string; cookie: string; text: RegExp }>([
    { name: 'no flow cookie (another browser, or a link someone sent)', cookie: '', text: /not started in this browser/ },
    { name: 'a flow cookie we did not seal', cookie: 'mesh-posture-oidc-flow=v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', text: /sign-in state is not valid/ },
    { name: 'a session cookie presented as the flow cookie', cookie: `mesh-posture-oidc-flow=${sealSession({ user: 'a', groups: [] }, Math.floor(Date.now() / 1000), 600, SESSION_SECRET)}`, text: /sign-in state is not valid/ },
  ])('$name: 400, the flow cookie cleared, no session', async ({ cookie, text }) => {
    const res = await callback(new Request(`${PUBLIC_URL}/api/v1/auth/callback?code=abc&state=def`, { headers: { cookie } }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(text);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toEqual(['mesh-posture-oidc-flow=; Path=/api/v1/auth; Max-Age=0; HttpOnly; SameSite=Lax; Secure']);
  });

  it('escapes what it echoes (the provider’s error text is not ours)', async () => {
    const start = await login(new Request(`${PUBLIC_URL}/api/v1/auth/login`));
    const flow = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const res = await callback(
      new Request(`${PUBLIC_URL}/api/v1/auth/callback?error=access_denied&error_description=${encodeURIComponent('<script>alert(1)</script>')}&state=${state}&iss=${encodeURIComponent(provider.issuer)}`, { headers: { cookie: flow } }),
    );
    const body = await res.text();
    expect({ status: res.status, escaped: body.includes('&lt;script&gt;'), raw: body.includes('<script>') }).toEqual({ status: 400, escaped: true, raw: false });
  });
});

describe('POST /api/v1/auth/logout', () => {
  beforeEach(oidcEnv);
  const now = () => Math.floor(Date.now() / 1000);

  it('revokes the session, clears the cookies and sends the browser to the provider’s end-session endpoint', async () => {
    const session = sealSession({ user: 'ana@example.com', subject: 'ana', groups: ['platform'] }, now(), 600, SESSION_SECRET);
    const headers = { cookie: `${SESSION_COOKIE}=${session}`, origin: PUBLIC_URL };
    expect(checkAccess(new Headers(headers)).allowed).toBe(true);
    const res = await logout(new Request(`${PUBLIC_URL}/api/v1/auth/logout`, { method: 'POST', headers }));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect({ origin: location.origin, back: location.searchParams.get('post_logout_redirect_uri') }).toEqual({ origin: provider.issuer, back: `${PUBLIC_URL}/login?signed-out=1` });
    expect(res.headers.getSetCookie()).toContain(`${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure`);
    const after = checkAccess(new Headers(headers));
    expect(after.allowed ? '' : after.reason).toBe('you signed out: sign in again');
  });

  it('refuses a sign-out posted by another site', async () => {
    const session = sealSession({ user: 'ana@example.com', groups: ['platform'] }, now(), 600, SESSION_SECRET);
    const headers = { cookie: `${SESSION_COOKIE}=${session}`, origin: 'https://evil.example' };
    const res = await logout(new Request(`${PUBLIC_URL}/api/v1/auth/logout`, { method: 'POST', headers }));
    expect(res.status).toBe(403);
    expect(checkAccess(new Headers(headers)).allowed).toBe(true);
  });
});
