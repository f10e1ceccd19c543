// A session ends at its server-side expiry (MESH_POSTURE_SESSION_MAX_AGE, here 8 s): the browser is sent to sign in
// again, and the old cookie value, replayed by hand after the expiry, is refused by the server itself.
import { expect, test } from '@playwright/test';
import { freePort, oidcEnv, signIn, startApp, startProvider, type RunningApp, type RunningProvider } from './support';

// Long enough for a loaded machine to render the page after sign-in, short enough to wait out.
const MAX_AGE_SECONDS = 8;
let provider: RunningProvider;
let app: RunningApp;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  provider = await startProvider([`http://127.0.0.1:${port}`]);
  app = await startApp(port, oidcEnv(provider.issuer, `http://127.0.0.1:${port}`, { MESH_POSTURE_SESSION_MAX_AGE: String(MAX_AGE_SECONDS) }));
});

test.afterAll(async () => {
  app?.stop();
  await provider?.close();
});

test('an expired session needs a new sign-in, and its cookie replayed after the expiry is refused', async ({ page, request }) => {
  const callback = page.waitForResponse((r) => r.url().startsWith(`${app.url}/api/v1/auth/callback`));
  await signIn(page, app.url, 'ana', '/login?returnTo=/certificates');
  const signedInAt = Date.now();
  const setCookie = (await (await callback).headersArray()).find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('mesh-posture-session='));
  expect(setCookie?.value).toMatch(new RegExp(`^mesh-posture-session=v1\\.[\\w-]+; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax$`));
  const kept = { value: /^mesh-posture-session=([^;]+)/.exec(setCookie?.value ?? '')?.[1] };
  await expect(page).toHaveURL(`${app.url}/certificates`);
  await expect(page.getByTestId('signed-in-user')).toHaveText('ana@example.com');
  await page.waitForTimeout(Math.max(0, signedInAt + (MAX_AGE_SECONDS + 1) * 1000 - Date.now()));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  const replay = await request.get(`${app.url}/api/v1/overview`, { headers: { cookie: `mesh-posture-session=${kept?.value}` } });
  expect({ status: replay.status(), body: await replay.json() }).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'your session has expired: sign in again' } } });
  // Signing in again (the provider still knows the browser, so it answers at once) gives a fresh session.
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Sign in with the identity provider' }).click();
  await expect(page.getByTestId('signed-in-user')).toHaveText('ana@example.com');
  const fresh = (await page.context().cookies()).find((c) => c.name === 'mesh-posture-session');
  expect(fresh?.value).not.toBe(kept?.value);
});
