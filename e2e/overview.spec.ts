import { expect, test } from '@playwright/test';

test.describe('overview on the demo mesh', () => {
  test('shows the mesh phase and mTLS coverage per namespace, without console errors', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Mesh Posture' })).toBeVisible();
    await expect(page.getByTestId('mesh-phase')).toHaveText(/^[0-4]$/);
    const table = page.getByRole('table', { name: 'mTLS coverage per namespace' });
    await expect(table).toBeVisible();
    // The demo has more than a dozen namespaces, each a row with its phase.
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(12);
    await expect(page.getByText('Source demo')).toBeVisible();
    // The demo runs in anonymous mode, which every page must announce (ARCHITECTURE §5).
    await expect(page.getByRole('status').filter({ hasText: 'Anonymous mode' })).toBeVisible();
    expect(errors).toEqual([]);
  });
});
