// Can I? on the demo mesh: one question per outcome the view must explain (allowed over mTLS, plaintext reset by a
// STRICT server, 403, 401), each with its handshake drawn; the form works as a plain GET form without JavaScript.
import { DEMO_EXPECTED } from '../demo/expectations';
import { expect, expectAccessible, test } from './support/fixtures';

// MP105 names the STRICT server pods first, then their plaintext clients (demo/README.md).
const STRICT_SERVER = DEMO_EXPECTED.findings.MP105[0].replace(/^Pod\//, '');
const PLAINTEXT_CLIENT = DEMO_EXPECTED.findings.MP105[2].replace(/^Pod\//, '');
// payments/allow-payments-api lets checkout (not catalog) POST charges; storefront-bff-jwt (MP402) validates tokens.
const PAYMENTS_API = 'payments/payments-api-q4psdr8kqd-88dx5';
const CHECKOUT = 'checkout/checkout-qlfwp88xw-9vx7j';
const CATALOG = STRICT_SERVER;
const STOREFRONT_BFF = 'storefront/storefront-bff-rx4tmvtmkq-f8xsr';
const WEB_FRONTEND = 'storefront/web-frontend-qljf8x5fqr-gf49d';

const ask = (q: Record<string, string>) => `/can-i?${new URLSearchParams(q).toString()}`;

test.describe('Can I? on the demo mesh', () => {
  test('before a question: the labelled form and an empty state', async ({ page }) => {
    await page.goto('/can-i');
    await expect(page.getByRole('heading', { name: 'Can I?', level: 1 })).toBeVisible();
    await expect(page.getByLabel('From (NAMESPACE/POD, or outside)')).toHaveValue('outside');
    await expect(page.getByLabel('To (NAMESPACE/POD)')).toHaveValue('');
    await expect(page.getByTestId('view-empty')).toContainText('Choose a server pod');
    await expectAccessible(page);
  });

  test('a client without a dataplane to a STRICT pod: asked through the form, reset at the transport step', async ({ page }) => {
    await page.goto('/can-i');
    await page.getByLabel('From (NAMESPACE/POD, or outside)').fill(PLAINTEXT_CLIENT);
    await page.getByLabel('To (NAMESPACE/POD)').fill(STRICT_SERVER);
    await page.getByLabel('Container port').fill('8080');
    await page.getByRole('button', { name: 'Ask' }).click();
    await expect(page).toHaveURL(/to=catalog%2Fcatalog-/);
    await expect(page.getByTestId('can-i-outcome')).toHaveText('Connection fails');
    await expect(page.getByTestId('can-i-reason')).toContainText('resets plaintext connections');
    const diagram = page.getByTestId('handshake-diagram');
    await expect(diagram).toHaveAttribute('data-state', 'drawn');
    await expect(diagram.locator('svg')).toContainText('connection reset: STRICT requires mTLS');
    await expect(page.getByTestId('handshake-steps')).toContainText('plaintext TCP to');
    await expectAccessible(page);
  });

  test('sidecar to sidecar, allowed over mTLS: the SNI, both certificates, the deciding ALLOW policy', async ({ page }) => {
    await page.goto(ask({ from: CHECKOUT, to: PAYMENTS_API, port: '8080', method: 'POST', path: '/v1/charges' }));
    await expect(page.getByTestId('can-i-outcome')).toHaveText('Allowed');
    await expect(page.getByTestId('can-i-policies')).toContainText('payments/allow-payments-api');
    await expect(page.getByTestId('handshake-sni')).toHaveText('outbound_.80_._.payments-api.payments.svc.cluster.local');
    const diagram = page.getByTestId('handshake-diagram');
    await expect(diagram).toHaveAttribute('data-state', 'drawn');
    await expect(diagram.locator('svg')).toContainText('CSR for spiffe://cluster.local/ns/checkout/sa/checkout');
    await expect(diagram.locator('svg')).toContainText('client certificate spiffe://cluster.local/ns/checkout/sa/checkout');
    await expect(diagram.locator('svg')).toContainText('ALLOWED: delivered to the application over mTLS');
    await page.getByRole('link', { name: "Open this connection's handshake on its own page" }).click();
    await expect(page.getByRole('heading', { name: 'Handshake', level: 1 })).toBeVisible();
    await expect(page.getByTestId('handshake-diagram')).toHaveAttribute('data-state', 'drawn');
  });

  test('mTLS, but no ALLOW rule matches: 403 after the handshake', async ({ page }) => {
    await page.goto(ask({ from: CATALOG, to: PAYMENTS_API, port: '8080', method: 'POST', path: '/v1/charges' }));
    await expect(page.getByTestId('can-i-outcome')).toHaveText('Denied');
    await expect(page.getByTestId('handshake-outcome')).toHaveText('DENIED: HTTP 403 from the authorization check');
    const diagram = page.getByTestId('handshake-diagram');
    await expect(diagram).toHaveAttribute('data-state', 'drawn');
    await expect(diagram.locator('svg')).toContainText('mTLS established');
    await expect(diagram.locator('svg')).toContainText('HTTP 403 RBAC: access denied');
  });

  test('a token that fails verification: 401 from the JWT step', async ({ page }) => {
    await page.goto(ask({ from: WEB_FRONTEND, to: STOREFRONT_BFF, port: '8080', jwt: 'invalid' }));
    await expect(page.getByTestId('can-i-outcome')).toHaveText('Unauthenticated (401)');
    await expect(page.getByTestId('can-i-policies')).toContainText('storefront/storefront-bff-jwt');
    await expect(page.getByLabel('A token that fails verification')).toBeChecked();
    const diagram = page.getByTestId('handshake-diagram');
    await expect(diagram).toHaveAttribute('data-state', 'drawn');
    await expect(diagram.locator('svg')).toContainText('JWT rejected');
    await expect(diagram.locator('svg')).toContainText('HTTP 401 Jwt verification fails');
  });

  test('a pod that is not in the source is named beside the form', async ({ page }) => {
    await page.goto(ask({ to: 'catalog/no-such-pod', port: '8080' }));
    await expect(page.getByTestId('can-i-problem')).toContainText('target pod catalog/no-such-pod is not in the source');
    await expect(page.getByLabel('To (NAMESPACE/POD)')).toHaveValue('catalog/no-such-pod');
  });
});

test.describe('Can I? as a plain GET form', () => {
  test('the form submits by GET to /can-i, and the server renders the answer into the page HTML', async ({ page, request }) => {
    await page.goto('/can-i');
    const form = page.getByRole('form', { name: 'Can I? question' });
    await expect(form).toHaveAttribute('action', '/can-i');
    expect(await form.getAttribute('method')).toBeNull(); // a form's default method is GET
    const html = await (await request.get(ask({ to: STRICT_SERVER, port: '8080' }))).text();
    expect(html).toContain('Connection fails');
    expect(html).toContain('connection reset: STRICT requires mTLS');
  });
});
