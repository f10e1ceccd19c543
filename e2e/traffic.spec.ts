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

test.describe('observed traffic beside the posture in the other views', () => {
  test('the overview counts plaintext observed and namespaces ready or blocked on evidence', async ({ page }) => {
    await page.goto('/');
    const card = page.getByTestId('traffic-summary');
    await expect(card).toContainText('plaintext');
    await expect(card).toContainText(/\d+ ready for STRICT · \d+ blocked by plaintext/);
    await expect(card).toContainText('where policy and traffic disagree');
  });

  test('the migration board shows each card’s evidence and the strict-evidence blocker', async ({ page }) => {
    await page.goto('/migration');
    const storefront = page.locator('[data-testid="migration-card"][data-namespace="storefront"]');
    await expect(storefront.getByTestId('traffic-evidence')).toHaveAttribute('data-readiness', 'ready');
    await expect(storefront.getByTestId('traffic-evidence')).toContainText('plaintext-free since');
    const notifications = page.locator('[data-testid="migration-card"][data-namespace="notifications"]');
    await expect(notifications.getByTestId('traffic-evidence')).toHaveAttribute('data-readiness', 'blocked');
    await expect(notifications.getByTestId('blocker-strict-evidence')).toContainText('Observed traffic');
    await expectAccessible(page);
  });

  test('the namespace page lists the workloads plaintext reached and who sent it', async ({ page }) => {
    await page.goto('/namespaces/notifications');
    await expect(page.getByRole('heading', { name: 'Observed traffic', level: 2 })).toBeVisible();
    await expect(page.getByTestId('traffic-evidence')).toContainText('Not ready on evidence');
    const row = page.getByTestId('namespace-plaintext-workloads').getByRole('row').filter({ hasText: 'notification-api' });
    await expect(row).toContainText('Blocked');
    await expect(row).toContainText('unknown');
    await expectAccessible(page);
  });

  test('the pod page lists observed clients, likely senders and the suggested policy', async ({ page }) => {
    await page.goto('/namespaces/notifications/pods/notification-api-8l6nsf5jh-vl8f4');
    await expect(page.getByRole('heading', { name: 'Observed traffic into notification-api' })).toBeVisible();
    await expect(page.getByTestId('pod-observed-readiness')).toContainText('blocked by plaintext');
    await expect(page.getByTestId('pod-observed-clients').getByRole('row').filter({ hasText: 'checkout/checkout' })).toBeVisible();
    await expect(page.getByTestId('pod-likely-senders')).toContainText('legacy-batch/batch-scheduler');
    const suggestion = page.getByTestId('pod-suggestion');
    await suggestion.locator('summary').click();
    await expect(suggestion).toContainText('cluster.local/ns/checkout/sa/checkout');
    await expect(suggestion).toContainText('Would deny unknown');
    await expectAccessible(page);
  });

  test('the topology overlays observed traffic on the policy edges', async ({ page }) => {
    // Filtered to checkout's edges: the edge table renders only the rows in view (virtualised).
    await page.goto('/topology?namespace=checkout');
    await expect(page.getByTestId('topology-traffic-note')).toContainText('Policy view with observed traffic');
    const edge = page.getByTestId('topology-edges').getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'storefront', exact: true }) }).filter({ hasText: 'checkout' }).first();
    await expect(edge).toContainText(/[1-9][\d,]* \/ 0/);
  });
});
