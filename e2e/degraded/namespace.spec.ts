// Against the degraded server: AuthorizationPolicy forbidden cluster-wide, plus an empty namespace `empty-ns`.
import { DEGRADED_BASE_URL, expect, test } from '../support/fixtures';

test.describe('namespace view, degraded source', () => {
  test('an empty namespace shows the empty state, not an error', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/namespaces/empty-ns`);
    await expect(page.getByRole('heading', { name: 'Namespace empty-ns', level: 1 })).toBeVisible();
    await expect(page.getByTestId('view-empty').first()).toContainText('This namespace has no workloads');
  });

  test('authorization verdicts are unknown and the unreadable kind is named', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/namespaces/payments`);
    await expect(page.getByTestId('collection-banner')).toContainText('AuthorizationPolicy');
    await expect(page.getByTestId('policies-unreadable')).toContainText('AuthorizationPolicy');
    await expect(page.getByRole('table', { name: 'Workloads' }).locator('tbody tr').first()).toContainText('unknown');
    await expect(page.getByTestId('check-authz-coverage')).toContainText('Unknown');
  });
});
