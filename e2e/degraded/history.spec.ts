// History when the database cannot be reached (a PostgreSQL URL nothing listens on): the posture views still work,
// and the History view says why nothing is recorded.
import { DEGRADED_BASE_URL, expect, expectAccessible, test } from '../support/fixtures';

test.describe('history with an unreachable database (live cluster source)', () => {
  test('says history is not being recorded and why, without the posture being affected', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/history`);
    const status = page.getByTestId('history-status');
    await expect(status).toContainText('cannot connect to the history database postgres://mesh-posture@127.0.0.1:1/history');
    await expect(status).toContainText('The posture is still served');
    await page.goto(`${DEGRADED_BASE_URL}/`);
    await expect(page.getByRole('table', { name: 'mTLS coverage per namespace' })).toBeVisible();
    await page.goto(`${DEGRADED_BASE_URL}/history`);
    await expectAccessible(page);
  });
});
