// The access gate of a token-mode server, probed over real HTTP (issue #15 item 4 and the sweep's tricks): no cluster
// data without the token, and requests Next.js cannot parse answered 400 with a short message, never a 500.
import net from 'node:net';
import { expect, test } from '@playwright/test';

const BASE = process.env['E2E_TOKEN_URL'] ?? 'http://127.0.0.1:3102';
const BEARER = { authorization: `Bearer ${process.env['E2E_TOKEN'] ?? ''}` };

/** Sends one raw HTTP/1.1 request (a target no HTTP client library would send) and returns the status line and body. */
function rawRequest(requestLine: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(BASE);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      const lines = [requestLine, `Host: ${hostname}:${port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', reject);
    socket.on('end', () => resolve({ status: Number(text.split(' ', 2)[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
  });
}

test.describe('the access gate in token mode', () => {
  test('no token, a wrong token, and the middleware-subrequest and forwarding tricks all get 401 and no data', async ({ request }) => {
    const tries: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-horse-battery-staple' },
      { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
      { 'x-middleware-subrequest': 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware' },
      { 'x-forwarded-for': '127.0.0.1', 'x-forwarded-host': 'localhost', 'x-real-ip': '127.0.0.1' },
    ];
    for (const headers of tries) {
      const res = await request.get(`${BASE}/api/v1/overview`, { headers });
      expect({ headers, status: res.status(), data: 'data' in ((await res.json()) as object) }).toEqual({ headers, status: 401, data: false });
    }
  });

  test('a malformed sign-in cookie is a 400 naming the cookie on the API, and the sign-in page on a view', async ({ request, page }) => {
    const res = await request.get(`${BASE}/api/v1/overview`, { headers: { cookie: 'mesh-posture-token=%E0%A4%A' } });
    expect({ status: res.status(), body: await res.json() }).toEqual({
      status: 400,
      body: { error: { code: 'bad-request', message: 'the mesh-posture-token cookie is not valid percent-encoding: sign in again to replace it' } },
    });
    await page.context().addCookies([{ name: 'mesh-posture-token', value: '%', url: BASE }]);
    const view = await page.goto(`${BASE}/`);
    expect(view?.status()).toBeLessThan(500);
    await expect(page.getByText('the mesh-posture-token cookie is not valid percent-encoding')).toBeVisible();
  });

  test('with the token, a malformed percent-encoding in a namespace or pod segment is a 400, not a 500', async ({ request }) => {
    for (const path of ['/api/v1/namespaces/%E0%A4%A', '/api/v1/namespaces/checkout/pods/%zz', '/namespaces/%E0%A4%A', '/namespaces/checkout/pods/%']) {
      const res = await request.get(`${BASE}${path}`, { headers: BEARER });
      expect({ path, status: res.status(), body: await res.json() }).toEqual({
        path, status: 400, body: { error: { code: 'bad-request', message: 'the path has a malformed percent-encoding' } },
      });
    }
    expect((await request.get(`${BASE}/api/v1/overview`, { headers: BEARER })).status()).toBe(200);
  });

  test('the asterisk-form and absolute-form request targets are a 400', async () => {
    for (const line of ['OPTIONS * HTTP/1.1', 'GET * HTTP/1.1', `GET ${BASE}/api/v1/overview HTTP/1.1`]) {
      const res = await rawRequest(line, BEARER);
      expect({ line, status: res.status, body: res.body }).toEqual({
        line, status: 400, body: JSON.stringify({ error: { code: 'bad-request', message: 'the request target must be a path (origin-form, RFC 9112 §3.2.1)' } }),
      });
    }
  });
});
