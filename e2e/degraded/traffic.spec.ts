// Observed traffic on the live-cluster source with no Prometheus configured: the page says so, and no namespace is
// ready for STRICT without evidence.
import { DEGRADED_BASE_URL, expect, expectAccessible, test } from '../support/fixtures';

test('without a Prometheus, /traffic says so and nothing is ready', async ({ page }) => {
  await page.goto(`${DEGRADED_BASE_URL}/traffic`);
  await expect(page.getByTestId('traffic-status')).toContainText('Observed traffic is not-configured: no Prometheus is configured');
  await expect(page.getByTestId('traffic-status')).toContainText('0 namespaces ready');
  await expect(page.getByTestId('traffic-namespaces').getByRole('row').filter({ hasText: 'storefront' })).toContainText('Unknown');
  await expectAccessible(page);
});
