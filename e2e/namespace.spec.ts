import { expect, test } from '@playwright/test';

test.describe('namespace view on the demo mesh', () => {
  test('from the overview to a namespace: phase, checklist, workloads, findings and Export for that namespace', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto('/');
    await page.getByRole('link', { name: 'payments', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Namespace payments' })).toBeVisible();
    await expect(page.getByTestId('namespace-phase')).toHaveText('4');
    await expect(page.getByRole('table', { name: 'Migration checklist' }).getByText('Blocking')).toHaveCount(0);
    expect(await page.getByRole('table', { name: 'Workloads' }).locator('tbody tr').count()).toBeGreaterThan(3);
    const pdf = page.getByRole('link', { name: 'Export the coverage report as PDF for namespace payments' });
    await expect(pdf).toHaveAttribute('href', '/api/v1/report?format=pdf&namespace=payments');
    const res = await page.request.get('/api/v1/report?format=json&namespace=payments');
    expect(res.status()).toBe(200);
    const report = (await res.json()) as { workloads: { namespace: string }[] };
    expect(new Set(report.workloads.map((w) => w.namespace))).toEqual(new Set(['payments']));
    expect(errors).toEqual([]);
  });

  test('a namespace that is not in the mesh shows what blocks it', async ({ page }) => {
    await page.goto('/namespaces/legacy-batch');
    await expect(page.getByTestId('namespace-phase')).toHaveText('0');
    await expect(page.getByTestId('check-dataplane-everywhere')).toContainText('Blocking');
  });

  test('an unknown namespace is a 404, not an empty page', async ({ page }) => {
    const res = await page.goto('/namespaces/no-such-namespace');
    expect(res?.status()).toBe(404);
  });
});
