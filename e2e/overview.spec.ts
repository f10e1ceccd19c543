import { expect, expectAccessible, test } from './support/fixtures';

test.describe('overview on the demo mesh', () => {
  test('shows the mesh phase, coverage shares and every namespace, announcing anonymous mode', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
    await expect(page.getByTestId('mesh-phase')).toHaveText(/^[0-4]$/);
    // The phase has its name, and a link to what blocks the next one (issue #16: "Mesh phase 0" had no words).
    await expect(page.getByRole('link', { name: /^What blocks phase [1-4] \(/ })).toHaveAttribute('href', '/migration');
    await expect(page.getByTestId('workload-strict')).toHaveText(/^\d+(\.\d)?%$/);
    const table = page.getByRole('table', { name: 'mTLS coverage per namespace' });
    await expect(table).toBeVisible();
    // The demo has 19 namespaces, each a row with its phase.
    await expect(table.locator('tbody tr')).toHaveCount(19);
    await expect(page.getByText('Source demo')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Anonymous mode' })).toBeVisible();
    await expect(page.getByRole('img', { name: /coverage/i }).or(page.locator('.recharts-surface')).first()).toBeVisible();
    await expectAccessible(page);
  });

  test('filters and sorts the namespace table through the URL', async ({ page }) => {
    await page.goto('/?q=pay');
    const table = page.getByRole('table', { name: 'mTLS coverage per namespace' });
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table.locator('tbody tr').first()).toContainText('payments');
    await page.getByLabel('Filter namespaces').fill('');
    await expect(table.locator('tbody tr')).toHaveCount(19);
    await page.getByRole('button', { name: /^Workloads/ }).click();
    await expect(page).toHaveURL(/sort=total/);
    await page.getByRole('button', { name: /^Workloads/ }).click();
    await expect(page).toHaveURL(/dir=desc/);
    // istio-system has the most workloads in the demo.
    await expect(table.locator('tbody tr').first()).toContainText('istio-system');
    await expect(page.getByRole('columnheader', { name: /Workloads/ })).toHaveAttribute('aria-sort', 'descending');
  });

  test('says so when no namespace matches the filter', async ({ page }) => {
    await page.goto('/?q=no-such-namespace');
    await expect(page.getByTestId('view-empty')).toContainText('No namespace matches');
  });

  test('is keyboard navigable: skip link, views menu and sort buttons take focus', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Overview' })).toBeFocused();
  });
});
