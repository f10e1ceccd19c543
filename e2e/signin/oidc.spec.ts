// OpenID Connect sign-in in the browser against a real provider on loopback (issue #13 item 5): success, a user
// outside the allowed groups, sign-out, and the ways around the gate a sign-in path could open (state, nonce and
// PKCE mismatches, a code from another browser, spoofed Host/X-Forwarded-*, open redirects, the middleware bypass).
import http from 'node:http';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { freePort, oidcEnv, pkceChallenge, randomToken, sealFlowCookie, signIn, signInAtProvider, startApp, startProvider, CLIENT_ID, type RunningApp, type RunningProvider } from './support';

let provider: RunningProvider;
let app: RunningApp;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  provider = await startProvider([`http://127.0.0.1:${port}`]);
  app = await startApp(port, oidcEnv(provider.issuer, `http://127.0.0.1:${port}`));
});

test.afterAll(async () => {
  app?.stop();
  await provider?.close();
});

const sessionCookie = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'mesh-posture-session');

test.describe('OpenID Connect sign-in', () => {
  test('an allowed user signs in at the provider, sees the posture and is named in the header', async ({ page }) => {
    await page.goto(`${app.url}/`);
    await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Sign in with the identity provider' }).click();
    await signInAtProvider(page, 'ana');
    await expect(page).toHaveURL(`${app.url}/`);
    await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
    await expect(page.getByTestId('signed-in-user')).toHaveText('ana@example.com');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    const cookie = await sessionCookie(page);
    expect({ httpOnly: cookie?.httpOnly, sameSite: cookie?.sameSite, secure: cookie?.secure, path: cookie?.path }).toEqual({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    expect((await page.request.get(`${app.url}/api/v1/overview`)).status()).toBe(200);
  });

  test('a user outside the allowed groups gets a 403 at the callback and no session', async ({ page, request }) => {
    const callback = page.waitForResponse((r) => r.url().startsWith(`${app.url}/api/v1/auth/callback`));
    await signIn(page, app.url, 'eve');
    expect((await callback).status()).toBe(403);
    await expect(page.getByRole('alert')).toHaveText(/You signed in as eve@example.com, but this account is not among the users or groups allowed/);
    expect(await sessionCookie(page)).toBeUndefined();
    expect((await page.request.get(`${app.url}/api/v1/overview`)).status()).toBe(401);
    expect((await request.get(`${app.url}/api/v1/overview`)).status()).toBe(401);
  });

  test('sign-out ends the session at the provider and here; a copy of the cookie kept from before is refused', async ({ page, request }) => {
    await signIn(page, app.url, 'ana');
    await expect(page.getByTestId('signed-in-user')).toHaveText('ana@example.com');
    const kept = await sessionCookie(page);
    expect(kept).toBeDefined();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(`${app.url}/login?signed-out=1`);
    await expect(page.getByRole('status').filter({ hasText: 'You are signed out.' })).toBeVisible();
    expect(await sessionCookie(page)).toBeUndefined();
    await page.goto(`${app.url}/`);
    await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
    const replay = await request.get(`${app.url}/api/v1/overview`, { headers: { cookie: `mesh-posture-session=${kept?.value}` } });
    expect({ status: replay.status(), body: await replay.json() }).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'you signed out: sign in again' } } });
    // Signing in again goes back to the provider's login (its session ended too).
    await page.goto(`${app.url}/api/v1/auth/login`);
    await expect(page.locator('input[name=login]')).toBeVisible();
  });

  test('returnTo brings the user back to a dashboard page, never to another origin', async ({ browser }) => {
    const cases: [string, string][] = [
      ['/findings', '/findings'],
      ['https://evil.example/', '/'],
      ['//evil.example/x', '/'],
      ['/\\evil.example', '/'],
    ];
    for (const [returnTo, landing] of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, app.url, 'ana', `/login?returnTo=${encodeURIComponent(returnTo)}`);
      await expect(page, returnTo).toHaveURL(`${app.url}${landing}`);
      await context.close();
    }
    // The sign-in route itself (a link made by someone else) checks it too.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/api/v1/auth/login?returnTo=${encodeURIComponent('https://evil.example/')}`);
    await signInAtProvider(page, 'ana');
    await expect(page).toHaveURL(`${app.url}/`);
    await context.close();
  });
});

/** Runs a sign-in up to the provider's redirect back, and returns that callback URL without following it. */
async function callbackUrlOf(page: Page): Promise<string> {
  const held = provider.holdNextCallback();
  await signIn(page, app.url, 'ana');
  await expect(page.getByText('held by the test')).toBeVisible();
  return held;
}

async function expectSignInFailed(page: Page, url: string, message: RegExp): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status()).toBe(400);
  await expect(page.getByRole('alert')).toHaveText(message);
  expect((await page.context().cookies()).some((c) => c.name === 'mesh-posture-session')).toBe(false);
}

test.describe('the sign-in path opens no way around the gate', () => {
  test('a changed state, a code delivered to another browser, and a replayed callback are refused', async ({ browser }) => {
    const first = await (await browser.newContext()).newPage();
    const callback = await callbackUrlOf(first);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', randomToken());
    // Another browser with a sign-in of its own under way: the code is not for its flow.
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${app.url}/api/v1/auth/login`);
    await expect(other.locator('input[name=login]')).toBeVisible();
    await expectSignInFailed(other, callback, /state/);
    await expectSignInFailed(first, tampered.href, /state/);
    // The failed attempt spent this browser's flow: the genuine answer cannot be replayed after it.
    await expectSignInFailed(first, callback, /not started in this browser/);
    // And a browser with no flow at all.
    const none = await (await browser.newContext()).newPage();
    await expectSignInFailed(none, callback, /not started in this browser/);
    await Promise.all([first.context().close(), other.context().close(), none.context().close()]);
  });

  /** A sign-in whose flow cookie (sealed with the server's secret) differs from the provider's request in one field. */
  async function mismatchedFlow(browser: Browser, mismatch: 'nonce' | 'verifier'): Promise<Page> {
    const metadata = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
    const state = randomToken();
    const nonce = randomToken();
    const verifier = randomToken();
    const flow = { state, nonce: mismatch === 'nonce' ? randomToken() : nonce, verifier: mismatch === 'verifier' ? randomToken() : verifier, returnTo: '/' };
    const context = await browser.newContext();
    await context.addCookies([{ name: 'mesh-posture-oidc-flow', value: sealFlowCookie(flow), url: `${app.url}/api/v1/auth/`, httpOnly: true, sameSite: 'Lax' }]);
    const authorize = new URL(metadata.authorization_endpoint);
    for (const [k, v] of Object.entries({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid email groups', redirect_uri: `${app.url}/api/v1/auth/callback`, state, nonce, code_challenge: pkceChallenge(verifier), code_challenge_method: 'S256' })) {
      authorize.searchParams.set(k, v);
    }
    const page = await context.newPage();
    await page.goto(authorize.href);
    return page;
  }

  test('the control: a flow sealed by the test with matching fields signs in (so the two below fail for their one field)', async ({ browser }) => {
    const metadata = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
    const [state, nonce, verifier] = [randomToken(), randomToken(), randomToken()];
    const context = await browser.newContext();
    await context.addCookies([{ name: 'mesh-posture-oidc-flow', value: sealFlowCookie({ state, nonce, verifier, returnTo: '/findings' }), url: `${app.url}/api/v1/auth/`, httpOnly: true, sameSite: 'Lax' }]);
    const authorize = new URL(metadata.authorization_endpoint);
    for (const [k, v] of Object.entries({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid email groups', redirect_uri: `${app.url}/api/v1/auth/callback`, state, nonce, code_challenge: pkceChallenge(verifier), code_challenge_method: 'S256' })) {
      authorize.searchParams.set(k, v);
    }
    const page = await context.newPage();
    await page.goto(authorize.href);
    await signInAtProvider(page, 'ana');
    await expect(page).toHaveURL(`${app.url}/findings`);
    await expect(page.getByTestId('signed-in-user')).toHaveText('ana@example.com');
    await context.close();
  });

  test('an ID token for another nonce is refused', async ({ browser }) => {
    const page = await mismatchedFlow(browser, 'nonce');
    const callback = page.waitForResponse((r) => r.url().startsWith(`${app.url}/api/v1/auth/callback`));
    await signInAtProvider(page, 'ana');
    expect((await callback).status()).toBe(400);
    await expect(page.getByRole('alert')).toHaveText(/nonce/);
    expect((await page.context().cookies()).some((c) => c.name === 'mesh-posture-session')).toBe(false);
    await page.context().close();
  });

  test('a code redeemed with another PKCE verifier is refused (by the provider)', async ({ browser }) => {
    const page = await mismatchedFlow(browser, 'verifier');
    const callback = page.waitForResponse((r) => r.url().startsWith(`${app.url}/api/v1/auth/callback`));
    await signInAtProvider(page, 'ana');
    expect((await callback).status()).toBe(400);
    await expect(page.getByRole('alert')).toHaveText(/invalid_grant|PKCE/i);
    expect((await page.context().cookies()).some((c) => c.name === 'mesh-posture-session')).toBe(false);
    await page.context().close();
  });

  test('redirect_uri comes from configuration: a spoofed Host, X-Forwarded-Host/Proto/Port or Forwarded changes nothing', async ({ request }) => {
    const expected = `${app.url}/api/v1/auth/callback`;
    const spoofs: Record<string, string>[] = [
      {},
      { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' },
      { forwarded: 'host=evil.example;proto=https', 'x-forwarded-server': 'evil.example', 'x-original-host': 'evil.example' },
    ];
    for (const headers of spoofs) {
      const res = await request.get(`${app.url}/api/v1/auth/login`, { headers, maxRedirects: 0 });
      expect(res.status()).toBe(303);
      const location = new URL(res.headers()['location'] ?? '');
      expect({ headers, origin: location.origin, redirect_uri: location.searchParams.get('redirect_uri') }).toEqual({ headers, origin: provider.issuer, redirect_uri: expected });
    }
    // A Host header no browser would send for this address (an HTTP client library sets its own).
    const { port } = new URL(app.url);
    const location = await new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/api/v1/auth/login', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.headers.location ?? '');
      }).on('error', reject);
    });
    expect(new URL(location).searchParams.get('redirect_uri')).toBe(expected);
  });

  test('the middleware-subrequest and forwarding headers do not stand in for a session', async ({ request }) => {
    const tries: Record<string, string>[] = [
      { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
      { 'x-middleware-subrequest': 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware' },
      { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
      { 'x-forwarded-for': '127.0.0.1', 'x-forwarded-host': 'localhost', 'x-real-ip': '127.0.0.1', 'x-forwarded-user': 'ana@example.com', 'x-forwarded-email': 'ana@example.com' },
      { cookie: 'mesh-posture-session=v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'x-mesh-posture-peer': 'x 127.0.0.1' },
      { authorization: 'Bearer e2e-session-secret-0123456789abcdefghij' },
    ];
    for (const headers of tries) {
      const res = await request.get(`${app.url}/api/v1/overview`, { headers });
      expect({ headers, status: res.status(), data: 'data' in ((await res.json()) as object) }).toEqual({ headers, status: 401, data: false });
      const view = await request.get(`${app.url}/findings`, { headers });
      expect({ headers, text: (await view.text()).includes('No access') }).toEqual({ headers, text: true });
    }
  });
});
