// Against the degraded server (live cluster source + API simulator): AuthorizationPolicy is forbidden cluster-wide,
// so authorization verdicts are unknown, never allowed, and the collection banner names the kind.
import { DEGRADED_BASE_URL, expect, test } from '../support/fixtures';

test.describe('topology with AuthorizationPolicy forbidden', () => {
  test('names AuthorizationPolicy in the collection banner and shows authorization as unknown, never allowed', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/topology?transport=mtls`);
    await expect(page.getByTestId('collection-banner')).toContainText('AuthorizationPolicy');
    const rows = page.getByRole('table', { name: 'Edges drawn in the topology' }).locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    // The Authorization column (after the From row header: To, Service ports, Transport, Authorization).
    const verdicts = await rows.locator('td:nth-of-type(4)').allTextContents();
    expect(verdicts.length).toBeGreaterThan(0);
    expect(new Set(verdicts)).toEqual(new Set(['unknown']));
  });

  test('an empty namespace has no connection to draw', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/topology?namespace=empty-ns`);
    await expect(page.getByTestId('view-empty')).toContainText('No connection matches these filters');
  });
});
