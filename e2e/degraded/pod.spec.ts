import { DEGRADED_BASE_URL, expect, expectAccessible, test } from '../support/fixtures';

// The degraded server: the demo mesh read from a live (simulated) cluster with AuthorizationPolicy forbidden
// cluster-wide, plus an empty namespace `empty-ns`.
const PARTNER_GATEWAY = `${DEGRADED_BASE_URL}/namespaces/partner-api/pods/partner-gateway-l8bqtgfhv4-xxxc2`;

test.describe('pod drill-down with AuthorizationPolicy forbidden', () => {
  test('names the unreadable kind and shows authorization as unknown, never as "no policy"', async ({ page }) => {
    await page.goto(PARTNER_GATEWAY);
    await expect(page.getByTestId('collection-banner')).toContainText('AuthorizationPolicy');
    await expect(page.getByTestId('authz-coverage')).toContainText('Unknown');
    await expect(page.getByTestId('authz-coverage')).toContainText('AuthorizationPolicy could not be read');
    await expect(page.getByTestId('authz-none')).toHaveText('The applicable AuthorizationPolicies are unknown.');
    await expectAccessible(page);
  });

  test('answers not found for a pod in the empty namespace', async ({ page, request }) => {
    expect((await page.goto(`${DEGRADED_BASE_URL}/namespaces/empty-ns/pods/anything`))?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Pod not found', level: 1 })).toBeVisible();
    expect((await request.get(`${DEGRADED_BASE_URL}/api/v1/namespaces/empty-ns/pods/anything`)).status()).toBe(404);
  });
});
