// When the API server goes away, the dashboard keeps the last complete posture and every view says it is stale, with
// its age; when the API server comes back, the banner goes.
import { DEGRADED_BASE_URL, SIM_URL, expect, test } from '../support/fixtures';

const VIEWS = [
  '/namespaces/payments',
  '/namespaces/payments/pods/ledger-c4v5b7kwvd-629wz',
  '/migration',
  '/certificates',
  '/findings',
  '/topology',
  '/can-i',
];

test('an unreachable API server turns the data stale in every view, and recovery clears it', async ({ page, request }) => {
  test.setTimeout(180_000);
  await page.goto(`${DEGRADED_BASE_URL}/`);
  await expect(page.getByTestId('mesh-phase')).toHaveText(/^[0-4]$/);
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  const rows = await page.getByRole('table', { name: 'mTLS coverage per namespace' }).locator('tbody tr').count();

  // The simulator's control API goes down with it, so the outage is timed: long enough to visit every view.
  expect((await request.post(`${SIM_URL}/__sim/down?forMs=40000`)).ok()).toBe(true);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('stale-banner')).toContainText('unreachable', { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  // The last complete posture is still served, not an empty mesh.
  await expect(page.getByRole('table', { name: 'mTLS coverage per namespace' }).locator('tbody tr')).toHaveCount(rows);
  for (const view of VIEWS) {
    await page.goto(`${DEGRADED_BASE_URL}${view}`);
    await expect(page.getByTestId('stale-banner'), view).toContainText('Stale data');
  }

  await page.goto(`${DEGRADED_BASE_URL}/`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('stale-banner')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 120_000 }); // reconnects back off (up to 60 s between tries)
});
