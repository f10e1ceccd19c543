// Can I? against the degraded server (live source, API simulator): AuthorizationPolicy is forbidden cluster-wide,
// so a request that reaches a sidecar cannot be called allowed or denied: it is unknown, and the banner says why.
import { DEGRADED_BASE_URL, expect, test } from '../support/fixtures';

const ask = (q: Record<string, string>) => `${DEGRADED_BASE_URL}/can-i?${new URLSearchParams(q).toString()}`;

test.describe('Can I? with AuthorizationPolicy forbidden', () => {
  test('an mTLS request to a sidecar is unknown, the banner names AuthorizationPolicy, the diagram ends unknown', async ({ page }) => {
    await page.goto(ask({ from: 'checkout/checkout-qlfwp88xw-9vx7j', to: 'payments/payments-api-q4psdr8kqd-88dx5', port: '8080', method: 'POST', path: '/v1/charges' }));
    await expect(page.getByTestId('collection-banner')).toContainText('AuthorizationPolicy');
    await expect(page.getByTestId('can-i-outcome')).toHaveText('Unknown');
    await expect(page.getByTestId('handshake-outcome')).toContainText('UNKNOWN at the authorization step');
    await expect(page.getByTestId('handshake-diagram')).toHaveAttribute('data-state', 'drawn');
  });

  test('a pod in the empty namespace does not exist: the question is refused, naming it', async ({ page }) => {
    await page.goto(ask({ to: 'empty-ns/anything', port: '80' }));
    await expect(page.getByTestId('can-i-problem')).toContainText('target pod empty-ns/anything is not in the source');
  });
});
