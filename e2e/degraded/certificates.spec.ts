// The certificates view against the live-cluster source with faults (AuthorizationPolicy forbidden, namespace
// empty-ns without workloads): the collection banner names the kind, and an empty namespace is said to be empty.
import { DEGRADED_BASE_URL, expect, expectAccessible, test } from '../support/fixtures';

test.describe('certificates on a degraded source', () => {
  test('names the forbidden kind in the collection banner', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/certificates`);
    await expect(page.getByRole('heading', { name: 'Certificates', level: 1 })).toBeVisible();
    await expect(page.getByTestId('collection-banner')).toContainText('AuthorizationPolicy');
    await expectAccessible(page);
  });

  test('an empty namespace has no certificate to show', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/certificates?namespace=empty-ns`);
    await expect(page.getByTestId('view-empty').filter({ hasText: 'No certificate matches these filters.' })).toBeVisible();
  });
});
