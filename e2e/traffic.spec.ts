// Observed traffic on the demo mesh, which replays its recorded traffic (demo/traffic.ts) when no Prometheus is
// configured: readiness per namespace on evidence, who blocks it (likely senders marked inferred), contradictions.
import { expect, expectAccessible, test } from './support/fixtures';

test.describe('observed traffic on the demo mesh', () => {
  test('shows STRICT readiness on evidence, the blocking senders and the contradictions', async ({ page }) => {
    await page.goto('/traffic');
    await expect(page.getByRole('heading', { name: 'Observed traffic', level: 1 })).toBeVisible();
    const namespaces = page.getByTestId('traffic-namespaces');
    await expect(namespaces.getByRole('row').filter({ hasText: 'storefront' })).toContainText('Ready');
    await expect(namespaces.getByRole('row').filter({ hasText: 'notifications' })).toContainText('Blocked');
    await expect(page.getByTestId('traffic-contradictions')).toContainText('MP601');
    await expectAccessible(page);
  });

  test('filters the workloads by namespace through the URL', async ({ page }) => {
    await page.goto('/traffic');
    await page.getByLabel('Namespace', { exact: true }).selectOption('notifications');
    await expect(page).toHaveURL(/namespace=notifications/);
    const row = page.getByTestId('traffic-workloads').getByRole('row').filter({ hasText: 'notifications/notification-api' });
    await expect(row).toContainText('Blocked');
    await expect(row).toContainText('legacy-batch/batch-scheduler');
  });
});
