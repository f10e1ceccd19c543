// The findings view on the demo mesh (demo/expectations.ts lists the objects each finding code names).
import { expect, expectAccessible, test } from './support/fixtures';

test.describe('findings on the demo mesh', () => {
  test('lists findings worst first with counts, linked objects, why and how to confirm', async ({ page }) => {
    await page.goto('/findings');
    await expect(page.getByRole('heading', { name: 'Findings', level: 1 })).toBeVisible();
    await expect(page.getByTestId('count-error')).toHaveText('18');
    await expect(page.getByRole('heading', { name: '57 findings', level: 2 })).toBeVisible();
    const first = page.getByTestId('finding').first();
    await expect(first).toContainText('Error');
    await expect(first.getByRole('heading', { level: 3 })).toHaveText(/MP101: portLevelMtls names a Service port/);
    // A PeerAuthentication has no page of its own: its id is shown as text; pods link to their page.
    await expect(first.locator('code', { hasText: 'PeerAuthentication/catalog/catalog-images-legacy-port' })).toBeVisible();
    await expect(first.getByRole('link', { name: /^Pod\/catalog\/catalog-images-/ }).first()).toHaveAttribute('href', /^\/namespaces\/catalog\/pods\/catalog-images-/);
    await expectAccessible(page);
  });

  test('a certificate finding names its pod, why it matters and the commands that confirm it', async ({ page }) => {
    await page.goto('/findings?code=MP501');
    const cards = page.getByTestId('finding');
    await expect(cards).toHaveCount(1);
    const card = cards.first();
    await expect(card.getByRole('link', { name: 'Pod/payments/ledger-c4v5b7kwvd-629wz' })).toHaveAttribute('href', '/namespaces/payments/pods/ledger-c4v5b7kwvd-629wz');
    await expect(card).toContainText('Peers reject an expired certificate');
    await expect(card.locator('code', { hasText: "istioctl proxy-config secret 'ledger-c4v5b7kwvd-629wz' -n 'payments'" }).first()).toBeVisible();
    await expect(page.getByLabel('Check')).toHaveValue('MP501');
  });

  test('filters by severity, check and namespace through the URL', async ({ page }) => {
    await page.goto('/findings');
    await page.getByLabel('Severity').selectOption('info');
    await expect(page).toHaveURL(/severity=info/);
    await expect(page.getByRole('heading', { name: '7 findings matching the filters' })).toBeVisible();
    await page.getByLabel('Check').selectOption('MP106');
    await expect(page).toHaveURL(/code=MP106/);
    await expect(page.getByTestId('finding')).toHaveCount(2);
    await page.getByLabel('Namespace').selectOption('storefront');
    await expect(page).toHaveURL(/namespace=storefront/);
    await expect(page.getByTestId('finding')).toHaveCount(1);
    await expect(page.getByTestId('finding').getByRole('link', { name: 'Namespace/storefront' })).toHaveAttribute('href', '/namespaces/storefront');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByRole('heading', { name: '57 findings', level: 2 })).toBeVisible();
  });

  test('the catalogue lists every check and filters to one', async ({ page }) => {
    await page.goto('/findings');
    await page.getByText(/^All \d+ checks and how often each fired$/).click();
    const catalogue = page.getByRole('table', { name: 'Finding catalogue' });
    await expect(catalogue.getByRole('row', { name: /MP504/ })).toContainText('certificate identity in a trust domain the mesh does not use');
    await catalogue.getByRole('link', { name: 'MP504' }).click();
    await expect(page).toHaveURL(/code=MP504/);
    await expect(page.getByTestId('finding').first()).toContainText('partner-sync-l8n8gx9gg8-lpqv9');
  });

  test('says so when no finding matches the filters', async ({ page }) => {
    await page.goto('/findings?namespace=no-such-namespace');
    await expect(page.getByTestId('view-empty')).toContainText('No finding matches these filters.');
  });
});
