import { expect, expectAccessible, test } from './support/fixtures';

test.describe('namespace view on the demo mesh', () => {
  test('from the overview to a namespace: phase, checklist, workloads, policies, findings and Export for that namespace', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'payments', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Namespace payments', level: 1 })).toBeVisible();
    await expect(page.getByTestId('namespace-phase')).toHaveText('4');
    await expect(page.getByTestId('namespace-strict')).toHaveText('9 of 9 (100%)');
    await expect(page.getByRole('table', { name: 'Migration checklist' }).getByText('Blocking')).toHaveCount(0);
    const workloads = page.getByRole('table', { name: 'Workloads' });
    await expect(workloads.locator('tbody tr')).toHaveCount(9);
    await expect(workloads.getByRole('link', { name: 'ledger-c4v5b7kwvd-629wz' })).toHaveAttribute('href', '/namespaces/payments/pods/ledger-c4v5b7kwvd-629wz');
    const policies = page.getByRole('table', { name: 'Policies in this namespace' });
    await expect(policies.getByRole('row', { name: /ext-authz-refunds/ })).toContainText('CUSTOM');
    await expect(page.getByTestId('namespace-findings')).toContainText('MP501');
    const pdf = page.getByRole('link', { name: 'Export the coverage report as PDF for namespace payments' });
    await expect(pdf).toHaveAttribute('href', '/api/v1/report?format=pdf&namespace=payments');
    const res = await page.request.get('/api/v1/report?format=json&namespace=payments');
    expect(res.status()).toBe(200);
    const report = (await res.json()) as { workloads: { namespace: string }[] };
    expect(new Set(report.workloads.map((w) => w.namespace))).toEqual(new Set(['payments']));
    await expectAccessible(page);
  });

  test('a namespace that is not in the mesh shows what blocks it', async ({ page }) => {
    await page.goto('/namespaces/legacy-batch');
    await expect(page.getByTestId('namespace-phase')).toHaveText('0');
    await expect(page.getByTestId('namespace-next-phase')).toHaveText('2 items block phase 1 (Observe).');
    await expect(page.getByTestId('check-dataplane-everywhere')).toContainText('Blocking');
    await expect(page.getByTestId('check-enrolled')).toContainText('Namespace/legacy-batch');
    await expect(page.getByRole('table', { name: 'Workloads' }).getByRole('row', { name: /batch-scheduler/ })).toContainText('NONE');
    await expect(page.getByText('No policy is defined in this namespace.')).toBeVisible();
  });

  test('filters and sorts workloads through the URL', async ({ page }) => {
    await page.goto('/namespaces/payments?q=fraud');
    const rows = page.getByRole('table', { name: 'Workloads' }).locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await page.getByLabel('Filter workloads').fill('');
    await expect(rows).toHaveCount(9);
    await page.getByRole('button', { name: /^Certificate/ }).click();
    await expect(page).toHaveURL(/sort=certificate/);
    await expect(page.getByRole('columnheader', { name: /Certificate/ })).toHaveAttribute('aria-sort', 'ascending');
    await page.goto('/namespaces/payments?q=no-such-pod');
    await expect(page.getByTestId('view-empty')).toContainText('No workload matches');
  });

  test('an unknown namespace is not found, on the page and in the API', async ({ page }) => {
    const res = await page.goto('/namespaces/no-such-namespace');
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId('namespace-not-found')).toBeVisible();
    const api = await page.request.get('/api/v1/namespaces/no-such-namespace');
    expect(api.status()).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });
});
