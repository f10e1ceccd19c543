// The findings view against the live-cluster source with faults (AuthorizationPolicy forbidden, namespace empty-ns
// without workloads): the collection banner names the kind, and the empty namespace has no finding.
import { DEGRADED_BASE_URL, expect, expectAccessible, test } from '../support/fixtures';

test.describe('findings on a degraded source', () => {
  test('names the forbidden kind in the collection banner', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/findings`);
    await expect(page.getByRole('heading', { name: 'Findings', level: 1 })).toBeVisible();
    await expect(page.getByTestId('collection-banner')).toContainText('AuthorizationPolicy');
    await expectAccessible(page);
  });

  test('an empty namespace has no finding', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/findings?namespace=empty-ns`);
    await expect(page.getByTestId('view-empty')).toContainText('No finding matches these filters.');
  });
});
