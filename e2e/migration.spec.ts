import { expect, expectAccessible, test } from './support/fixtures';

test.describe('migration board on the demo mesh', () => {
  test('shows the mesh checklist and a column per phase with a card per namespace and what blocks it', async ({ page }) => {
    await page.goto('/migration');
    await expect(page.getByRole('heading', { name: 'Migration', level: 1 })).toBeVisible();
    await expect(page.getByTestId('mesh-phase')).toHaveText(/^[0-4]$/);
    await expect(page.getByRole('table', { name: 'Mesh checklist' }).getByRole('row')).toHaveCount(6);
    for (const phase of [0, 1, 2, 3, 4]) await expect(page.getByTestId(`phase-column-${phase}`)).toBeVisible();
    await expect(page.getByTestId('migration-card')).toHaveCount(19);
    // The demo places legacy-batch in phase 0 (not enrolled, pods without a sidecar) and payments in phase 4.
    const legacy = page.getByTestId('phase-column-0').locator('[data-namespace="legacy-batch"]');
    await expect(legacy.getByTestId('blocker-enrolled')).toContainText('Blocking');
    await expect(legacy.getByTestId('blocker-dataplane-everywhere')).toContainText('Pod/batch-scheduler-ztsb8mpzgc-4r4z5');
    await expect(page.getByTestId('phase-column-4').locator('[data-namespace="payments"]')).toContainText('Every phase passed.');
    await expectAccessible(page);
  });

  test('filters by name and by blocker through the URL, and drills into a namespace', async ({ page }) => {
    await page.goto('/migration?namespace=pay');
    await expect(page.getByTestId('migration-card')).toHaveCount(1);
    await expect(page.getByTestId('migration-matching')).toHaveText('1 of 19 namespaces');
    await page.getByLabel('Filter namespaces').fill('');
    await expect(page.getByTestId('migration-card')).toHaveCount(19);
    await page.getByLabel('Blocked by').selectOption('workloads-strict');
    await expect(page).toHaveURL(/blocker=workloads-strict/);
    const cards = page.getByTestId('migration-card');
    await expect(cards.first()).toBeVisible();
    const count = await cards.count();
    expect(count).toBeGreaterThan(0);
    await expect(page.getByTestId('blocker-workloads-strict')).toHaveCount(count);
    await cards.first().getByRole('heading').getByRole('link').click();
    await expect(page).toHaveURL(/\/namespaces\//);
    await expect(page.getByRole('heading', { name: /^Namespace / })).toBeVisible();
  });

  test('shows one phase on its own, paged, with links to the others', async ({ page }) => {
    await page.goto('/migration?phase=2');
    await expect(page.getByTestId('phase-column-2')).toBeVisible();
    await expect(page.getByTestId('phase-column-0')).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Phases' }).getByRole('link', { name: /^Phase 0/ }).click();
    await expect(page).toHaveURL(/phase=0/);
    await expect(page.getByTestId('phase-column-0')).toBeVisible();
    await page.getByRole('link', { name: 'Every phase' }).click();
    await expect(page.getByTestId('phase-column-4')).toBeVisible();
  });

  test('says so when no namespace matches', async ({ page }) => {
    await page.goto('/migration?namespace=no-such-namespace');
    await expect(page.getByTestId('view-empty')).toContainText('No namespace matches');
  });

  test('serves the board as JSON with its envelope', async ({ request }) => {
    const res = await request.get('/api/v1/migration?phase=4');
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { data: { columns: { phase: number; cards: { rows: { namespace: string }[] } }[] } };
    expect(body.data.columns.find((c) => c.phase === 4)?.cards.rows.map((r) => r.namespace).sort()).toEqual(['partner-api', 'payments']);
  });
});
