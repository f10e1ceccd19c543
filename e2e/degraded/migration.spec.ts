// Against the degraded server: AuthorizationPolicy forbidden cluster-wide, plus an empty namespace `empty-ns`.
import { DEGRADED_BASE_URL, expect, test } from '../support/fixtures';

test.describe('migration board, degraded source', () => {
  test('names the unreadable kind, shows authorization items as unknown, and lists the empty namespace in phase 0', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/migration`);
    await expect(page.getByTestId('collection-banner')).toContainText('AuthorizationPolicy');
    // Without AuthorizationPolicy no namespace can be shown to have authorization coverage: that item is unknown, never passed.
    await expect(page.getByTestId('blocker-authz-coverage').first()).toContainText('Unknown (blocking)');
    await expect(page.getByTestId('phase-column-0').locator('[data-namespace="empty-ns"]')).toContainText('0 workloads');
  });
});
