// When the API server goes away, the dashboard keeps the last complete posture and says it is stale, with its age;
// when it comes back, the banner goes.
import { DEGRADED_BASE_URL, SIM_URL, expect, test } from '../support/fixtures';

test('an unreachable API server turns the data stale, and recovery clears it', async ({ page, request }) => {
  await page.goto(`${DEGRADED_BASE_URL}/`);
  await expect(page.getByTestId('mesh-phase')).toHaveText(/^[0-4]$/);
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  const rows = await page.getByRole('table', { name: 'mTLS coverage per namespace' }).locator('tbody tr').count();

  expect((await request.post(`${SIM_URL}/__sim/down?forMs=8000`)).ok()).toBe(true);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('stale-banner')).toContainText('unreachable', { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  // The last complete posture is still served, not an empty mesh.
  await expect(page.getByRole('table', { name: 'mTLS coverage per namespace' }).locator('tbody tr')).toHaveCount(rows);

  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('stale-banner')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
});
