// The trusted-proxy mode in the browser (issue #13 item 5): the identity header an authenticating proxy (such as
// oauth2-proxy) sets is believed only with the proxy's shared secret and from its configured addresses; a client
// sending the same header itself, from elsewhere or to a server not in this mode, gets nothing.
import { expect, test } from '@playwright/test';
import { freePort, startApp, type RunningApp } from './support';

const SECRET = 'e2e-proxy-secret-0123456789abcdefghijkl';
const PROXY_ENV = {
  MESH_POSTURE_PROXY_USER_HEADER: 'X-Forwarded-Email',
  MESH_POSTURE_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
  MESH_POSTURE_PROXY_ALLOWED_GROUPS: 'platform',
};
const AS_PROXY = { 'x-forwarded-email': 'ana@example.com', 'x-forwarded-groups': 'platform,developers', 'x-mesh-posture-proxy-secret': SECRET };

let trusting: RunningApp; // secret and loopback both required
let elsewhere: RunningApp; // trusts only 192.0.2.1, which these requests never come from

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [trusting, elsewhere] = await Promise.all([
    freePort().then((p) => startApp(p, { ...PROXY_ENV, MESH_POSTURE_PROXY_SECRET: SECRET, MESH_POSTURE_PROXY_TRUSTED_ADDRESSES: '127.0.0.0/8,::1' })),
    freePort().then((p) => startApp(p, { ...PROXY_ENV, MESH_POSTURE_PROXY_TRUSTED_ADDRESSES: '192.0.2.1' })),
  ]);
});

test.afterAll(() => {
  trusting?.stop();
  elsewhere?.stop();
});

test('behind the proxy (its headers and secret, from a trusted address) the user sees the posture and is named', async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: AS_PROXY });
  const page = await context.newPage();
  await page.goto(`${trusting.url}/`);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveText('ana@example.com');
  await expect(page.getByText('(through the authenticating proxy)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect((await page.request.get(`${trusting.url}/api/v1/overview`)).status()).toBe(200);
  await context.close();
});

test('the identity header without the proxy secret, or with a wrong one, is a 401 and shows no data', async ({ browser, request }) => {
  for (const headers of [{ 'x-forwarded-email': 'ana@example.com', 'x-forwarded-groups': 'platform' }, { ...AS_PROXY, 'x-mesh-posture-proxy-secret': `${SECRET}-not` }]) {
    const res = await request.get(`${trusting.url}/api/v1/overview`, { headers });
    expect({ status: res.status(), body: await res.json() }).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'sign in through the authenticating proxy: this request did not come from it' } } });
  }
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-email': 'ana@example.com' } });
  const page = await context.newPage();
  await page.goto(`${trusting.url}/`);
  await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
  await context.close();
});

test('a user the proxy vouches for outside the allowed groups is a 403', async ({ request }) => {
  const res = await request.get(`${trusting.url}/api/v1/overview`, { headers: { ...AS_PROXY, 'x-forwarded-groups': 'sales' } });
  expect({ status: res.status(), body: await res.json() }).toEqual({ status: 403, body: { error: { code: 'forbidden', message: 'ana@example.com is not among the allowed users or groups' } } });
});

test('from an address that is not the proxy’s, no header makes the request come from it', async ({ request }) => {
  const tries: Record<string, string>[] = [
    { 'x-forwarded-email': 'ana@example.com', 'x-forwarded-groups': 'platform' },
    { 'x-forwarded-email': 'ana@example.com', 'x-forwarded-groups': 'platform', 'x-forwarded-for': '192.0.2.1', 'x-real-ip': '192.0.2.1', forwarded: 'for=192.0.2.1' },
    { 'x-forwarded-email': 'ana@example.com', 'x-forwarded-groups': 'platform', 'x-mesh-posture-peer': '192.0.2.1' },
    { 'x-forwarded-email': 'ana@example.com', 'x-forwarded-groups': 'platform', 'x-mesh-posture-peer': `${'0'.repeat(64)} 192.0.2.1` },
  ];
  for (const headers of tries) {
    const res = await request.get(`${elsewhere.url}/api/v1/overview`, { headers });
    expect({ headers, status: res.status(), data: 'data' in ((await res.json()) as object) }).toEqual({ headers, status: 401, data: false });
  }
});

test('a server not in proxy mode (token mode) ignores the proxy’s headers', async ({ request }) => {
  const tokenUrl = process.env['E2E_TOKEN_URL'] ?? 'http://127.0.0.1:3102';
  const res = await request.get(`${tokenUrl}/api/v1/overview`, { headers: AS_PROXY });
  expect(res.status()).toBe(401);
});
